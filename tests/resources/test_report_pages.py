"""The funding-gap report a page at a time: the page and the API show the actions in priority
order a page at a time, with the whole report's totals on every page; the downloads cover the
whole report, the CSV streamed and the XLSX served from a file."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from lap.selectors import resources as selectors
from lap.services import resources as services
from lap.views import resources as views
from tests.factories import ActionFactory
from tests.resources.conftest import client_for


@pytest.fixture
def five_actions(world):
    """Five listed actions, each needing 10 PEN more than the one before (10, 20... 50)."""
    actions = []
    for number in range(1, 6):
        action = ActionFactory(
            title=f"Listed action {number}",
            state="approved",
            proposing_organization=world.smallholder,
        )
        services.need_create(
            acting_user=world.coordinator,
            action=action,
            kind="finance",
            amount=str(10 * number),
            unit="PEN",
        )
        actions.append(action)
    return actions


def test_the_api_pages_through_the_report_with_the_whole_reports_totals_on_every_page(
    world, five_actions
):
    client = client_for(world.outsider)
    order = [pk for pk, _rank in selectors.funding_gap_report().order]
    seen = []
    url = reverse("api:funding-gaps") + "?page_size=2"
    pages = 0
    while url:
        body = client.get(url).json()
        pages += 1
        assert body["count"] == 5
        # The whole report, whatever the page: 10 + 20 + 30 + 40 + 50.
        assert Decimal(body["totals"]["need"]) == Decimal("150")
        assert set(body) >= {"by_objective", "by_district", "by_organization", "rates_used"}
        assert isinstance(body["unconverted"], list)
        seen += [line["id"] for line in body["results"]]
        url = body["next"]
    assert pages == 3
    assert seen == order  # every action once, in priority order


def test_the_api_page_size_is_50_by_default_and_at_most_200(world):
    for number in range(201):
        ActionFactory(
            title=f"A{number}", state="approved", proposing_organization=world.smallholder
        )
    client = client_for(world.outsider)
    assert len(client.get(reverse("api:funding-gaps")).json()["results"]) == 50
    body = client.get(reverse("api:funding-gaps"), {"page_size": 500}).json()
    assert (len(body["results"]), body["count"]) == (200, 201)
    assert body["next"] is not None
    assert body["previous"] is None


@pytest.mark.parametrize(
    ("query", "status"),
    [({"page": 4, "page_size": 2}, 404), ({"page": "x"}, 400), ({"page_size": 0}, 400)],
)
def test_a_page_beyond_the_last_is_404_and_a_bad_page_400(world, five_actions, query, status):
    response = client_for(world.outsider).get(reverse("api:funding-gaps"), query)
    assert response.status_code == status


def test_the_page_shows_one_page_of_actions_and_the_whole_reports_total(
    client, world, five_actions, monkeypatch
):
    monkeypatch.setattr(views, "REPORT_PAGE_SIZE", 2)
    order = [pk for pk, _rank in selectors.funding_gap_report().order]
    client.cookies["django_language"] = "en"
    html = client.get(
        reverse("resources-funding-gaps"), {"page": 3, "currency": "PEN"}
    ).content.decode()
    assert html.count("<tr data-action=") == 1
    assert f'<tr data-action="{order[4]}"' in html
    assert "Action 5 of 5; the total row counts every listed action." in html
    # The total row is the whole report's: 10 + 20 + 30 + 40 + 50 soles.
    total_row = html.split('data-total="all"')[1].split("</tr>")[0]
    assert "150.00" in total_row
    # The downloads cover the whole report: their links do not carry the page.
    download = html.split('data-testid="download-csv"')[0].rsplit("<a ", 1)[1]
    assert "page=" not in download


def test_a_page_beyond_the_last_shows_the_last_page(client, world, five_actions, monkeypatch):
    monkeypatch.setattr(views, "REPORT_PAGE_SIZE", 2)
    response = client.get(reverse("resources-funding-gaps"), {"page": 99})
    assert response.status_code == 200
    assert response.content.decode().count("<tr data-action=") == 1


@pytest.mark.parametrize("page_size", [2, 5])
def test_a_page_of_the_report_costs_the_same_queries_whatever_its_size(
    world, five_actions, django_assert_max_num_queries, page_size
):
    client = client_for(world.outsider)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("api:funding-gaps"), {"page_size": page_size})
    assert len(response.json()["results"]) == page_size


def test_the_csv_is_streamed_and_covers_every_action(client, five_actions):
    response = client.get(reverse("resources-funding-gaps-csv"), {"page": 2})
    assert response.streaming
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    titles = {row[3] for row in rows[1:]}
    assert {f"Listed action {number}" for number in range(1, 6)} <= titles


def test_the_csv_header_leaves_before_the_report_is_computed(client, five_actions, monkeypatch):
    computed = []
    real = selectors.funding_gap_report

    def recording(**kwargs):
        computed.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(selectors, "funding_gap_report", recording)
    chunks = iter(client.get(reverse("resources-funding-gaps-csv")).streaming_content)
    first = next(chunks)
    assert first.startswith("\ufeff".encode())
    assert computed == []
    rest = b"".join(chunks)
    assert len(computed) == 1
    assert b"Listed action 5" in rest


def test_the_xlsx_is_a_file_response_a_spreadsheet_program_opens(client, five_actions):
    response = client.get(reverse("resources-funding-gaps-xlsx"))
    assert response.streaming  # FileResponse: served from its temporary file
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    titles = {row[3] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert {f"Listed action {number}" for number in range(1, 6)} <= titles
