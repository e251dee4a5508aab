import re

import pytest
from django.conf import settings
from django.urls import reverse

from territory.importers import gfw_import
from tests.factories import CommunityFactory, DistrictFactory
from tests.territory.fixtures import synthetic_csv

pytestmark = pytest.mark.django_db


def _get(client, url, language="en"):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language  # as the language switch does
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _card(html: str, key: str) -> str:
    match = re.search(rf'<div class="card" data-figure="{key}">(.*?)</div>', html, re.S)
    assert match, f"no figure {key}"
    return match.group(1)


def test_overview_shows_the_key_figures_each_linked_to_its_source(client, reference_data):
    html = _get(client, reverse("territory-overview"))

    assert "11 districts" in html
    tree_cover = _card(html, "tree_cover_loss")
    assert '<data value="89900.00">89,900</data> ha' in tree_cover
    assert "899,000" not in html
    assert "#source-ra-business-case-lamas" in tree_cover
    assert "89,900" in tree_cover
    assert "stated" in tree_cover
    primary = _card(html, "humid_primary_forest_loss")
    assert "46,200</data> ha" in primary
    assert "#source-ra-business-case-lamas" in primary
    emissions = _card(html, "emissions")
    assert "58.6</data> Mt CO₂e" in emissions
    assert "#source-" in emissions
    for card in ("districts", "official_area", "carbon", "population_estimate"):
        assert "#source-" in _card(html, card)


def test_the_annual_mean_is_shown_marked_derived_and_no_annual_figure_is_invented(
    client, reference_data
):
    html = _get(client, reverse("territory-overview"))

    mean = _card(html, "humid_primary_forest_loss_annual_mean")
    assert "2,310</data> ha/yr" in mean
    assert "derived" in mean
    assert "46,200 ha ÷ 20 years" in mean
    assert '<svg class="chart chart--vertical"' not in html
    assert "No yearly series is imported yet" in html
    assert "manage.py" not in html


def test_overview_in_spanish_groups_thousands_the_spanish_way(client, reference_data):
    html = _get(client, reverse("territory-overview"), language="es")
    assert '<data value="89900.00">89\xa0900</data> ha' in html


def test_the_map_appears_once_boundaries_are_loaded_with_each_district_linked(
    client, reference_data
):
    assert "chart--map" not in _get(client, reverse("territory-overview"))

    from territory.importers import boundaries_import
    from tests.territory.fixtures import national_layer_text

    boundaries_import(text=national_layer_text())
    html = _get(client, reverse("territory-overview"))

    assert '<svg class="chart chart--map"' in html
    for n in range(1, 12):
        ubigeo = f"2205{n:02d}"
        assert (
            f'<a href="/territory/districts/{ubigeo}/" data-key="{ubigeo}">'
            '<path class="map-district" d="'
        ) in html
    assert ">San Roque de Cumbaza</text>" in html
    # Coordinates are plain numbers, not localized (a decimal comma would break the SVG).
    html_es = _get(client, reverse("territory-overview"), language="es")
    paths = re.findall(r'<path class="map-district" d="([^"]+)"', html_es)
    assert len(paths) == 11
    assert all(re.fullmatch(r"[MLZ0-9., -]+", path) for path in paths)


def test_the_yearly_chart_appears_with_a_table_once_a_series_is_imported(
    client, reference_data, province_series
):
    html = _get(client, reverse("territory-overview"))

    assert '<svg class="chart chart--vertical"' in html
    assert html.count('<rect class="chart-bar"') == 3
    table = re.search(r"<details>.*?</details>", html, re.S).group(0)
    assert '<td>2003</td><td class="number">3,500.00</td>' in table


def test_the_district_chart_sums_district_series_when_the_province_has_none(client, reference_data):
    gfw_import(text=synthetic_csv("gfw_long_synthetic.csv"))
    html = _get(client, reverse("territory-overview"))
    assert "Yearly tree cover loss, sum of the districts" in html
    district_html = _get(client, reverse("territory-district", args=["220504"]))
    assert district_html.count('<rect class="chart-bar"') == 2


def test_district_page_shows_labelled_areas_communities_crops_and_conservation(
    client, reference_data
):
    from territory.services import demo_communities_load

    demo_communities_load()
    html = _get(client, reverse("territory-district", args=["220508"]))

    assert "District of San Roque de Cumbaza" in html
    assert "Official area (INEI)" in html
    assert "52,515.00" in html
    assert "GIS layer area (AREA_MINAM)" in html
    assert "64,511.14" in html
    assert "No boundary loaded." in html
    assert "Chirikyacu" in html
    assert "Comunidad Nativa" in html
    assert html.count("badge-demo") == 4
    assert "Área de Conservación Regional Cordillera Escalera" in html
    barranquita = _get(client, reverse("territory-district", args=["220503"]))
    assert "Oil palm: 59%" in barranquita
    assert "2,950 ha" in barranquita
    assert "59% × 5000 ha" in barranquita


