"""Two people acting on one commitment at the same moment (PostgreSQL: row locks are real)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from lap.models import AuditEvent, Commitment, Delivery
from lap.services import resources as services
from lap.services.kit import StaleVersion

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _race(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = ("ok", call())
        except Exception as error:
            outcomes[index] = ("error", error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_concurrent_confirm_and_cancel_end_in_one_consistent_state(world, pledge):
    outcomes = _race(
        lambda: services.commitment_confirm(
            acting_user=world.representatives["company"], commitment=pledge, version=1
        ),
        lambda: services.commitment_cancel(
            acting_user=world.coordinator, commitment=pledge, reason="Budget cut", version=1
        ),
    )
    successes = [outcome for outcome in outcomes if outcome[0] == "ok"]
    failures = [outcome for outcome in outcomes if outcome[0] == "error"]
    assert len(successes) == 1, outcomes
    assert isinstance(failures[0][1], StaleVersion)
    pledge.refresh_from_db()
    assert pledge.version == 2
    assert pledge.status == successes[0][1].status
    if pledge.status == "cancelled":
        assert pledge.cancel_reason == "Budget cut"
        assert pledge.confirmed_at is None
    else:
        assert pledge.cancel_reason == ""
        assert pledge.cancelled_at is None
    verbs = set(
        AuditEvent.objects.filter(object_id=str(pledge.pk), verb__startswith="commitment.")
        .exclude(verb="commitment.create")
        .values_list("verb", flat=True)
    )
    assert verbs == {"commitment.confirm" if pledge.status == "confirmed" else "commitment.cancel"}


def test_two_deliveries_at_once_cannot_exceed_the_commitment(world, confirmed):
    outcomes = _race(
        *[
            lambda: services.delivery_create(
                acting_user=world.coordinator,
                commitment=confirmed,
                amount="20000",
                delivered_on=confirmed.expected_on,
            )
            for _ in range(2)
        ]
    )
    assert sorted(kind for kind, _value in outcomes) == ["error", "ok"]
    assert isinstance(next(v for k, v in outcomes if k == "error"), ValidationError)
    assert Delivery.objects.count() == 1
    assert Commitment.objects.get(pk=confirmed.pk).deliveries.count() == 1
