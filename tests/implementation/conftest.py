"""Fixtures for implementation: an approved action the smallholder organization is responsible
for, and small valid photos (a JPEG carrying a GPS position in its EXIF, a PNG with text)."""

import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import ActionFactory, ObjectiveFactory


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def approved(world):
    action = ActionFactory(
        state="approved",
        title="Shade trees on coffee plots",
        objective=ObjectiveFactory(code="O1"),
        proposing_organization=world.smallholder,
        proposer=world.member,
    )
    action.responsible_organizations.set([world.smallholder])
    return action


GPS_MARK = b"GPSLatitude-6.4213S-76.5203W"


def jpeg_with_gps() -> bytes:
    """SOI, a JFIF APP0, an EXIF APP1 with a position, a comment, a quantization table, then
    the scan (its bytes stand for the image)."""

    def segment(marker: int, payload: bytes) -> bytes:
        return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload

    return (
        b"\xff\xd8"
        + segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
        + segment(0xE1, b"Exif\x00\x00" + GPS_MARK)
        + segment(0xFE, b"taken by Maria's phone")
        + segment(0xDB, b"\x00" + bytes(range(64)))
        + segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
        + b"IMAGE-DATA\xff\x00MORE"
        + b"\xff\xd9"
    )


def png_with_text() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
        + chunk(b"tEXt", b"Location\x00" + GPS_MARK)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def photo():
    return SimpleUploadedFile("plot.jpg", jpeg_with_gps(), content_type="image/jpeg")


@pytest.fixture(autouse=True)
def _tasks_run_here():
    """Reminder e-mails run in the test process even when a Redis broker is configured."""
    from lap.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before
