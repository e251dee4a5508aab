"""The HTTP benchmark compares like with like: its data set is what it says, and its bare views
answer the same rows as the app's (so a ratio measures the app's overhead, nothing else)."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from bench import http_generate
from lap.models import Action, ResourceNeed

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_set(world):
    return http_generate.generate(60)


def test_the_data_set_has_actions_needs_commitments_and_deliveries_marked_bench(data_set):
    assert data_set["actions"] == Action.objects.filter(title__startswith="bench-http-").count()
    assert data_set["actions"] == 60
    assert 0 < data_set["needs"] == ResourceNeed.objects.count()
    assert data_set["commitments"] > 0
    # A second run replaces the first rather than adding to it.
    http_generate.generate(60)
    assert Action.objects.filter(title__startswith="bench-http-").count() == 60


def test_the_bare_actions_view_answers_the_rows_of_the_api_in_the_same_order(client, data_set):
    app = client.get(reverse("api:action-list"), {"page_size": 20, "page": 2}).json()
    with override_settings(ROOT_URLCONF="bench.bare_urls", MIDDLEWARE=[]):
        bare = Client().get("/api/v1/actions/", {"page_size": 20, "page": 2}).json()
    assert bare["count"] == app["count"]
    assert [row["id"] for row in bare["results"]] == [row["id"] for row in app["results"]]
    assert [row["districts"] for row in bare["results"]] == [
        row["districts"] for row in app["results"]
    ]


def test_the_bare_funding_gap_view_answers_a_page_of_listed_actions(client, data_set):
    app = client.get(reverse("api:funding-gaps"), {"page_size": 20}).json()
    with override_settings(ROOT_URLCONF="bench.bare_urls", MIDDLEWARE=[]):
        bare = Client().get("/api/v1/funding-gaps/", {"page_size": 20}).json()
    assert bare["count"] == app["count"]
