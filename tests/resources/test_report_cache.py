"""The funding-gap report is kept in the cache, and a change to any row it is computed from,
however it is written, is in the next report: a coordinator never reads yesterday's gap."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from lap.models import Action, Commitment, ExchangeRate
from lap.selectors import resources as selectors
from lap.services import resources as services
from tests.resources.conftest import RATE_DAY


def _report(currency="PEN"):
    return selectors.funding_gap_report(currency=currency, on=RATE_DAY)


def _fresh(currency="PEN"):
    return selectors._computed_report(currency, RATE_DAY, tuple(selectors.FUNDING_LISTED_STATES))


def test_a_second_reading_is_served_from_the_cache_and_equals_a_fresh_report(
    world, action, money_need, confirmed
):
    first = _report()
    with CaptureQueriesContext(connection) as queries:
        second = _report()
    assert len(queries) == 1  # the fingerprint only: nothing is summed again
    assert second == first == _fresh()
    assert second.totals.confirmed == Decimal("30000.00")


def test_an_amount_changed_behind_the_services_back_is_in_the_next_report(
    world, action, money_need, confirmed
):
    assert _report().totals.confirmed == Decimal("30000.00")
    # A queryset update in the same transaction: no signal, no version to bump.
    Commitment.objects.filter(pk=confirmed.pk).update(amount=Decimal("45000"))
    assert _report().totals.confirmed == Decimal("45000.00")
    assert _report() == _fresh()


def test_a_confirmation_is_in_the_next_report(world, action, money_need, pledge):
    services.exchange_rate_create(
        acting_user=world.coordinator, currency="USD", date=RATE_DAY, rate_to_pen="3.75"
    )
    assert (_report().totals.confirmed, _report().totals.pledged) == (
        Decimal("0.00"),
        Decimal("75000.00"),
    )
    services.commitment_confirm(acting_user=world.coordinator, commitment=pledge)
    assert (_report().totals.confirmed, _report().totals.gap) == (
        Decimal("75000.00"),
        Decimal("25000.00"),
    )


def test_a_new_exchange_rate_is_in_the_next_report(world, action, money_need, confirmed):
    # No USD rate yet: the soles are listed unconverted.
    assert _report("USD").totals.unconverted[("confirmed", "PEN")] == Decimal("30000.00")
    services.exchange_rate_create(
        acting_user=world.coordinator, currency="USD", date=RATE_DAY, rate_to_pen="3.75"
    )
    assert (_report("USD").totals.confirmed, _report("USD").totals.unconverted) == (
        Decimal("8000.00"),
        {},
    )
    ExchangeRate.objects.filter(currency="USD").update(rate_to_pen=Decimal("3.00"))
    assert _report("USD").totals.confirmed == Decimal("10000.00")


def test_a_deleted_commitment_and_a_withdrawn_action_leave_the_next_report(
    world, action, money_need, confirmed
):
    assert [pk for pk, _rank in _report().order] == [action.pk]
    Commitment.objects.filter(pk=confirmed.pk).delete()
    assert _report().totals.confirmed == Decimal("0.00")
    Action.objects.filter(pk=action.pk).update(state="draft")
    assert _report().order == []
