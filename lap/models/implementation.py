"""Implementation of approved actions: milestones and progress updates (DESIGN.md
"Implementation tracking and results")."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lap import limits
from lap.models.actions import Action, ActionState

__all__ = [
    "IMPLEMENTATION_STATES",
    "Milestone",
    "ProgressAttachment",
    "ProgressReminder",
    "ProgressUpdate",
    "ProgressUpload",
    "UpdateStatus",
]


def both_or_neither(name: str, first: str, second: str) -> models.CheckConstraint:
    """A constraint that two nullable fields (a date and who set it) are set together."""
    return models.CheckConstraint(
        name=name,
        condition=Q(**{f"{first}__isnull": True, f"{second}__isnull": True})
        | Q(**{f"{first}__isnull": False, f"{second}__isnull": False}),
    )


# While an action is in one of these states its milestones and updates are written.
IMPLEMENTATION_STATES = (ActionState.APPROVED, ActionState.IN_PROGRESS, ActionState.SUSPENDED)


class Milestone(models.Model):
    """A step of an approved action with its due date, and when it was done and by whom."""

    action = models.ForeignKey(
        Action, on_delete=models.PROTECT, related_name="milestones", verbose_name=_("action")
    )
    title = models.CharField(_("title"), max_length=limits.TITLE)
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked done by"),
    )
    evidence = models.FileField(_("evidence"), upload_to="milestones/%Y/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            # Done means a date and who said so, both or neither.
            both_or_neither("milestone_done_with_its_author", "done_on", "done_by"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_on is not None


class UpdateStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden")


class ProgressUpload(models.Model):
    """A coordinator's file of progress updates, kept as it was read: what the preview showed is
    what is committed, all rows or none, once."""

    file_name = models.CharField(_("file"), max_length=limits.TITLE)
    # [[row number, action, date, percent, narrative], ...], every cell as the text written.
    rows = models.JSONField(_("rows"), default=list, editable=False)
    row_count = models.PositiveIntegerField(_("rows"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    committed_at = models.DateTimeField(_("committed"), null=True, blank=True, editable=False)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("committed by"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("bulk progress file")
        verbose_name_plural = _("bulk progress files")
        constraints = [
            both_or_neither(
                "progress_upload_committed_with_its_author", "committed_at", "committed_by"
            ),
        ]

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_committed(self) -> bool:
        return self.committed_at is not None


class ProgressUpdate(models.Model):
    """What happened in an action, told by a responsible organization (or a coordinator's bulk
    upload, with no organization): a draft until it is published."""

    action = models.ForeignKey(
        Action,
        on_delete=models.PROTECT,
        related_name="progress_updates",
        verbose_name=_("action"),
    )
    reported_on = models.DateField(_("date"))
    percent = models.PositiveSmallIntegerField(_("percent complete"), null=True, blank=True)
    narrative = models.TextField(_("narrative"), max_length=limits.DESCRIPTION)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="progress_updates",
        verbose_name=_("author"),
    )
    organization = models.ForeignKey(
        "stakeholders.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="progress_updates",
        verbose_name=_("organization"),
    )
    # A facilitator who wrote it for the author.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=UpdateStatus.choices,
        default=UpdateStatus.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("published by"),
    )
    hidden_reason = models.TextField(
        _("reason for hiding"), blank=True, max_length=limits.REASON, editable=False
    )
    # The bulk file it came from, if any.
    upload = models.ForeignKey(
        ProgressUpload,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="updates",
        editable=False,
        verbose_name=_("bulk progress file"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-reported_on", "-id"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        indexes = [
            models.Index(
                fields=["action", "status", "-reported_on", "-id"], name="progress_update_timeline"
            )
        ]
        constraints = [
            models.CheckConstraint(
                name="progress_update_percent_at_most_100",
                condition=Q(percent__isnull=True) | Q(percent__lte=100),
            ),
            # A hidden update keeps why; nothing else has a reason.
            models.CheckConstraint(
                name="progress_update_reason_only_when_hidden",
                condition=Q(status="hidden") | Q(hidden_reason=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} ({self.reported_on})"


class ProgressAttachment(models.Model):
    """A photo or document of a progress update (photos stripped of their metadata)."""

    update = models.ForeignKey(
        ProgressUpdate,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("progress update"),
    )
    file = models.FileField(_("file"), upload_to="progress/%Y/")
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.file.name


class ProgressReminder(models.Model):
    """A reminder to report on an action in progress with no published update for a while,
    kept so that an action is reminded at most once in LAP_PROGRESS_REMINDER_INTERVAL_DAYS."""

    action = models.ForeignKey(
        Action,
        on_delete=models.CASCADE,
        related_name="progress_reminders",
        verbose_name=_("action"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True, db_index=True)
    # Set once every representative was written to (lap.tasks.implementation); a reminder
    # recorded and never sent is handed to a worker again by the sweep.
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("progress reminder")
        verbose_name_plural = _("progress reminders")

    def __str__(self) -> str:
        return f"{self.action} — {self.created_at:%Y-%m-%d}"
