"""The consent transition table walked pair by pair against DESIGN.md "Actions" (FPIC): given
consent is only withdrawn (or kept, with or without conditions), only given consent can be
withdrawn, anything else may follow anything not given; and what each recorded state does to an
approved action."""

import itertools

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from lap.models.actions import ActionTransition, ConsentProcess, ConsentRecord, ConsentState
from lap.services import actions as services

pytestmark = pytest.mark.django_db

STATES = [state.value for state in ConsentState]
GIVEN = {"consent", "consent_with_conditions"}
NOT_GIVEN = set(STATES) - GIVEN - {"withdrawn"}

ONLY_GIVEN_CAN_BE_WITHDRAWN = "Only consent that was given can be withdrawn."


def _given_stays(label):
    return (
        "This community has given its consent: it can only be withdrawn, "
        f"not moved back to “{label}”."
    )


def _documented(from_state, to_state):
    """None when DESIGN.md allows the step, else the message that refuses it."""
    if from_state in GIVEN:
        if to_state in GIVEN or to_state == "withdrawn":
            return None
        return _given_stays(ConsentState(to_state).label)
    if to_state == "withdrawn":
        return ONLY_GIVEN_CAN_BE_WITHDRAWN
    return None


def _record(world, action, community, state):
    return services.consent_record(
        acting_user=world.representatives["indigenous"],
        action=action,
        community=community,
        state=state,
        conditions="Local hires only.",
    )


def test_the_table_has_a_row_for_every_state():
    assert set(services.CONSENT_TRANSITIONS) == set(ConsentState)
    assert set(services.CONSENT_STEPS) == set(ConsentState)


@pytest.mark.parametrize(("from_state", "to_state"), list(itertools.product(STATES, STATES)))
def test_every_pair_of_states_gives_the_documented_outcome(
    world, lamas, accepted, from_state, to_state
):
    action = accepted
    community = lamas["communities"]["chirikyacu"]
    process = ConsentProcess.objects.filter(concerned__community=community)
    process.update(state=from_state, conditions="Local hires only.")
    with translation.override("en"):
        refusal = _documented(from_state, to_state)
        if refusal is None:
            entry = _record(world, action, community, to_state)
            assert (entry.from_state, entry.state) == (from_state, to_state)
            assert process.get().state == to_state
        else:
            with pytest.raises(ValidationError) as refused:
                _record(world, action, community, to_state)
            assert refused.value.message_dict == {"state": [refusal]}
            assert process.get().state == from_state
            assert not ConsentRecord.objects.exists()
    action.refresh_from_db()
    assert action.state == "accepted"  # before approval a step never moves the action


@pytest.mark.parametrize("to_state", STATES)
def test_what_each_state_does_to_an_approved_action(
    world, lamas, accepted, consent_all, to_state, django_capture_on_commit_callbacks
):
    action = accepted
    consent_all(action)
    services.action_approve(acting_user=world.coordinator, action=action)
    community = lamas["communities"]["chirikyacu"]
    if to_state in NOT_GIVEN:
        # Given consent is never moved back: a process not given on an approved action (for
        # instance from before the rule).
        ConsentProcess.objects.filter(concerned__community=community).update(
            state="in_deliberation"
        )
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        _record(world, action, community, to_state)
    action.refresh_from_db()
    suspension = ActionTransition.objects.filter(action=action, verb="suspend").first()
    if to_state in GIVEN:
        assert action.state == "approved"
        assert suspension is None
        return
    assert (action.state, action.suspended_from) == ("suspended", "approved")
    assert suspension.automatic
    if to_state == "withdrawn":
        assert suspension.reason == "Chirikyacu (demo) withdrew its consent."
    else:
        with translation.override("en"):
            label = str(ConsentState(to_state).label)
        assert suspension.reason == f"Consent of Chirikyacu (demo) is missing ({label})."
