import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads the access rows make (evidence, photos) go to the case's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
