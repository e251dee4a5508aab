"""A missing exchange rate never hides what can be converted (DESIGN "Resources", issue 10 #3).

The scenario of the issue: a confirmed PEN commitment partly delivered and a USD pledge whose
rate is missing. Every line and total still shows the PEN that was delivered, lists the USD
apart in its own currency, flagged, and the note on rates says exactly which rates were used and
which are missing, never both "no conversion was needed" and "rate missing"."""

import csv
import datetime
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from lap.selectors import resources as selectors
from lap.services import resources as services
from tests.resources.conftest import RATE_DAY, client_for

DAY = datetime.date(2026, 1, 5)
ON = {"date": "2026-01-10"}
FLAG = "20,000.00 USD not converted: no rate on or before 2026-01-10"


@pytest.fixture
def delivered(world, confirmed):
    """1,000 of the municipality's 30,000 PEN delivered."""
    services.delivery_create(
        acting_user=world.coordinator, commitment=confirmed, amount="1000", delivered_on=DAY
    )
    return confirmed


def _english(client):
    client.cookies["django_language"] = "en"
    return client


def _cell(html: str, table: str, row_start: str, column: int) -> str:
    """The data-value of the money cell number `column` (0-based) in a row of a table."""
    body = html.split(f'data-testid="{table}"', 1)[1].split("</table>", 1)[0]
    row = body.split(row_start, 1)[1].split("</tr>", 1)[0]
    return re.findall(r'<td class="number" data-value="([^"]*)"', row)[column]


def test_delivered_money_shows_at_every_level_when_a_pledge_has_no_rate(
    world, action, pledge, delivered
):
    report = selectors.funding_gap_report(on=RATE_DAY)
    assert report.missing_rates == ["USD"]
    assert report.rates_used == []
    line = selectors.action_lines(report)[0]
    objective_figures, district_figures = report.by_objective[0][1], report.by_district[0][1]
    organizations = {o.organization: o.figures for o in report.by_organization}
    sectors = {s["sector"]: s for s in selectors.commitments_by_sector(report)}
    for figures in (line.figures, objective_figures, district_figures, report.totals):
        assert (figures.need, figures.confirmed, figures.delivered, figures.pledged) == (
            Decimal("100000.00"),
            Decimal("30000.00"),
            Decimal("1000.00"),
            Decimal("0.00"),
        )
        assert figures.gap == Decimal("70000.00")  # the gap needs only confirmed PEN
        assert figures.unconverted == {("pledged", "USD"): Decimal("20000.00")}
    assert organizations[world.government].delivered == Decimal("1000.00")
    assert organizations[world.company].unconverted == {("pledged", "USD"): Decimal("20000.00")}
    assert sectors["government"]["delivered"] == Decimal("1000.00")
    assert sectors["company"]["figures"].unconverted == {("pledged", "USD"): Decimal("20000.00")}
    with translation.override("en"):
        assert [entry["note"] for entry in report.unconverted(report.totals)] == [FLAG]


def test_the_page_shows_delivered_lists_the_usd_apart_and_never_says_no_conversion(
    client, action, pledge, delivered
):
    html = _english(client).get(reverse("resources-funding-gaps"), {"date": "2026-01-10"})
    html = html.content.decode()
    # Columns: need, pledged, confirmed, delivered, gap, surplus (organizations: from pledged).
    assert _cell(html, "actions-table", f'data-action="{action.pk}"', 3) == "1000.00"
    assert _cell(html, "actions-table", 'data-total="all"', 3) == "1000.00"
    assert _cell(html, "by-objective", "<tbody>", 3) == "1000.00"
    assert _cell(html, "by-district", "<tbody>", 3) == "1000.00"
    assert _cell(html, "by-organization", "Government organization", 2) == "1000.00"
    assert "—" not in html.split('data-testid="actions-table"', 1)[1].split("</table>", 1)[0]
    assert 'data-currency="USD" data-amount="20000.00"' in html
    assert FLAG in html
    assert "No conversion was needed" not in html
    assert 'data-testid="missing-rates"' in html


