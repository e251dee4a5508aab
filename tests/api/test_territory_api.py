from decimal import Decimal

import pytest
from shapely.geometry import shape

from stakeholders import services as stakeholder_services
from territory import services
from territory.importers import boundaries_import, gfw_import
from territory.services import demo_communities_load
from tests.territory.fixtures import national_layer_text, synthetic_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(db):
    """The reference facts, as `make run` loads them."""
    return services.reference_data_load()


@pytest.fixture
def with_boundaries(loaded):
    return boundaries_import(text=national_layer_text())


BASE = "/api/v1"


def test_district_list_returns_the_eleven_ubigeo_codes_with_official_areas(api_client, loaded):
    response = api_client.get(f"{BASE}/districts/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 11
    assert [d["ubigeo"] for d in body["results"]] == [f"2205{n:02d}" for n in range(1, 12)]
    assert sum(Decimal(d["official_area_ha"]) for d in body["results"]) == Decimal("508254")
    caynarachi = body["results"][3]
    assert caynarachi["name"] == "Caynarachi"
    areas = {area["label"]: area for area in caynarachi["areas"]}
    assert areas["official"] == {
        "label": "official",
        "hectares": "167869.00",
        "source": "inei-ubigeo",
        "is_derived": False,
    }
    assert areas["gis_layer"]["hectares"] == "125965.04"
    assert areas["computed"]["hectares"] is None
    assert areas["computed"]["is_derived"]
    assert {p["kind"] for p in caynarachi["population"]} == {"census", "projection"}


def test_district_detail_by_ubigeo_includes_the_valid_boundary(api_client, with_boundaries):
    response = api_client.get(f"{BASE}/districts/220508/")

    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "San Roque de Cumbaza"
    assert shape(body["boundary"]).is_valid
    assert body["has_boundary"] is True
    assert api_client.get(f"{BASE}/districts/220599/").status_code == 404


def test_districts_geojson_is_one_valid_unpaginated_feature_collection(api_client, with_boundaries):
    body = api_client.get(f"{BASE}/districts/geojson/").json()

    assert body["type"] == "FeatureCollection"
    assert [f["properties"]["ubigeo"] for f in body["features"]] == [
        f"2205{n:02d}" for n in range(1, 12)
    ]
    for feature in body["features"]:
        assert shape(feature["geometry"]).is_valid
        assert feature["properties"]["computed_area_ha"] > 0


def test_geojson_before_boundaries_has_null_geometries_not_invented_ones(api_client, loaded):
    body = api_client.get(f"{BASE}/districts/geojson/").json()
    assert len(body["features"]) == 11
    assert all(feature["geometry"] is None for feature in body["features"])


def test_forest_loss_filters_by_district_and_year_range(api_client, loaded):
    gfw_import(text=synthetic_csv("gfw_long_synthetic.csv"))

    rows = api_client.get(f"{BASE}/forest-loss/", {"district": "220504"}).json()["results"]
    assert [(r["start_year"], r["tree_cover_loss_ha"]) for r in rows] == [
        (2019, "1000.50"),
        (2020, "1200.00"),
    ]
    period = api_client.get(f"{BASE}/forest-loss/", {"annual": "false"}).json()["results"]
    assert period[0]["tree_cover_loss_ha"] == "89900.00"
    assert period[0]["source"] == "ra-business-case-lamas"
    in_2019 = api_client.get(f"{BASE}/forest-loss/", {"year_from": 2019, "year_to": 2019})
    assert in_2019.json()["count"] == 3  # two districts' 2019 rows and the 2002–2021 period


def test_land_use_communities_conservation_areas_and_sources(api_client, loaded):
    demo_communities_load()
    palm = api_client.get(f"{BASE}/land-use/", {"crop": "oil_palm"}).json()["results"]
    shares = {row["district"]: row for row in palm if row["district"]}
    assert shares["220503"]["hectares"] == "2950.00"
    assert shares["220503"]["hectares_is_derived"]

    communities = api_client.get(f"{BASE}/communities/", {"district": "220508"}).json()
    assert communities["count"] == 5
    sourced = [c for c in communities["results"] if not c["is_demo"]]
    assert [c["name"] for c in sourced] == ["Chirikyacu"]

    area = api_client.get(f"{BASE}/conservation-areas/acr-ce/").json()
    assert area["area_ha"] == "149870.00"
    assert {share["district"] for share in area["shares"]} == {"220503", "220504", "220508"}

    source = api_client.get(f"{BASE}/sources/ra-business-case-lamas/").json()
    assert source["publisher"] == "Rainforest Alliance"


def test_territory_summary_gives_the_key_figures_with_source_keys(api_client, loaded):
    body = api_client.get(f"{BASE}/territory/summary/").json()

    figures = {figure["key"]: figure for figure in body["figures"]}
    assert body["district_count"] == 11
    assert figures["tree_cover_loss"]["value"] == "89900.00"
    assert figures["humid_primary_forest_loss"]["value"] == "46200.00"
    assert figures["emissions"]["value"] == "58.60"
    assert figures["emissions"]["unit"] == "Mt CO₂e"
    assert figures["humid_primary_forest_loss_annual_mean"]["value"] == "2310.00"
    assert figures["humid_primary_forest_loss_annual_mean"]["is_derived"] is True
    assert all(figure["source"] for figure in body["figures"])
    assert body["annual_tree_cover_loss"] == []


def test_summary_is_404_before_the_reference_data_is_loaded(api_client, db):
    assert api_client.get(f"{BASE}/territory/summary/").status_code == 404


def test_territory_api_is_read_only(api_client, world, loaded):
    api_client.force_authenticate(world.coordinator)
    assert api_client.post(f"{BASE}/districts/", {}).status_code == 405
    assert api_client.delete(f"{BASE}/districts/220501/").status_code == 405
    assert api_client.post(f"{BASE}/communities/", {}).status_code == 405


def test_a_partner_key_without_the_territory_scope_is_refused(api_client, world, loaded):
    _key, secret = stakeholder_services.api_key_create(
        acting_user=world.coordinator,
        organization=world.company,
        name="Plan only",
        scopes=["plan"],
    )
    response = api_client.get(f"{BASE}/districts/", HTTP_AUTHORIZATION=f"Api-Key {secret}")
    assert response.status_code == 403
    assert "territory" in response.json()["detail"]
    allowed = api_client.get(
        f"{BASE}/districts/", HTTP_AUTHORIZATION=f"Api-Key {world.api_key_secret}"
    )
    assert allowed.status_code == 200


def test_the_schema_documents_the_territory_endpoints(api_client, db):
    schema = api_client.get(f"{BASE}/schema/", {"format": "json"})
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in (
        "/api/v1/districts/",
        "/api/v1/districts/geojson/",
        "/api/v1/districts/{ubigeo}/",
        "/api/v1/communities/",
        "/api/v1/conservation-areas/",
        "/api/v1/forest-loss/",
        "/api/v1/land-use/",
        "/api/v1/sources/",
        "/api/v1/territory/summary/",
    ):
        assert path in paths


LISTS = [
    ("districts/", 3),
    ("communities/", 2),
    ("conservation-areas/", 3),
    ("forest-loss/", 2),
    ("land-use/", 2),
    ("sources/", 2),
]


@pytest.mark.parametrize(("path", "queries"), LISTS)
@pytest.mark.parametrize("page_size", [2, 50])
def test_list_queries_do_not_grow_with_the_page_size(
    api_client, loaded, django_assert_max_num_queries, path, queries, page_size
):
    demo_communities_load()
    gfw_import(text=synthetic_csv("gfw_long_synthetic.csv"))
    with django_assert_max_num_queries(queries):
        response = api_client.get(f"{BASE}/{path}", {"page_size": page_size})
    assert response.status_code == 200
    assert len(response.json()["results"]) == min(page_size, response.json()["count"])


def test_geojson_and_summary_have_a_fixed_number_of_queries(
    api_client, with_boundaries, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):
        api_client.get(f"{BASE}/districts/geojson/")
    with django_assert_max_num_queries(12):
        api_client.get(f"{BASE}/territory/summary/")


def test_conservation_areas_and_sources_are_filterable_through_the_api(api_client, loaded):
    areas = api_client.get(f"{BASE}/conservation-areas/", {"district": "220501"}).json()
    assert areas["count"] == 0
    areas = api_client.get(f"{BASE}/conservation-areas/", {"district": "220508"}).json()
    assert [a["code"] for a in areas["results"]] == ["acr-ce"]
    sources = api_client.get(f"{BASE}/sources/", {"year": 2014}).json()
    assert [s["key"] for s in sources["results"]] == ["asner-2014-carbon"]
