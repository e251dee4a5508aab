"""/results/ and the API's results summary: money needed, confirmed and delivered per objective
in PEN at today's rates, the rates named, the states counted said, what no rate converts left
in its currency (DESIGN "Implementation tracking and results")."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from lap.selectors.implementation import resources_by_objective
from lap.services import resources as resources_services
from tests.factories import ActionFactory, ObjectiveFactory

RATE_DAY = datetime.date(2026, 11, 2)


def _need(world, action, amount, unit):
    return resources_services.need_create(
        acting_user=world.coordinator, action=action, kind="finance", amount=amount, unit=unit
    )


def _commit(world, need, amount, unit, *, confirm=True, delivered=None):
    commitment = resources_services.commitment_create(
        acting_user=world.representatives["company"],
        need=need,
        amount=Decimal(amount),
        unit=unit,
        expected_on=RATE_DAY,
    )
    if confirm:
        commitment = resources_services.commitment_confirm(
            acting_user=world.representatives["company"], commitment=commitment
        )
    if delivered:
        resources_services.delivery_create(
            acting_user=world.representatives["company"],
            commitment=commitment,
            amount=delivered,
            delivered_on=RATE_DAY,
        )
    return commitment


@pytest.fixture
def plan(world):
    """O1: an approved action needing 10,000 PEN and 1,000 USD (500 USD confirmed, 200 USD of it
    delivered; 3,000 PEN pledged, not confirmed), and an accepted one (not counted) needing
    99,999 PEN. O2: an action in progress needing 500 EUR, with no EUR rate. USD is 3.75."""
    resources_services.exchange_rate_create(
        acting_user=world.coordinator, currency="USD", date=RATE_DAY, rate_to_pen="3.75"
    )
    first, second = ObjectiveFactory(code="O1", order=1), ObjectiveFactory(code="O2", order=2)
    approved = ActionFactory(state="approved", objective=first, proposer=world.member)
    soles = _need(world, approved, "10000", "PEN")
    dollars = _need(world, approved, "1000", "USD")
    _commit(world, dollars, "500", "USD", delivered="200")
    _commit(world, soles, "3000", "PEN", confirm=False)
    accepted = ActionFactory(state="accepted", objective=first, proposer=world.member)
    _need(world, accepted, "99999", "PEN")
    running = ActionFactory(state="in_progress", objective=second, proposer=world.member)
    _need(world, running, "500", "EUR")
    return first, second


def test_money_per_objective_is_summed_at_todays_rates_with_the_unconverted_left_apart(world, plan):
    resources = resources_by_objective()
    lines = {line.objective.code: line for line in resources.objectives}
    assert (lines["O1"].need, lines["O1"].confirmed, lines["O1"].delivered) == (
        Decimal("13750.00"),
        Decimal("1875.00"),
        Decimal("750.00"),
    )
    assert (lines["O2"].need, lines["O2"].unconverted) == (
        Decimal(0),
        [("need", "EUR", Decimal("500.00"))],
    )
    assert resources.total.need == Decimal("13750.00")
    assert [rate.currency for rate in resources.rates_used] == ["USD"]
    assert resources.missing_rates == ["EUR"]


def test_the_results_page_names_the_rates_the_states_and_what_was_not_converted(
    world, plan, client
):
    world.coordinator.language = "en"
    world.coordinator.save(update_fields=["language"])
    client.force_login(world.coordinator)
    html = client.get(reverse("results")).content.decode()
    section = html[html.index('id="resources-heading"') : html.index('id="forest-heading"')]
    assert "Approved, In progress, Completed, Suspended" in section
    assert "1 USD = 3.750000 PEN (rate of 2026-11-02)" in section
    assert "No rate for EUR" in section
    first = section[section.index('data-objective="O1"') :]
    assert "13,750.00" in first[: first.index("</tr>")]
    second = section[section.index('data-objective="O2"') :]
    assert "EUR 500.00 needed" in second[: second.index("</tr>")]
    assert 'id="resources-chart-title"' in section


def test_the_results_summary_api_gives_the_same_money(world, plan, api_client):
    resources = api_client.get(reverse("api:results-summary")).json()["resources"]
    assert resources["objectives"][0] == {
        "objective": plan[0].pk,
        "code": "O1",
        "need": "13750.00",
        "confirmed": "1875.00",
        "delivered": "750.00",
        "unconverted": [],
    }
    assert resources["objectives"][1]["unconverted"] == [
        {"figure": "need", "currency": "EUR", "amount": "500.00"}
    ]
    assert resources["rates_used"] == [
        {"currency": "USD", "date": "2026-11-02", "rate_to_pen": "3.750000"}
    ]
    assert resources["states"] == ["approved", "in_progress", "completed", "suspended"]
    assert resources["missing_rates"] == ["EUR"]


@pytest.mark.parametrize("count", [2, 20])
def test_results_summary_query_count_does_not_grow(
    world, api_client, django_assert_max_num_queries, count
):
    for number in range(count):
        objective = ObjectiveFactory(code=f"O{number}", order=number)
        action = ActionFactory(state="approved", objective=objective, proposer=world.member)
        _commit(world, _need(world, action, "1000", "PEN"), "400", "PEN", delivered="100")
    with django_assert_max_num_queries(12):
        response = api_client.get(reverse("api:results-summary"))
    resources = response.json()["resources"]
    assert len(resources["objectives"]) == count
    assert resources["total"]["delivered"] == f"{100 * count}.00"