def test_unknown_district_is_404(client, reference_data):
    assert client.get(reverse("territory-district", args=["999999"])).status_code == 404


def test_consistency_panel_sets_stated_beside_derived(client, boundaries):
    html = _get(client, reverse("territory-consistency"))

    share = re.search(r'<tr data-row="primary_share_stated">(.*?)</tr>', html, re.S).group(1)
    assert "52</data> %" in share
    assert "51.4</data> %" in share
    assert "46,200 / 89,900" in share
    population = re.search(r'<tr data-row="population_stated">(.*?)</tr>', html, re.S).group(1)
    assert 'about <data value="70000">70,000</data>' in population
    assert "90,590" in population
    caynarachi = re.search(r'<tr data-ubigeo="220504">(.*?)</tr>', html, re.S).group(1)
    assert "167,869" in caynarachi
    assert "125,965" in caynarachi
    assert "-25.0%" in caynarachi
    assert "508,254" in html


def test_consistency_compares_the_stated_total_with_an_imported_series(client, reference_data):
    text = "umd_tree_cover_loss__year,umd_tree_cover_loss__ha\n" + "".join(
        f"{year},4000\n" for year in range(2002, 2022)
    )
    gfw_import(text=text, level="province")
    html = _get(client, reverse("territory-consistency"))
    row = re.search(r'<tr data-row="tree_cover_loss_stated">(.*?)</tr>', html, re.S).group(1)
    assert "89,900" in row
    assert "80,000" in row
    assert "sum of 20 imported annual figures" in row


def test_sources_page_lists_every_source_with_an_anchor(client, reference_data):
    html = _get(client, reverse("territory-sources"))
    for key in ("inei-ubigeo", "ra-business-case-lamas", "ds-045-2005-ag", "asner-2014-carbon"):
        assert f'id="source-{key}"' in html


def test_pages_say_when_reference_data_is_missing(client, db):
    html = _get(client, reverse("territory-overview"))
    assert "not loaded yet" in html
    consistency = _get(client, reverse("territory-consistency"))
    assert "not loaded yet" in consistency
    # Visitors are never told to run a command.
    assert "manage.py" not in html
    assert "manage.py" not in consistency


@pytest.mark.parametrize("extra", [0, 20])
def test_communities_page_queries_do_not_grow_with_rows(
    client, reference_data, django_assert_max_num_queries, extra, world
):
    district = DistrictFactory(ubigeo="220504")
    for _ in range(extra):
        CommunityFactory(district=district, organization=world.indigenous)
    with django_assert_max_num_queries(2):
        html = _get(client, reverse("territory-communities"))
    assert html.count("badge-demo") == extra


@pytest.mark.parametrize("with_boundaries", [False, True])
def test_overview_and_district_pages_have_a_fixed_number_of_queries(
    client, reference_data, django_assert_max_num_queries, with_boundaries
):
    if with_boundaries:
        from territory.importers import boundaries_import
        from tests.territory.fixtures import national_layer_text

        boundaries_import(text=national_layer_text())
    # The first visit draws it all (+ the data version it is cached under; a second: 2 queries)
    with django_assert_max_num_queries(16):
        _get(client, reverse("territory-overview"))
    # + the district's actions with their districts and responsible organizations (3 at most),
    # + the territory data version its map is cached under
    with django_assert_max_num_queries(12):
        _get(client, reverse("territory-district", args=["220508"]))
    with django_assert_max_num_queries(7):
        _get(client, reverse("territory-consistency"))


@pytest.mark.parametrize("extra", [0, 60])
def test_sources_page_queries_do_not_grow_with_rows(
    client, reference_data, django_assert_max_num_queries, extra
):
    from territory.models import Source

    Source.objects.bulk_create(
        Source(key=f"extra-{n}", title=f"Extra source {n}") for n in range(extra)
    )
    with django_assert_max_num_queries(2):
        _get(client, reverse("territory-sources"))


@pytest.mark.parametrize("count", [2, 25])
def test_the_district_page_query_count_does_not_grow_with_its_actions(
    count, client, reference_data, django_assert_max_num_queries
):
    from territory.models import District
    from tests.factories import ActionFactory

    district = District.objects.get(ubigeo="220508")
    for _ in range(count):
        ActionFactory(state="approved", districts=[district])
    with django_assert_max_num_queries(12):
        html = _get(client, reverse("territory-district", args=["220508"]))
    assert len(re.findall(r'href="/actions/\d+/"', html)) == min(count, 20)


def test_the_district_page_lists_the_actions_a_visitor_may_see(client, reference_data):
    from territory.models import District
    from tests.factories import ActionFactory

    district = District.objects.get(ubigeo="220508")
    ActionFactory(
        title="Viveros comunales de especies nativas", state="approved", districts=[district]
    )
    ActionFactory(title="Borrador privado", state="draft", districts=[district])
    html = _get(client, reverse("territory-district", args=["220508"]))
    assert "Viveros comunales de especies nativas" in html
    assert "Borrador privado" not in html
    assert f"?district={district.pk}" in html