def test_the_rates_note_names_only_rates_that_converted_something(world, action, money_need):
    services.exchange_rate_create(
        acting_user=world.coordinator, currency="EUR", date=RATE_DAY, rate_to_pen="4.1"
    )
    services.commitment_create(
        acting_user=world.representatives["company"],
        need=money_need,
        amount="100",
        unit="EUR",
        expected_on=DAY,
    )
    # In USD without a USD rate nothing converts: the EUR rate was not used.
    report = selectors.funding_gap_report(currency="USD", on=RATE_DAY)
    assert (report.rates_used, report.missing_rates) == ([], ["USD"])
    assert report.totals.unconverted == {
        ("need", "PEN"): Decimal("100000.00"),
        ("pledged", "EUR"): Decimal("100.00"),
        ("gap", "PEN"): Decimal("100000.00"),
    }
    with translation.override("en"):
        notes = [entry["note"] for entry in report.unconverted(report.totals)]
    assert "100.00 EUR not converted: no rate for EUR, USD on or before 2026-01-10" not in notes
    assert "100.00 EUR not converted: no rate for USD on or before 2026-01-10" in notes
    # In PEN the EUR rate converts the pledge: used, nothing missing.
    report = selectors.funding_gap_report(on=RATE_DAY)
    assert ([r.currency for r in report.rates_used], report.missing_rates) == (["EUR"], [])
    assert report.totals.pledged == Decimal("410.00")


def test_no_conversion_needed_only_when_nothing_was_converted_or_missing(client, action, delivered):
    html = _english(client).get(reverse("resources-funding-gaps")).content.decode()
    assert "No conversion was needed" in html
    assert 'data-testid="missing-rates"' not in html


def _need(world, action, amount, unit):
    return services.need_create(
        acting_user=world.coordinator, action=action, kind="finance", amount=amount, unit=unit
    )


def _confirmed(world, need, amount, unit, sector="company"):
    commitment = services.commitment_create(
        acting_user=world.representatives[sector],
        need=need,
        amount=amount,
        unit=unit,
        expected_on=DAY,
    )
    return services.commitment_confirm(acting_user=world.coordinator, commitment=commitment)


def test_a_need_without_a_rate_keeps_its_gap_and_surplus_in_its_own_currency(world, action):
    short = _need(world, action, "10000", "USD")
    _confirmed(world, short, "3000", "USD")
    over = _need(world, action, "500", "USD")
    _confirmed(world, over, "800", "USD", sector="government")
    paid = _need(world, action, "1000", "PEN")
    _confirmed(world, paid, "400", "PEN")
    report = selectors.funding_gap_report(on=RATE_DAY)
    lines = {line.need: line.money for line in selectors.action_lines(report)[0].needs}
    assert lines[short].unconverted == {
        ("need", "USD"): Decimal("10000.00"),
        ("confirmed", "USD"): Decimal("3000.00"),
        ("gap", "USD"): Decimal("7000.00"),
    }
    assert lines[over].unconverted[("surplus", "USD")] == Decimal("300.00")
    assert ("gap", "USD") not in lines[over].unconverted
    # Totals add per-need gaps and surpluses in each currency, never netting.
    totals = report.totals
    assert (totals.gap, totals.surplus) == (Decimal("600.00"), Decimal("0.00"))
    assert totals.unconverted[("gap", "USD")] == Decimal("7000.00")
    assert totals.unconverted[("surplus", "USD")] == Decimal("300.00")
    assert [(e["figure"], e["amount"]) for e in report.unconverted(totals)] == [
        ("need", Decimal("10500.00")),
        ("confirmed", Decimal("3800.00")),
        ("gap", Decimal("7000.00")),
        ("surplus", Decimal("300.00")),
    ]


