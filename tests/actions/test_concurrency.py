"""Two coordinators moving the same action at once: the row lock lets exactly one win.

Only meaningful on PostgreSQL (SQLite serializes whole transactions)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from lap.models.actions import Action, ActionTransition
from lap.services import actions as services
from tests.factories import ActionFactory, UserFactory


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_transitions_on_one_action_let_exactly_one_through(world):
    action = ActionFactory(
        state="submitted", proposer=world.member, proposing_organization=world.smallholder
    )
    second_coordinator = UserFactory(username="coordinator-2", is_coordinator=True)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def move(user, verb, reason):
        try:
            barrier.wait(timeout=10)
            services.action_transition(acting_user=user, action=action, verb=verb, reason=reason)
            outcomes.append(verb)
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=move, args=(world.coordinator, "accept", "")),
        threading.Thread(target=move, args=(second_coordinator, "reject", "Out of scope.")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) in (["accept", "refused"], ["refused", "reject"])
    action.refresh_from_db()
    assert action.state in ("accepted", "rejected")
    assert ActionTransition.objects.filter(action=action).count() == 1
    assert Action.objects.filter(pk=action.pk, state=action.state).exists()
