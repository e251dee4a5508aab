"""The territory overview and the district map are cached by language and territory data
version: a second visit costs almost nothing, and any change to territory data shows at once."""

import re

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from territory import versions
from territory.importers import boundaries_import
from territory.models import District
from tests.territory.fixtures import national_layer_text

pytestmark = pytest.mark.django_db
HIGHLIGHT = (
    '<a href="/territory/districts/{0}/" data-key="{0}">'
    '<path class="map-district map-district--highlight"'
)


def _without_csrf_token(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def _get(client, url, language="en"):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_second_visit_is_served_from_the_cache_with_the_same_page(
    client, boundaries, django_assert_max_num_queries
):
    first = _get(client, reverse("territory-overview"))
    with django_assert_max_num_queries(3):  # the province and the data version
        second = _get(client, reverse("territory-overview"))
    assert _without_csrf_token(second) == _without_csrf_token(first)
    assert '<svg class="chart chart--map"' in second


def test_an_edit_of_territory_data_shows_at_once(client, boundaries):
    assert ">Pinto Recodo</a>" in _get(client, reverse("territory-overview"))
    district = District.objects.get(name="Pinto Recodo")
    district.name = "Pinto Recodo (renamed)"
    district.save()
    html = _get(client, reverse("territory-overview"))
    assert ">Pinto Recodo (renamed)</a>" in html
    assert ">Pinto Recodo (renamed)</text>" in html  # the map is redrawn too


def test_an_import_shows_at_once(client, reference_data):
    assert "chart--map" not in _get(client, reverse("territory-overview"))
    boundaries_import(text=national_layer_text())
    assert "chart--map" in _get(client, reverse("territory-overview"))


def test_each_language_has_its_own_cached_page(client, reference_data):
    english = _get(client, reverse("territory-overview"), language="en")
    spanish = _get(client, reverse("territory-overview"), language="es")
    assert "Key figures" in english
    assert "Cifras clave" in spanish
    assert "Key figures" not in spanish


def test_each_district_page_has_its_own_highlighted_map(client, boundaries):
    lamas = _get(client, reverse("territory-district", args=["220501"]))
    pinto = _get(client, reverse("territory-district", args=["220507"]))
    for html, ubigeo in ((lamas, "220501"), (pinto, "220507")):
        assert html.count("map-district--highlight") == 1
        assert HIGHLIGHT.format(ubigeo) in html


def test_a_change_rolled_back_keeps_the_token_and_a_committed_one_replaces_it(reference_data):
    before = versions.current_token()
    try:
        with transaction.atomic():
            District.objects.filter(ubigeo="220501").get().save()
            assert versions.current_token() != before
            raise RuntimeError
    except RuntimeError:
        pass
    assert versions.current_token() == before
    District.objects.get(ubigeo="220501").save()
    assert versions.current_token() != before