def test_a_gap_across_two_currencies_one_without_a_rate_is_not_determined_not_guessed(
    world, action, client
):
    need = _need(world, action, "10000", "USD")
    _confirmed(world, need, "3000", "PEN")
    other = _need(world, action, "1000", "PEN")
    _confirmed(world, other, "250", "PEN", sector="government")
    report = selectors.funding_gap_report(on=RATE_DAY)
    lines = {line.need: line.money for line in selectors.action_lines(report)[0].needs}
    assert (lines[need].gap, lines[need].surplus) == (None, None)
    assert lines[need].confirmed == Decimal("3000.00")  # the PEN still counts
    assert report.totals.gap == Decimal("750.00")  # the other need's gap, known
    assert report.totals.undetermined == {("USD", ("USD",)): 1}
    body = client_for(world.coordinator).get(
        reverse("api:funding-gaps"), {"date": "2026-01-10"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    data = body.json()
    money = next(n["money"] for n in data["results"][0]["needs"] if n["id"] == need.pk)
    assert (money["gap"], money["surplus"]) == (None, None)
    assert data["totals"]["gap"] == "750.00"
    gap_entries = [e for e in data["totals"]["unconverted"] if e["figure"] == "gap"]
    assert gap_entries == [
        {
            "figure": "gap",
            "currency": "USD",
            "amount": None,
            "missing_rates": ["USD"],
            "note": "Gap and surplus of 1 need in USD not determined: no rate for USD on or "
            "before 2026-01-10",
        }
    ]


def test_a_non_money_need_in_a_usd_report_without_rate_stays_in_soles(world, action):
    need = services.need_create(
        acting_user=world.coordinator,
        action=action,
        kind="staff",
        amount="40",
        unit="person_days",
        estimated_value_pen="12000",
    )
    commitment = services.commitment_create(
        acting_user=world.representatives["company"],
        need=need,
        amount="10",
        unit="person_days",
        expected_on=DAY,
    )
    services.commitment_confirm(acting_user=world.coordinator, commitment=commitment)
    report = selectors.funding_gap_report(currency="USD", on=RATE_DAY)
    assert report.totals.unconverted == {
        ("need", "PEN"): Decimal("12000.00"),
        ("confirmed", "PEN"): Decimal("3000.00"),
        ("gap", "PEN"): Decimal("9000.00"),
    }


def test_the_api_lists_unconverted_amounts_beside_the_converted_figures_at_every_level(
    world, action, pledge, delivered
):
    data = client_for(world.outsider).get(reverse("api:funding-gaps"), {"date": "2026-01-10"})
    data = data.json()
    pledged = [{"figure": "pledged", "currency": "USD", "amount": "20000.00"}]

    def short(entries):
        return [{k: e[k] for k in ("figure", "currency", "amount")} for e in entries]

    line = data["results"][0]
    assert line["delivered"] == "1000.00"
    assert short(line["unconverted"]) == pledged
    assert short(line["needs"][0]["money"]["unconverted"]) == pledged
    assert data["totals"]["delivered"] == "1000.00"
    assert short(data["totals"]["unconverted"]) == pledged
    assert data["by_objective"][0]["delivered"] == "1000.00"
    assert short(data["by_objective"][0]["unconverted"]) == pledged
    assert all(short(d["unconverted"]) == pledged for d in data["by_district"])
    organizations = {o["organization"]: o for o in data["by_organization"]}
    assert organizations["Government organization"]["delivered"] == "1000.00"
    assert organizations["Government organization"]["unconverted"] == []
    assert short(organizations["Company organization"]["unconverted"]) == pledged
    assert data["missing_rates"] == ["USD"]
    assert data["rates_used"] == []


def test_the_downloads_carry_the_delivered_money_and_an_unconverted_row(
    client, action, pledge, delivered
):
    _english(client)
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("resources-funding-gaps-csv"), ON).getvalue().decode("utf-8-sig")
            )
        )
    )
    header = rows[0]
    by_section = {}
    for row in rows[1:]:
        by_section.setdefault(row[0], []).append(dict(zip(header, row, strict=True)))
    assert by_section["action"][0]["delivered"] == "1000.00"
    assert by_section["total"][0]["delivered"] == "1000.00"
    assert by_section["objective"][0]["delivered"] == "1000.00"
    unconverted = by_section["not converted"]
    assert {(r["unit"], r["pledged"]) for r in unconverted} == {("USD", "20000.00")}
    assert FLAG in unconverted[0]["name"]
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("resources-funding-gaps-xlsx"), ON).getvalue())
    )
    sheet_rows = list(workbook.active.iter_rows(values_only=True))
    action_row = next(r for r in sheet_rows if r[0] == "action")
    assert action_row[header.index("delivered")] == 1000
    assert any(r[0] == "not converted" and r[6] == 20000 for r in sheet_rows)


def test_the_dashboard_shows_delivered_by_sector_and_the_unconverted_pledge(
    world, client, action, pledge, delivered
):
    client.force_login(world.coordinator)
    response = client.get(reverse("resources-dashboard"))
    html = response.content.decode()
    sectors = {row["sector"]: row for row in response.context["sectors"]}
    assert sectors["government"]["delivered"] == Decimal("1000.00")
    assert sectors["company"]["pledged"] == Decimal("0.00")
    assert 'data-currency="USD" data-amount="20000.00"' in html
    assert "USD sin convertir: no hay tipo de cambio" in html  # the coordinator reads Spanish
