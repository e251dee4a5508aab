"""Every write about implementation: milestones and progress updates (DESIGN.md
"Implementation tracking and results"). Keyword-only, atomic, permission-checked, audited."""

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lap import limits
from lap.audit import Verb, record
from lap.documents import validate_document
from lap.models.actions import Action
from lap.models.implementation import (
    IMPLEMENTATION_STATES,
    Milestone,
    ProgressAttachment,
    ProgressReminder,
    ProgressUpdate,
    ProgressUpload,
    UpdateStatus,
)
from lap.photos import without_metadata
from lap.progress_files import RawRow, read_progress_file
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


# --- Bulk progress files ------------------------------------------------------------------------

# Dates as people write them in Peru (day first) and as ISO (what XLSX dates become).
DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


@dataclass
class CheckedRow:
    """A row of a bulk file with what it means and, when it cannot be committed, why not (in
    the language active when it was checked)."""

    row: RawRow
    action: Action | None = None
    reported_on: datetime.date | None = None
    percent: int | None = None
    narrative: str = ""
    errors: list[str] = field(default_factory=list)


def _parse_action_id(text: str) -> int | None:
    text = text.strip().lstrip("#")
    return int(text) if text.isascii() and text.isdigit() and int(text) <= limits.ID_MAX else None


def _parse_date(text: str) -> datetime.date | None:
    if match := ISO_DATE.match(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := DAY_FIRST.match(text):
        day, month, year = (int(part) for part in match.groups())
    else:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _parse_percent(text: str) -> int | None:
    """A whole number (40, 40 %, 40.0, 40,0); ValueError for anything else."""
    text = text.strip().removesuffix("%").strip().replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation as error:
        raise ValueError(text) from error
    if not number.is_finite() or number != number.to_integral_value():
        raise ValueError(text)
    return int(number)


def _check_row(row: RawRow, actions: dict[int, Action]) -> CheckedRow:
    checked = CheckedRow(row=row)
    action_id = _parse_action_id(row.action)
    if not row.action:
        checked.errors.append(_("Give the action's number."))
    elif action_id is None:
        checked.errors.append(_("“%(text)s” is not an action number.") % {"text": row.action})
    elif (action := actions.get(action_id)) is None:
        checked.errors.append(_("There is no action %(number)d.") % {"number": action_id})
    elif action.state not in IMPLEMENTATION_STATES:
        checked.errors.append(
            _(
                "Action %(number)d is %(state)s: updates are recorded while an action is "
                "approved, in progress or suspended."
            )
            % {"number": action_id, "state": action.get_state_display()}
        )
    else:
        checked.action = action
    reported_on = _parse_date(row.date) if row.date else None
    if row.date and reported_on is None:
        checked.errors.append(
            _("“%(text)s” is not a date; write it as 2026-11-30 or 30/11/2026.")
            % {"text": row.date}
        )
    percent = None
    if row.percent:
        try:
            percent = _parse_percent(row.percent)
        except ValueError:
            percent = -1  # reported by the rules below, with the form's message
    try:
        cleaned = _clean_update(reported_on, percent, row.narrative)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            if name == "reported_on" and row.date and reported_on is None:
                continue  # already said: not a date
            checked.errors.extend(messages)
    else:
        checked.reported_on, checked.percent = cleaned["reported_on"], cleaned["percent"]
        checked.narrative = cleaned["narrative"]
    return checked


def check_progress_rows(rows: Sequence[RawRow]) -> list[CheckedRow]:
    """Every row of a bulk file checked as the update form would check it, plus: an action that
    exists and is being implemented, no row twice, no row already published. Three queries."""
    ids = {action_id for row in rows if (action_id := _parse_action_id(row.action)) is not None}
    actions = {
        action.pk: action for action in Action.objects.filter(pk__in=ids).only("title", "state")
    }
    checked_rows = [_check_row(row, actions) for row in rows]
    published = set(
        ProgressUpdate.objects.filter(
            action_id__in=actions,
            status=UpdateStatus.PUBLISHED,
            reported_on__in={c.reported_on for c in checked_rows if c.reported_on},
        ).values_list("action_id", "reported_on", "percent", "narrative")
    )
    first_seen: dict[tuple[Any, ...], int] = {}
    for checked in checked_rows:
        if checked.errors or checked.action is None:
            continue
        key = (checked.action.pk, checked.reported_on, checked.percent, checked.narrative)
        if key in first_seen:
            checked.errors.append(
                _("This row repeats row %(number)d.") % {"number": first_seen[key]}
            )
        elif key in published:
            checked.errors.append(_("This update is already published for the action."))
        first_seen.setdefault(key, checked.row.number)
    return checked_rows


def upload_rows(upload: ProgressUpload) -> list[RawRow]:
    return [RawRow.from_list(values) for values in upload.rows]


@transaction.atomic
def progress_upload_create(*, acting_user: User, file: UploadedFile) -> ProgressUpload:
    """Read a bulk file and keep its rows for the preview; nothing is published yet."""
    require("lap.upload_progress", acting_user)
    try:
        rows = read_progress_file(file)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    name = (file.name or "progress").replace("\x00", "")[: limits.TITLE]
    upload = ProgressUpload.objects.create(
        file_name=name,
        rows=[row.as_list() for row in rows],
        row_count=len(rows),
        created_by=acting_user,
    )
    record(
        actor=acting_user,
        verb=Verb.PROGRESS_UPLOAD_CREATE,
        target=upload,
        changes={"file": name, "rows": len(rows)},
    )
    return upload


def _already_committed(upload: ProgressUpload) -> ValidationError:
    return ValidationError(_("This file was already committed; its updates are published."))


# The first errors a refused commit names (the preview lists them all).
ERRORS_NAMED = 5


@transaction.atomic
def progress_upload_commit(*, acting_user: User, upload: ProgressUpload) -> list[ProgressUpdate]:
    """Every row of the file becomes a published update by the coordinator, of no organization,
    or, when any row is wrong, none does. The actions are locked first, so that none leaves
    implementation between the check and the insert."""
    upload = locked(upload)
    require("lap.upload_progress", acting_user, upload)
    if upload.is_committed:
        raise _already_committed(upload)
    rows = upload_rows(upload)
    ids = {action_id for row in rows if (action_id := _parse_action_id(row.action)) is not None}
    list(Action.objects.select_for_update().filter(pk__in=ids).order_by("pk").values("pk"))
    checked_rows = check_progress_rows(rows)
    wrong = [checked for checked in checked_rows if checked.errors]
    if wrong:
        named = [
            _("Row %(number)d: %(error)s") % {"number": c.row.number, "error": " ".join(c.errors)}
            for c in wrong[:ERRORS_NAMED]
        ]
        raise ValidationError(
            [
                ngettext(
                    "%(count)d row cannot be committed; nothing was published.",
                    "%(count)d rows cannot be committed; nothing was published.",
                    len(wrong),
                )
                % {"count": len(wrong)},
                *named,
            ]
        )
    now = timezone.now()
    updates = ProgressUpdate.objects.bulk_create(
        # A row without errors has its action and date.
        ProgressUpdate(  # type: ignore[misc]
            action=checked.action,
            reported_on=checked.reported_on,
            percent=checked.percent,
            narrative=checked.narrative,
            author=acting_user,
            organization=None,
            status=UpdateStatus.PUBLISHED,
            published_at=now,
            published_by=acting_user,
            upload=upload,
        )
        for checked in checked_rows
    )
    for update in updates:
        record(
            actor=acting_user,
            verb=Verb.PROGRESS_UPDATE_CREATE,
            target=update,
            changes={
                "action": update.action_id,
                "percent": update.percent,
                "status": UpdateStatus.PUBLISHED,
                "upload": upload.pk,
            },
        )
    upload.committed_at, upload.committed_by = now, acting_user
    upload.save(update_fields=["committed_at", "committed_by"])
    record(
        actor=acting_user,
        verb=Verb.PROGRESS_UPLOAD_COMMIT,
        target=upload,
        changes={"updates": len(updates)},
    )
    return updates


@transaction.atomic
def progress_upload_delete(*, acting_user: User, upload: ProgressUpload) -> None:
    """Discard a file that was not committed (a committed one stays: its updates name it)."""
    upload = locked(upload)
    require("lap.upload_progress", acting_user, upload)
    if upload.is_committed:
        raise _already_committed(upload)
    record(
        actor=acting_user,
        verb=Verb.PROGRESS_UPLOAD_DELETE,
        target=upload,
        changes={"file": upload.file_name, "rows": upload.row_count},
    )
    upload.delete()


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
