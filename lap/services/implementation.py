"""Every write about implementation: milestones and progress updates (DESIGN.md
"Implementation tracking and results"). Keyword-only, atomic, permission-checked, audited."""

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lap import limits
from lap.audit import Verb, record
from lap.documents import validate_document
from lap.models.actions import Action
from lap.models.implementation import (
    Milestone,
    ProgressAttachment,
    ProgressReminder,
    ProgressUpdate,
    UpdateStatus,
)
from lap.photos import without_metadata
from lap.rules.implementation import implementing_organization_ids
from lap.services.kit import locked, require, update_model
from stakeholders.acting import resolve_author
from stakeholders.models import User

MILESTONE_FIELDS = ("title", "due_on")
UPDATE_FIELDS = ("reported_on", "percent", "narrative")
MAX_ATTACHMENTS = 10


def _clean_milestone(title: str, due_on: datetime.date | None) -> dict[str, Any]:
    errors: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Give the milestone a title.")
    if due_on is None:
        errors["due_on"] = _("Give the date the milestone is due.")
    if errors:
        raise ValidationError(errors)
    limits.check(title=(title, limits.TITLE))
    return {"title": title, "due_on": due_on}


@transaction.atomic
def milestone_create(
    *, acting_user: User, action: Action, title: str, due_on: datetime.date | None
) -> Milestone:
    action = locked(action)
    require("lap.edit_milestones", acting_user, action)
    milestone = Milestone.objects.create(
        action=action, created_by=acting_user, **_clean_milestone(title, due_on)
    )
    record(
        actor=acting_user,
        verb=Verb.MILESTONE_CREATE,
        target=milestone,
        changes={"action": action.pk, "title": milestone.title, "due_on": str(due_on)},
    )
    return milestone


@transaction.atomic
def milestone_update(
    *, acting_user: User, milestone: Milestone, title: str, due_on: datetime.date | None
) -> Milestone:
    milestone = locked(milestone, "action")
    require("lap.edit_milestones", acting_user, milestone.action)
    milestone, _changes = update_model(
        instance=milestone,
        fields=MILESTONE_FIELDS,
        data=_clean_milestone(title, due_on),
        acting_user=acting_user,
        verb=Verb.MILESTONE_UPDATE,
    )
    return milestone


@transaction.atomic
def milestone_mark_done(
    *,
    acting_user: User,
    milestone: Milestone,
    done_on: datetime.date | None,
    evidence: UploadedFile | None = None,
) -> Milestone:
    """Done on a date (not in the future), with optional evidence; `done_on=None` undoes it."""
    milestone = locked(milestone, "action")
    require("lap.edit_milestones", acting_user, milestone.action)
    if done_on is not None and done_on > timezone.localdate():
        raise ValidationError({"done_on": _("A milestone cannot be done on a future date.")})
    if evidence:
        validate_document(evidence)
    before = [str(milestone.done_on) if milestone.done_on else None, bool(milestone.evidence)]
    milestone.done_on = done_on
    milestone.done_by = acting_user if done_on is not None else None
    if evidence:
        milestone.evidence.save(
            evidence.name or "evidence", ContentFile(without_metadata(evidence.read())), save=False
        )
    milestone.save()
    after = [str(done_on) if done_on else None, bool(milestone.evidence)]
    if before != after:
        record(
            actor=acting_user,
            verb=Verb.MILESTONE_DONE,
            target=milestone,
            changes={"done_on": [before[0], after[0]], "evidence": [before[1], after[1]]},
        )
    return milestone


@transaction.atomic
def milestone_delete(*, acting_user: User, milestone: Milestone) -> None:
    milestone = locked(milestone, "action")
    require("lap.edit_milestones", acting_user, milestone.action)
    record(
        actor=acting_user,
        verb=Verb.MILESTONE_DELETE,
        target=milestone.action,
        changes={"milestone": milestone.pk, "title": milestone.title},
    )
    milestone.delete()


# --- Progress updates ---------------------------------------------------------------------------


def _clean_update(
    reported_on: datetime.date | None, percent: int | None, narrative: str
) -> dict[str, Any]:
    errors: dict[str, str] = {}
    narrative = (narrative or "").strip()
    if reported_on is None:
        errors["reported_on"] = _("Give the date of the update.")
    elif reported_on > timezone.localdate():
        errors["reported_on"] = _("An update cannot be dated in the future.")
    if percent is not None and not (isinstance(percent, int) and 0 <= percent <= 100):
        errors["percent"] = _("The percent complete is a whole number from 0 to 100.")
    if not narrative:
        errors["narrative"] = _("Tell what happened.")
    if errors:
        raise ValidationError(errors)
    limits.check(narrative=(narrative, limits.DESCRIPTION))
    return {"reported_on": reported_on, "percent": percent, "narrative": narrative}


def _attach(update: ProgressUpdate, files: Sequence[UploadedFile]) -> list[int]:
    if update.attachments.count() + len(files) > MAX_ATTACHMENTS:
        message = _("At most %(count)d photos or documents an update.")
        raise ValidationError({"files": message % {"count": MAX_ATTACHMENTS}})
    for file in files:
        validate_document(file)
    added = []
    for file in files:
        attachment = ProgressAttachment(update=update)
        attachment.file.save(
            file.name or "attachment", ContentFile(without_metadata(file.read())), save=False
        )
        attachment.save()
        added.append(attachment.pk)
    return added


