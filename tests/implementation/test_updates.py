"""Milestones and progress updates as their people use them: who writes, who publishes, who
hides, what others see, and what bad input gets."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lap.models import AuditEvent
from lap.models.implementation import ProgressUpdate
from lap.selectors import implementation as selectors
from lap.services import implementation as services
from tests.implementation.conftest import GPS_MARK

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)


def _draft(world, action, **fields):
    values = {"reported_on": TODAY, "narrative": "Nursery planted.", "percent": 40}
    values.update(fields)
    return services.progress_update_create(acting_user=world.member, action=action, **values)


def test_a_member_drafts_the_representative_publishes_and_the_public_sees_it(
    world, approved, photo
):
    services.milestone_create(
        acting_user=world.representative, action=approved, title="Nursery", due_on=TODAY
    )
    services.milestone_create(
        acting_user=world.coordinator, action=approved, title="Planting", due_on=TODAY
    )
    update = _draft(world, approved, files=[photo])
    stored = update.attachments.get().file.read()
    assert GPS_MARK not in stored
    assert stored.startswith(b"\xff\xd8")
    # A draft: its organization and coordinators see it, visitors and other members do not.
    assert update in selectors.updates_visible_to(world.coordinator)
    assert update in selectors.updates_visible_to(world.representative)
    assert update not in selectors.updates_visible_to(AnonymousUser())
    assert update not in selectors.updates_visible_to(world.members["company"])
    with pytest.raises(PermissionDenied):
        services.progress_update_publish(acting_user=world.members["company"], update=update)
    with pytest.raises(PermissionDenied):
        services.progress_update_publish(acting_user=world.member, update=update)
    services.progress_update_publish(acting_user=world.representative, update=update)
    assert update in selectors.updates_visible_to(AnonymousUser())
    progress = {p.objective.code: p for p in selectors.objective_progress()}["O1"]
    assert progress.percent == 40
    assert (progress.counted, progress.total, progress.weighting) == (1, 1, "equal")
    assert AuditEvent.objects.filter(verb="progress_update.publish").count() == 1


def test_a_published_update_can_be_hidden_by_a_coordinator_only_and_stops_counting(world, approved):
    update = _draft(world, approved, percent=70)
    services.progress_update_publish(acting_user=world.coordinator, update=update)
    with pytest.raises(PermissionDenied):
        services.progress_update_hide(acting_user=world.representative, update=update, reason="x")
    with pytest.raises(ValidationError) as error:
        services.progress_update_hide(acting_user=world.coordinator, update=update, reason=" ")
    assert "reason" in error.value.message_dict
    services.progress_update_hide(
        acting_user=world.coordinator, update=update, reason="The photo shows another plot."
    )
    update.refresh_from_db()
    assert update.hidden_reason == "The photo shows another plot."
    assert update not in selectors.updates_visible_to(AnonymousUser())
    assert (
        selectors.action_progress(type(approved).objects.filter(pk=approved.pk))[0].percent is None
    )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"reported_on": timezone.localdate() + datetime.timedelta(days=1)}, "reported_on"),
        ({"reported_on": None}, "reported_on"),
        ({"percent": 101}, "percent"),
        ({"percent": -1}, "percent"),
        ({"narrative": "   "}, "narrative"),
        ({"narrative": "x" * 20_001}, "narrative"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_saves_nothing(world, approved, fields, field):
    with pytest.raises(ValidationError) as error:
        _draft(world, approved, **fields)
    assert field in error.value.message_dict
    assert not ProgressUpdate.objects.exists()


def test_only_implementing_organizations_report_and_only_while_the_action_is_implemented(
    world, approved
):
    with pytest.raises(PermissionDenied):
        services.progress_update_create(
            acting_user=world.members["company"],
            action=approved,
            reported_on=TODAY,
            narrative="Not ours.",
        )
    # A facilitator writes for a member of the responsible organization.
    update = services.progress_update_create(
        acting_user=world.facilitator,
        on_behalf_of=world.member,
        action=approved,
        reported_on=TODAY,
        narrative="Told at the assembly.",
    )
    assert (update.author, update.entered_by) == (world.member, world.facilitator)
    approved.state = "accepted"
    approved.save()
    with pytest.raises(PermissionDenied):
        _draft(world, approved)
    with pytest.raises(PermissionDenied):
        services.milestone_create(
            acting_user=world.representative, action=approved, title="Late", due_on=TODAY
        )


def test_a_draft_is_edited_by_its_author_or_representative_and_a_published_one_by_nobody(
    world, approved
):
    update = _draft(world, approved)
    services.progress_update_edit(
        acting_user=world.representative,
        update=update,
        reported_on=TODAY,
        narrative="Nursery planted, 2,000 seedlings.",
        percent=45,
    )
    update.refresh_from_db()
    assert (update.percent, update.narrative) == (45, "Nursery planted, 2,000 seedlings.")
    with pytest.raises(PermissionDenied):
        services.progress_update_edit(
            acting_user=world.members["company"],
            update=update,
            reported_on=TODAY,
            narrative="x",
        )
    services.progress_update_publish(acting_user=world.representative, update=update)
    with pytest.raises(PermissionDenied):
        services.progress_update_delete(acting_user=world.member, update=update)


def test_a_milestone_is_done_on_a_past_date_by_who_marked_it_and_can_be_undone(world, approved):
    milestone = services.milestone_create(
        acting_user=world.representative, action=approved, title="Nursery", due_on=TODAY
    )
    with pytest.raises(ValidationError):
        services.milestone_mark_done(
            acting_user=world.representative,
            milestone=milestone,
            done_on=timezone.localdate() + datetime.timedelta(days=2),
        )
    services.milestone_mark_done(
        acting_user=world.representative, milestone=milestone, done_on=TODAY
    )
    milestone.refresh_from_db()
    assert (milestone.done_on, milestone.done_by) == (TODAY, world.representative)
    services.milestone_mark_done(acting_user=world.coordinator, milestone=milestone, done_on=None)
    milestone.refresh_from_db()
    assert (milestone.done_on, milestone.done_by) == (None, None)
    with pytest.raises(PermissionDenied):
        services.milestone_delete(acting_user=world.member, milestone=milestone)
