"""Compressed responses: HTML, JSON, CSV and SVG leave gzip-compressed when the client accepts
it, which on a slow rural connection is most of a page's time (a funding-gap page of 50 actions
is about a tenth of its size compressed).

Django's GZipMiddleware, which since 4.2 pads each compressed body with random bytes against
BREACH, except for what is compressed already: an XLSX is a zip, a PDF carries compressed
streams, images are compressed; gzip would cost the server time and make them no smaller.
Static files never reach it: WhiteNoise, above it, serves its own precompressed copies.
"""

from django.middleware.gzip import GZipMiddleware

# Media types whose bodies are compressed already (an `image/svg+xml` is text: compressed).
ALREADY_COMPRESSED = (
    "application/vnd.openxmlformats-officedocument.",
    "application/zip",
    "application/gzip",
    "application/pdf",
    "application/octet-stream",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "font/woff",
    "font/woff2",
    "audio/",
    "video/",
)


def is_already_compressed(content_type: str) -> bool:
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type.startswith(ALREADY_COMPRESSED)


class CompressionMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if is_already_compressed(response.get("Content-Type", "")):
            return response
        return super().process_response(request, response)
