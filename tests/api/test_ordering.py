"""`?ordering=` takes the terms the schema lists and refuses the others (a partner's typo must
not quietly give the default order)."""

import pytest

from territory import services


@pytest.fixture
def loaded(db):
    services.reference_data_load()


def _names(response):
    return [row["name"] for row in response.json()["results"]]


def test_a_listed_term_orders_the_districts_both_ways(api_client, loaded):
    ascending = api_client.get("/api/v1/districts/", {"ordering": "name"})
    descending = api_client.get("/api/v1/districts/", {"ordering": "-name"})

    assert ascending.status_code == descending.status_code == 200
    assert _names(ascending) == sorted(_names(ascending))
    assert _names(descending) == list(reversed(_names(ascending)))


def test_several_terms_are_taken_together(api_client, loaded):
    response = api_client.get("/api/v1/districts/", {"ordering": "-official_area_ha,name"})

    areas = [float(row["official_area_ha"]) for row in response.json()["results"]]
    assert response.status_code == 200
    assert areas == sorted(areas, reverse=True)


@pytest.mark.parametrize(
    ("language", "words"), [("en", "Unknown order"), ("es", "Orden desconocido")]
)
def test_an_unknown_term_is_a_400_naming_it_and_the_allowed_ones(
    api_client, loaded, language, words
):
    response = api_client.get(
        "/api/v1/districts/", {"ordering": "nmae"}, HTTP_ACCEPT_LANGUAGE=language
    )

    assert response.status_code == 400
    message = response.json()["ordering"][0]
    assert words in message
    assert "nmae" in message
    assert "-official_area_ha" in message


def test_an_empty_ordering_is_a_400_like_any_typed_parameter_sent_empty(api_client, loaded):
    response = api_client.get("/api/v1/districts/", {"ordering": ""})

    assert response.status_code == 400
    assert "ordering" in response.json()


def test_no_ordering_keeps_the_default_order(api_client, loaded):
    response = api_client.get("/api/v1/districts/")

    names = _names(response)
    assert response.status_code == 200
    assert names == [
        row["name"] for row in sorted(response.json()["results"], key=lambda r: r["ubigeo"])
    ]


def test_the_schema_lists_every_term_as_an_enum(api_client, db):
    schema = api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()

    parameters = schema["paths"]["/api/v1/districts/"]["get"]["parameters"]
    (ordering,) = [p for p in parameters if p["name"] == "ordering"]
    assert ordering["schema"]["items"]["enum"] == [
        "ubigeo",
        "-ubigeo",
        "name",
        "-name",
        "official_area_ha",
        "-official_area_ha",
    ]
    assert ordering["explode"] is False
