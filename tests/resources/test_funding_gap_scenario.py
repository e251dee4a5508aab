"""The CEO's scenario, tried as a new user would, end to end through the API, the page, the CSV
and the XLSX download."""

import csv
import io
import re
from decimal import Decimal

import openpyxl
from django.urls import reverse

from lap.exports.resources import EXPORT_COLUMNS
from lap.models import Commitment
from tests.resources.conftest import LATER_DAY, RATE_DAY, client_for


def _api_report(client, day):
    response = client.get(reverse("api:funding-gaps"), {"currency": "PEN", "date": day.isoformat()})
    assert response.status_code == 200, response.content
    return response.json()


def _page_figures(client, action, day) -> list[Decimal]:
    response = client.get(
        reverse("resources-funding-gaps"), {"currency": "PEN", "date": day.isoformat()}
    )
    assert response.status_code == 200
    html = response.content.decode()
    row = re.search(rf'<tr data-action="{action.pk}">(.*?)</tr>', html, re.S).group(1)
    return [Decimal(value) for value in re.findall(r'data-value="([^"]*)"', row)]


def _csv_figures(client, action, day) -> list[Decimal]:
    response = client.get(
        reverse("resources-funding-gaps-csv"), {"currency": "PEN", "date": day.isoformat()}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    # By column position, whatever the language of the header: the action's row is the one
    # with its id and its exact title (a need's row is named "title: kind").
    row = next(r for r in rows[1:] if r[ID] == str(action.pk) and r[NAME] == action.title)
    return [Decimal(row[index]) for index in FIGURE_COLUMNS]


def _xlsx_figures(client, action, day) -> list[Decimal]:
    response = client.get(
        reverse("resources-funding-gaps-xlsx"), {"currency": "PEN", "date": day.isoformat()}
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    row = next(r for r in rows[1:] if r[ID] == action.pk and r[NAME] == action.title)
    return [Decimal(str(row[index])).quantize(Decimal("0.01")) for index in FIGURE_COLUMNS]


FIGURES = ("need", "pledged", "confirmed", "delivered", "gap", "surplus")
ID, NAME = EXPORT_COLUMNS.index("id"), EXPORT_COLUMNS.index("name")
FIGURE_COLUMNS = [EXPORT_COLUMNS.index(name) for name in FIGURES]


def test_the_ceos_scenario_gap_pledge_surplus_and_a_new_rate_agree_everywhere(
    world, action, client
):
    coordinator = client_for(world.coordinator)
    proposer = client_for(world.member)
    company = client_for(world.representatives["company"])
    municipality = client_for(world.representatives["government"])

    # The action needs 100,000 PEN and 40 person-days (entered by the proposer's organization).
    need = proposer.post(
        reverse("api:need-list"),
        {"action": action.pk, "kind": "finance", "amount": "100000.00", "unit": "PEN"},
    )
    assert need.status_code == 201, need.content
    days = proposer.post(
        reverse("api:need-list"),
        {"action": action.pk, "kind": "staff", "amount": "40", "unit": "person_days"},
    )
    assert days.status_code == 201, days.content

    # A company pledges 20,000 USD; a municipality commits 30,000 PEN and confirms it.
    pledge = company.post(
        reverse("api:commitment-list"),
        {"need": need.json()["id"], "amount": "20000", "unit": "USD", "expected_on": "2026-03-01"},
    )
    assert pledge.status_code == 201, pledge.content
    assert pledge.json()["status"] == "pledged"
    municipal = municipality.post(
        reverse("api:commitment-list"),
        {"need": need.json()["id"], "amount": "30000", "unit": "PEN", "expected_on": "2026-03-01"},
    )
    assert municipal.status_code == 201, municipal.content
    confirm = municipality.post(
        reverse("api:commitment-confirm", kwargs={"pk": municipal.json()["id"]}), {}
    )
    assert confirm.status_code == 200, confirm.content

    # Before any rate exists the report says the USD rate is missing instead of guessing.
    report = _api_report(coordinator, RATE_DAY)
    assert report["missing_rates"] == ["USD"]
    # (Rule of issue 10: what cannot be converted is listed apart in its own currency, the
    # figure keeps what could be converted; it used to be null.)
    line = report["results"][0]
    assert line["pledged"] == "0.00"
    assert [(u["figure"], u["currency"], u["amount"]) for u in line["unconverted"]] == [
        ("pledged", "USD", "20000.00")
    ]
    assert report["totals"]["unconverted"] == line["unconverted"]
    assert report["results"][0]["gap"] == "70000.00"  # the gap needs only confirmed PEN

    # With a rate of 3.75 the gap is 70,000 PEN and the pledge stays apart (75,000 PEN).
    rate = coordinator.post(
        reverse("api:exchange-rate-list"),
        {"currency": "USD", "date": RATE_DAY.isoformat(), "rate_to_pen": "3.75"},
    )
    assert rate.status_code == 201, rate.content
    line = _api_report(coordinator, RATE_DAY)["results"][0]
    assert (line["need"], line["confirmed"], line["pledged"]) == (
        "100000.00",
        "30000.00",
        "75000.00",
    )
    assert (line["gap"], line["surplus"]) == ("70000.00", "0.00")
    person_days = next(n for n in line["needs"] if n["unit"] == "person_days")
    assert person_days["money"] is None  # no PEN estimate: it stays out of money totals
    assert person_days["quantities"]["gap"] == "40.00"

    # After the company confirms, the gap is 0 and the surplus 5,000 PEN.
    confirm = company.post(
        reverse("api:commitment-confirm", kwargs={"pk": pledge.json()["id"]}), {}
    )
    assert confirm.status_code == 200, confirm.content
    report = _api_report(coordinator, RATE_DAY)
    line = report["results"][0]
    assert (line["gap"], line["surplus"], line["pledged"]) == ("0.00", "5000.00", "0.00")
    assert report["rates_used"] == [
        {"currency": "USD", "date": RATE_DAY.isoformat(), "rate_to_pen": "3.750000"}
    ]

    # A new rate of 3.80 for a later date: the report on that date shows a surplus of 6,000 PEN,
    # while the report on the first date is unchanged.
    coordinator.post(
        reverse("api:exchange-rate-list"),
        {"currency": "USD", "date": LATER_DAY.isoformat(), "rate_to_pen": "3.80"},
    )
    later = _api_report(coordinator, LATER_DAY)
    assert later["results"][0]["surplus"] == "6000.00"
    assert later["results"][0]["confirmed"] == "106000.00"
    assert later["rates_used"][0]["rate_to_pen"] == "3.800000"
    assert _api_report(coordinator, RATE_DAY)["results"][0]["surplus"] == "5000.00"

    # The API, the page, the CSV and the XLSX agree, for an anonymous visitor too.
    expected = [Decimal(later["results"][0][name]) for name in FIGURES]
    assert expected == [Decimal(v) for v in ("100000", "0", "106000", "0", "0", "6000")]
    assert _page_figures(client, action, LATER_DAY) == expected
    assert _csv_figures(client, action, LATER_DAY) == expected
    assert _xlsx_figures(client, action, LATER_DAY) == expected
    assert Commitment.objects.filter(status="confirmed").count() == 2


def test_the_page_names_the_rates_it_used_and_says_district_totals_overlap(
    world, action, money_need, pledge, client
):
    from lap.services.resources import exchange_rate_create

    exchange_rate_create(
        acting_user=world.coordinator, currency="USD", date=RATE_DAY, rate_to_pen="3.75"
    )
    response = client.get(reverse("resources-funding-gaps"), {"date": LATER_DAY.isoformat()})
    html = response.content.decode()
    assert 'data-currency="USD" data-rate="3.750000"' in html
    assert 'data-testid="district-overlap"' in html
    by_district = re.search(r'data-testid="by-district">(.*?)</table>', html, re.S).group(1)
    # The action is in two districts: its full need shows under each.
    needs = dict(
        re.findall(
            r'<th scope="row">([^<]+)</th><td class="number" data-value="([^"]*)"', by_district
        )
    )
    assert needs == {"Lamas": "100000.00", "Pinto Recodo": "100000.00"}


def test_the_page_reports_a_missing_rate_instead_of_guessing(
    world, action, money_need, pledge, client
):
    response = client.get(reverse("resources-funding-gaps"), {"date": RATE_DAY.isoformat()})
    html = response.content.decode()
    assert 'data-testid="missing-rates"' in html
    assert "USD" in re.search(r'data-testid="missing-rates">(.*?)</p>', html, re.S).group(1)
