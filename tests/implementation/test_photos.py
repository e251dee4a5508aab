"""A photo's metadata (GPS position, camera, comments) never reaches storage; the image does."""

from lap.photos import without_metadata
from tests.implementation.conftest import GPS_MARK, jpeg_with_gps, png_with_text


def test_a_jpeg_loses_its_exif_and_comment_and_keeps_its_image():
    original = jpeg_with_gps()
    cleaned = without_metadata(original)
    assert GPS_MARK not in cleaned
    assert b"Maria" not in cleaned
    assert cleaned.startswith(b"\xff\xd8\xff\xe0")  # still a JFIF JPEG
    assert cleaned.endswith(original[original.index(b"\xff\xda") :])  # the scan, untouched
    assert bytes(range(64)) in cleaned  # the quantization table is kept


def test_a_png_loses_its_text_and_keeps_its_image():
    cleaned = without_metadata(png_with_text())
    assert GPS_MARK not in cleaned
    assert b"IHDR" in cleaned
    assert b"IDAT" in cleaned
    assert cleaned.endswith(b"IEND\xaeB`\x82")


def test_a_document_or_a_broken_image_is_kept_as_it_came():
    pdf = b"%PDF-1.4 GPSLatitude"
    assert without_metadata(pdf) == pdf
    broken = b"\xff\xd8\xff\xe1\x00"
    assert without_metadata(broken) == broken
