"""The transition table of DESIGN.md "Actions": who may move an action, from where, and what is
recorded. A refusal says why and changes nothing."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from lap.models.actions import ActionTransition
from lap.models.audit import AuditEvent
from lap.services import actions as services
from stakeholders import services as stakeholder_services
from tests.factories import ActionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _action(world, state, **fields):
    action = ActionFactory(
        state=state, proposer=world.member, proposing_organization=world.smallholder, **fields
    )
    action.responsible_organizations.set([world.government])
    return action


def _person(world, who):
    return {
        "proposer": world.member,
        "proposing representative": world.representative,
        "coordinator": world.coordinator,
        "other member": world.members["company"],
        "responsible representative": world.representatives["government"],
        "outsider": world.outsider,
        "facilitator": world.facilitator,
    }[who]


ALLOWED = [
    ("submit", "draft", "submitted", "proposer"),
    ("submit", "draft", "submitted", "proposing representative"),
    ("withdraw", "draft", "withdrawn", "proposer"),
    ("withdraw", "submitted", "withdrawn", "proposing representative"),
    ("withdraw", "accepted", "withdrawn", "proposer"),
    ("accept", "submitted", "accepted", "coordinator"),
    ("reject", "submitted", "rejected", "coordinator"),
    ("approve", "accepted", "approved", "coordinator"),
    ("start", "approved", "in_progress", "coordinator"),
    ("start", "approved", "in_progress", "responsible representative"),
    ("complete", "in_progress", "completed", "responsible representative"),
    ("suspend", "approved", "suspended", "coordinator"),
    ("suspend", "in_progress", "suspended", "coordinator"),
]


@pytest.mark.parametrize(("verb", "from_state", "to_state", "who"), ALLOWED)
def test_each_transition_of_the_table_moves_the_action_and_records_who_when_why(
    world, verb, from_state, to_state, who
):
    action = _action(world, from_state)
    user = _person(world, who)
    services.action_transition(acting_user=user, action=action, verb=verb, reason="Because.")
    action.refresh_from_db()
    assert action.state == to_state
    transition = ActionTransition.objects.get(action=action)
    assert (transition.verb, transition.from_state, transition.to_state) == (
        verb,
        from_state,
        to_state,
    )
    assert transition.actor == user
    assert transition.created_at is not None
    assert AuditEvent.objects.filter(verb=f"action.{verb}", object_id=str(action.pk)).exists()


REFUSED_PEOPLE = [
    ("submit", "draft", "coordinator"),
    ("submit", "draft", "other member"),
    ("withdraw", "submitted", "coordinator"),
    ("accept", "submitted", "proposer"),
    ("accept", "submitted", "proposing representative"),
    ("reject", "submitted", "facilitator"),
    ("approve", "accepted", "proposing representative"),
    ("start", "approved", "proposer"),
    ("start", "approved", "other member"),
    ("complete", "in_progress", "outsider"),
    ("suspend", "approved", "responsible representative"),
    ("resume", "suspended", "proposing representative"),
]


@pytest.mark.parametrize(("verb", "from_state", "who"), REFUSED_PEOPLE)
def test_people_outside_the_table_are_refused_and_nothing_changes(world, verb, from_state, who):
    fields = {"suspended_from": "approved"} if from_state == "suspended" else {}
    action = _action(world, from_state, **fields)
    with pytest.raises(PermissionDenied):
        services.action_transition(
            acting_user=_person(world, who), action=action, verb=verb, reason="Because."
        )
    action.refresh_from_db()
    assert action.state == from_state
    assert not ActionTransition.objects.filter(action=action).exists()


@pytest.mark.parametrize(
    ("verb", "state"),
    [
        ("accept", "draft"),
        ("approve", "submitted"),
        ("start", "accepted"),
        ("complete", "approved"),
        ("suspend", "accepted"),
        ("resume", "approved"),
        ("withdraw", "approved"),
        ("reject", "accepted"),
    ],
)
def test_a_transition_from_the_wrong_state_is_refused_with_a_clear_message(world, verb, state):
    action = _action(world, state)
    with pytest.raises(ValidationError) as refused:
        services.action_transition(
            acting_user=world.coordinator if verb != "withdraw" else world.member,
            action=action,
            verb=verb,
            reason="Because.",
        )
    assert "no puede ser" in refused.value.messages[0]
    action.refresh_from_db()
    assert action.state == state


@pytest.mark.parametrize(
    ("verb", "state", "who"),
    [("reject", "submitted", "coordinator"), ("suspend", "approved", "coordinator")],
)
def test_reject_and_suspend_need_a_reason(world, verb, state, who):
    action = _action(world, state)
    with pytest.raises(ValidationError) as refused:
        services.action_transition(
            acting_user=_person(world, who), action=action, verb=verb, reason="   "
        )
    assert "reason" in refused.value.message_dict
    action.refresh_from_db()
    assert action.state == state


def test_withdraw_needs_a_reason(world):
    action = _action(world, "submitted")
    with pytest.raises(ValidationError):
        services.action_withdraw(acting_user=world.member, action=action)
    action.refresh_from_db()
    assert action.state == "submitted"


@pytest.mark.parametrize("suspended_from", ["approved", "in_progress"])
def test_resume_returns_to_the_state_it_was_suspended_from(world, suspended_from):
    action = _action(world, suspended_from)
    services.action_suspend(acting_user=world.coordinator, action=action, reason="Audit.")
    action.refresh_from_db()
    assert (action.state, action.suspended_from) == ("suspended", suspended_from)
    services.action_resume(acting_user=world.coordinator, action=action)
    action.refresh_from_db()
    assert (action.state, action.suspended_from) == (suspended_from, "")


def test_the_facilitator_who_entered_a_proposal_may_submit_it(world, propose):
    action = propose(user=world.facilitator, on_behalf_of=world.member.pk)
    services.action_submit(acting_user=world.facilitator, action=action)
    action.refresh_from_db()
    assert action.state == "submitted"
    transition = ActionTransition.objects.get(action=action)
    assert (transition.actor, transition.entered_by) == (world.member, world.facilitator)


def test_a_revoked_proposer_can_no_longer_submit(world, propose):
    action = propose()
    membership = world.member.memberships.get()
    stakeholder_services.membership_revoke(acting_user=world.coordinator, membership=membership)
    with pytest.raises(PermissionDenied):
        services.action_submit(acting_user=world.member, action=action)


def test_the_proposer_gets_an_email_in_their_language_when_the_action_moves(
    world, django_capture_on_commit_callbacks
):
    proposer = UserFactory(username="english-proposer", language="en")
    from tests.factories import MembershipFactory

    MembershipFactory(user=proposer, organization=world.smallholder)
    action = ActionFactory(
        state="submitted", proposer=proposer, proposing_organization=world.smallholder
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.action_reject(
            acting_user=world.coordinator, action=action, reason="Out of the plan's scope."
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["english-proposer@example.org"]
    assert "rejected" in message.subject.lower() or "Rejected" in message.subject
    assert "Out of the plan's scope." in message.body


def test_no_email_leaves_when_the_transition_is_refused(world, django_capture_on_commit_callbacks):
    action = _action(world, "submitted")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        services.action_accept(acting_user=world.member, action=action)
    assert mail.outbox == []
