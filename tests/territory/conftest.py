import pytest
from django.conf import settings
from django.utils import translation

from tests.territory.fixtures import boundaries, province_series, reference_data  # noqa: F401


@pytest.fixture(autouse=True)
def _english(client):
    """These tests read the English texts (figures as 89,900); tests/territory/test_spanish.py
    checks what Spanish readers see."""
    translation.activate("en")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    yield
    translation.activate(settings.LANGUAGE_CODE)
