"""Photo metadata removed on upload: a phone's JPEG or PNG carries the GPS position where it was
taken, the camera and often the owner's name; in a progress update that can point at a
community's plots or a person's home. The image itself is kept byte for byte.

JPEG: every APPn segment but JFIF (APP0), the colour profile (APP2 "ICC_PROFILE") and Adobe's
colour transform (APP14), and comments, are dropped. PNG: the text, time and EXIF chunks are
dropped. Anything else is returned unchanged (documents are not photos).
"""

import struct
import zlib

_JPEG_START = b"\xff\xd8"
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_JPEG_KEEP_APP = {0xE0: b"JFIF", 0xE2: b"ICC_PROFILE", 0xEE: b"Adobe"}
_JPEG_STANDALONE = {0x01, *range(0xD0, 0xD8)}  # TEM and RST0-7 carry no length
_PNG_DROP = {b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"}


def _jpeg_without_metadata(data: bytes) -> bytes:
    kept, position = [_JPEG_START], 2
    while position < len(data):
        if data[position] != 0xFF:
            return data  # not a well-formed JPEG: keep it as it came
        marker = data[position + 1] if position + 1 < len(data) else None
        if marker is None:
            return data
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker in _JPEG_STANDALONE:
            kept.append(data[position : position + 2])
            position += 2
            continue
        if marker == 0xDA or marker == 0xD9:  # start of scan / end: the image data follows
            kept.append(data[position:])
            return b"".join(kept)
        if position + 4 > len(data):
            return data
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        segment = data[position : position + 2 + length]
        payload = segment[4:]
        is_app = 0xE0 <= marker <= 0xEF
        keep_app = is_app and payload.startswith(_JPEG_KEEP_APP.get(marker, b"\x00\xff"))
        if (not is_app and marker != 0xFE) or keep_app:
            kept.append(segment)
        position += 2 + length
    return b"".join(kept)


def _png_without_metadata(data: bytes) -> bytes:
    kept, position = [_PNG_SIGNATURE], len(_PNG_SIGNATURE)
    while position + 8 <= len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        end = position + 12 + length
        if end > len(data):
            return data
        chunk = data[position:end]
        (crc,) = struct.unpack(">I", chunk[-4:])
        if zlib.crc32(chunk[4:-4]) != crc:
            return data
        if kind not in _PNG_DROP:
            kept.append(chunk)
        position = end
    return b"".join(kept)


def without_metadata(data: bytes) -> bytes:
    """The photo without its metadata; anything that is not a JPEG or PNG, unchanged."""
    if data.startswith(_JPEG_START):
        return _jpeg_without_metadata(data)
    if data.startswith(_PNG_SIGNATURE):
        return _png_without_metadata(data)
    return data
