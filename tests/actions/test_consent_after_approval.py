"""Consent after approval: once given it is only withdrawn, and an approved or running action
never goes on while a concerned community lacks consent (DESIGN.md "Actions", FPIC)."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from lap.models.actions import ActionTransition, ConsentProcess, ConsentRecord
from lap.services import actions as services
from tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(world, propose, consent_all):
    action = propose()
    services.action_submit(acting_user=world.member, action=action)
    services.action_accept(acting_user=world.coordinator, action=action)
    consent_all(action)
    services.action_approve(acting_user=world.coordinator, action=action)
    return action


def _record(world, action, community, state, **fields):
    return services.consent_record(
        acting_user=world.representatives["indigenous"],
        action=action,
        community=community,
        state=state,
        **fields,
    )


@pytest.mark.parametrize("state", ["pending", "information_shared", "in_deliberation", "withheld"])
def test_given_consent_cannot_be_moved_back_and_the_approved_action_is_untouched(
    world, lamas, approved, state
):
    community = lamas["communities"]["alto_shamboyacu"]
    with pytest.raises(ValidationError) as refused:
        _record(world, approved, community, state)
    assert "solo puede retirarlo" in refused.value.message_dict["state"][0]
    approved.refresh_from_db()
    assert approved.state == "approved"
    assert ConsentProcess.objects.get(concerned__community=community).state == "consent"
    assert ConsentRecord.objects.filter(process__concerned__community=community).count() == 1


def test_consent_can_still_gain_conditions_or_be_withdrawn(world, lamas, approved):
    community = lamas["communities"]["alto_shamboyacu"]
    _record(world, approved, community, "consent_with_conditions", conditions="Local hires.")
    approved.refresh_from_db()
    assert approved.state == "approved"
    _record(world, approved, community, "withdrawn")
    approved.refresh_from_db()
    assert (approved.state, approved.suspended_from) == ("suspended", "approved")


def test_consent_withheld_on_an_approved_action_suspends_it_at_once(
    world, lamas, approved, django_capture_on_commit_callbacks
):
    # A community with no consent yet on an approved action (for instance from before the rule).
    community = lamas["communities"]["chirikyacu"]
    ConsentProcess.objects.filter(concerned__community=community).update(state="in_deliberation")
    with django_capture_on_commit_callbacks(execute=True):
        _record(world, approved, community, "withheld")
    approved.refresh_from_db()
    assert approved.state == "suspended"
    suspension = ActionTransition.objects.get(action=approved, verb="suspend")
    assert suspension.automatic
    assert "Chirikyacu (demo)" in suspension.reason
    assert world.coordinator.email in [address for m in mail.outbox for address in m.to]
    with pytest.raises(ValidationError):
        services.action_resume(acting_user=world.coordinator, action=approved)


def test_a_community_added_to_an_approved_action_suspends_it_until_it_consents(
    world, lamas, approved, django_capture_on_commit_callbacks
):
    newcomer = CommunityFactory(
        name="Nuevo Lamas (demo)", district=lamas["other"], organization=world.indigenous
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.concerned_community_add(
            acting_user=world.coordinator, action=approved, community=newcomer
        )
    approved.refresh_from_db()
    assert (approved.state, approved.suspended_from) == ("suspended", "approved")
    suspension = ActionTransition.objects.get(action=approved, verb="suspend")
    assert suspension.automatic
    assert "Se añadió una comunidad cuyo consentimiento aún no está registrado" in suspension.reason
    recipients = [address for message in mail.outbox for address in message.to]
    assert world.coordinator.email in recipients
    assert world.member.email in recipients
    with pytest.raises(ValidationError) as refused:
        services.action_resume(acting_user=world.coordinator, action=approved)
    assert "Nuevo Lamas (demo)" in refused.value.messages[0]
    _record(world, approved, newcomer, "consent")
    services.action_resume(acting_user=world.coordinator, action=approved)
    approved.refresh_from_db()
    assert approved.state == "approved"


def test_new_districts_on_a_running_action_suspend_it_while_their_communities_lack_consent(
    world, lamas, approved
):
    services.action_start(acting_user=world.coordinator, action=approved)
    services.action_update(
        acting_user=world.coordinator,
        action=approved,
        districts=[lamas["san_roque"], lamas["caynarachi"], lamas["other"]],
    )
    approved.refresh_from_db()
    assert (approved.state, approved.suspended_from) == ("suspended", "in_progress")
    with pytest.raises(ValidationError) as refused:
        services.action_resume(acting_user=world.coordinator, action=approved)
    assert "El Wayku (demo)" in refused.value.messages[0]


def test_a_community_added_to_a_suspended_action_keeps_it_suspended(world, lamas, approved):
    services.action_suspend(acting_user=world.coordinator, action=approved, reason="Rains.")
    services.concerned_community_add(
        acting_user=world.coordinator, action=approved, community=lamas["communities"]["el_wayku"]
    )
    approved.refresh_from_db()
    assert approved.state == "suspended"
    assert ActionTransition.objects.filter(action=approved, verb="suspend").count() == 1
    with pytest.raises(ValidationError):
        services.action_resume(acting_user=world.coordinator, action=approved)


def test_adding_a_community_before_approval_does_not_suspend(world, lamas, propose):
    action = propose()
    services.concerned_community_add(
        acting_user=world.member, action=action, community=lamas["communities"]["el_wayku"]
    )
    action.refresh_from_db()
    assert action.state == "draft"


def test_someone_without_the_right_learns_nothing_about_which_communities_are_concerned(
    world, lamas, approved
):
    """The company representative gets the same refusal for a concerned and an unconcerned
    community: the permission is checked before anything about the action is revealed."""
    for community in (lamas["communities"]["chirikyacu"], lamas["communities"]["el_wayku"]):
        with pytest.raises(PermissionDenied):
            services.consent_record(
                acting_user=world.representatives["company"],
                action=approved,
                community=community,
                state="consent",
            )


def test_a_community_representative_cannot_record_on_a_draft_they_cannot_see(world, lamas, propose):
    action = propose()
    with pytest.raises(PermissionDenied):
        _record(world, action, lamas["communities"]["el_wayku"], "consent")
    assert not ConsentRecord.objects.exists()
