"""Uploaded documents (consent minutes, delivery evidence): what we accept and how we serve them.

Only PDF, JPEG, PNG, ODT and DOCX are accepted, checked by the extension AND by the content (an
HTML page renamed "acta.pdf" is refused), up to `MAX_DOCUMENT_BYTES`. Documents are always served
as attachments with a content type from the allow-list and `nosniff`, so a browser never renders
an upload as a page of our site (no stored XSS).
"""

import os

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024

_ZIP = b"PK\x03\x04"
# extension -> (content type, magic bytes the file must start with)
ALLOWED_DOCUMENTS = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".odt": ("application/vnd.oasis.opendocument.text", (_ZIP,)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (_ZIP,),
    ),
}

WRONG_TYPE = _("Upload a PDF, JPEG, PNG, ODT or DOCX document.")
TOO_BIG = _("The document is too large: at most 10 MB.")


def _extension(name: str) -> str:
    return os.path.splitext(name or "")[1].lower()


def _head(file, size: int = 16) -> bytes:
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        return file.read(size) or b""
    finally:
        file.seek(position)


def validate_document(file) -> None:
    """Refuse anything but an allowed document of at most 10 MB (ValidationError, translated).

    Empty values pass: whether a document is required is the caller's business."""
    if not file:
        return
    spec = ALLOWED_DOCUMENTS.get(_extension(getattr(file, "name", "")))
    if spec is None:
        raise ValidationError(WRONG_TYPE, code="document_type")
    size = getattr(file, "size", None)
    if size is not None and size > MAX_DOCUMENT_BYTES:
        raise ValidationError(TOO_BIG, code="document_size")
    head = _head(file)
    if not any(head.startswith(magic) for magic in spec[1]):
        raise ValidationError(WRONG_TYPE, code="document_type")
    if _extension(file.name) == ".odt" and b"opendocument.text" not in _head(file, 100):
        # An ODT starts with its uncompressed "mimetype" entry.
        raise ValidationError(WRONG_TYPE, code="document_type")


def document_content_type(name: str) -> str:
    """The allow-listed content type for a stored name; anything else is plain bytes."""
    spec = ALLOWED_DOCUMENTS.get(_extension(name))
    return spec[0] if spec else "application/octet-stream"


def document_response(file_field) -> FileResponse:
    """Serve a stored document as a download that no browser renders as a page of the site."""
    response = FileResponse(
        file_field.open("rb"),
        as_attachment=True,
        filename=os.path.basename(file_field.name),
        content_type=document_content_type(file_field.name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