@transaction.atomic
def progress_update_create(
    *,
    acting_user: User,
    action: Action,
    reported_on: datetime.date | None,
    narrative: str,
    percent: int | None = None,
    files: Sequence[UploadedFile] = (),
    organization_id: int | str | None = None,
    on_behalf_of: User | int | str | None = None,
) -> ProgressUpdate:
    """A draft update by a member of an implementing organization (or a facilitator for one)."""
    action = locked(action)
    require("lap.write_progress_update", acting_user, action)
    cleaned = _clean_update(reported_on, percent, narrative)
    author, entered_by, organization = resolve_author(
        acting_user=acting_user, on_behalf_of=on_behalf_of, organization_id=organization_id
    )
    if organization.pk not in implementing_organization_ids(action):
        raise ValidationError(
            {"organization": _("Only an organization responsible for the action reports on it.")}
        )
    update = ProgressUpdate.objects.create(
        action=action, author=author, organization=organization, entered_by=entered_by, **cleaned
    )
    attached = _attach(update, files)
    record(
        actor=author,
        entered_by=entered_by,
        organization=organization,
        verb=Verb.PROGRESS_UPDATE_CREATE,
        target=update,
        changes={"action": action.pk, "percent": percent, "attachments": attached},
    )
    return update


@transaction.atomic
def progress_update_edit(
    *,
    acting_user: User,
    update: ProgressUpdate,
    reported_on: datetime.date | None,
    narrative: str,
    percent: int | None = None,
    files: Sequence[UploadedFile] = (),
) -> ProgressUpdate:
    update = locked(update, "action")
    require("lap.edit_progress_update", acting_user, update)
    cleaned = _clean_update(reported_on, percent, narrative)  # before any file is stored
    attached = _attach(update, files)
    update, _changes = update_model(
        instance=update,
        fields=UPDATE_FIELDS,
        data=cleaned,
        acting_user=acting_user,
        verb=Verb.PROGRESS_UPDATE_EDIT,
        organization=update.organization,
        extra_changes={"attachments": [[], attached]} if attached else None,
    )
    return update


@transaction.atomic
def progress_update_delete(*, acting_user: User, update: ProgressUpdate) -> None:
    update = locked(update, "action")
    require("lap.edit_progress_update", acting_user, update)
    record(
        actor=acting_user,
        verb=Verb.PROGRESS_UPDATE_DELETE,
        target=update.action,
        organization=update.organization,
        changes={"progress_update": update.pk, "reported_on": str(update.reported_on)},
    )
    for attachment in update.attachments.all():
        attachment.file.delete(save=False)
    update.delete()


@transaction.atomic
def progress_update_publish(*, acting_user: User, update: ProgressUpdate) -> ProgressUpdate:
    update = locked(update, "action")
    require(
        "lap.publish_progress_update",
        acting_user,
        update,
        message=_(
            "Only a representative of the update's organization or a coordinator publishes it."
        ),
    )
    update.status = UpdateStatus.PUBLISHED
    update.published_at, update.published_by = timezone.now(), acting_user
    update.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    record(
        actor=acting_user,
        verb=Verb.PROGRESS_UPDATE_PUBLISH,
        target=update,
        organization=update.organization,
        changes={"status": [UpdateStatus.DRAFT, UpdateStatus.PUBLISHED]},
    )
    return update


@transaction.atomic
def progress_update_hide(
    *, acting_user: User, update: ProgressUpdate, reason: str
) -> ProgressUpdate:
    """A coordinator hides a published update with a reason: kept, audited, never counted."""
    update = locked(update, "action")
    require("lap.hide_progress_update", acting_user, update)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the update is hidden.")})
    limits.check(reason=(reason, limits.REASON))
    update.status, update.hidden_reason = UpdateStatus.HIDDEN, reason
    update.save(update_fields=["status", "hidden_reason", "updated_at"])
    record(
        actor=acting_user,
        verb=Verb.PROGRESS_UPDATE_HIDE,
        target=update,
        organization=update.organization,
        changes={"status": [UpdateStatus.PUBLISHED, UpdateStatus.HIDDEN], "reason": reason},
    )
    return update


# --- Reminders ----------------------------------------------------------------------------------


@transaction.atomic
def progress_reminder_record(*, action_id: int) -> ProgressReminder | None:
    """Record a reminder for an action in progress without news, unless it is no longer due.

    Called by the scheduled task (no acting person), under a lock on the action so that two runs
    at once record one reminder. A reminder recorded but never sent is handed to a worker again
    rather than recorded twice. Returns None when nothing is due."""
    from lap.selectors.implementation import actions_without_news
    from lap.tasks.implementation import send_progress_reminder

    action = Action.objects.select_for_update().filter(pk=action_id).first()
    if action is None:
        return None
    unsent = (
        ProgressReminder.objects.filter(action=action, sent_at__isnull=True)
        .order_by("created_at")
        .first()
    )
    if unsent is not None:
        send_progress_reminder.delay_on_commit(unsent.pk)  # type: ignore[attr-defined]
        return None
    if not actions_without_news().filter(pk=action_id).exists():
        return None
    reminder = ProgressReminder.objects.create(action=action)
    record(actor=None, verb=Verb.PROGRESS_REMIND, target=action)
    send_progress_reminder.delay_on_commit(reminder.pk)  # type: ignore[attr-defined]
    return reminder
