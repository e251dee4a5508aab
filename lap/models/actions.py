"""Models: key actions of the plan, their lifecycle, comments and consent (FPIC)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from lap import limits
from lap.models.objectives import Objective

__all__ = [
    "CONSENT_GIVEN_STATES",
    "FUNDING_LISTED_STATES",
    "OPEN_STATES",
    "Action",
    "ActionComment",
    "ActionState",
    "ActionTransition",
    "CommunityOrigin",
    "ConcernedCommunity",
    "ConsentProcess",
    "ConsentRecord",
    "ConsentState",
]


class ActionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    APPROVED = "approved", _("Approved")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATES = (
    ActionState.DRAFT,
    ActionState.SUBMITTED,
    ActionState.ACCEPTED,
    ActionState.APPROVED,
    ActionState.IN_PROGRESS,
    ActionState.SUSPENDED,
)
# Actions whose resources appear in funding reports.
FUNDING_LISTED_STATES = (
    ActionState.ACCEPTED,
    ActionState.APPROVED,
    ActionState.IN_PROGRESS,
    ActionState.SUSPENDED,
)


class Action(models.Model):
    """A key action proposed by a member for their organization."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=limits.DESCRIPTION)
    objective = models.ForeignKey(
        Objective, on_delete=models.PROTECT, related_name="actions", verbose_name=_("objective")
    )
    districts = models.ManyToManyField(
        "territory.District", related_name="actions", verbose_name=_("districts")
    )
    crops = models.JSONField(_("crops concerned"), default=list, blank=True)
    responsible_organizations = models.ManyToManyField(
        "stakeholders.Organization",
        related_name="responsible_for_actions",
        blank=True,
        verbose_name=_("responsible organizations"),
    )
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    estimated_cost_pen = models.DecimalField(
        _("estimated cost (PEN)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="proposed_actions",
        verbose_name=_("proposer"),
    )
    proposing_organization = models.ForeignKey(
        "stakeholders.Organization",
        on_delete=models.PROTECT,
        related_name="proposed_actions",
        verbose_name=_("proposing organization"),
    )
    # A facilitator who entered the proposal on behalf of the proposer.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=ActionState.choices,
        default=ActionState.DRAFT,
        db_index=True,
    )
    # The state to return to on resume.
    suspended_from = models.CharField(
        max_length=20, choices=ActionState.choices, blank=True, editable=False
    )
    # When it first left the draft and when it was first accepted: who may see a withdrawn
    # action depends on how far it got.
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        # Lists read the newest first a page at a time: an index in that order, not a sort of
        # every action per page.
        indexes = [models.Index(F("created_at").desc(), F("id").desc(), name="action_newest_first")]
        constraints = [
            models.CheckConstraint(
                name="action_ends_after_it_starts",
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
            ),
            models.CheckConstraint(
                name="action_estimated_cost_not_negative",
                condition=Q(estimated_cost_pen__isnull=True) | Q(estimated_cost_pen__gte=0),
            ),
            # Only a suspended action remembers where to resume to.
            models.CheckConstraint(
                name="action_suspended_from_only_when_suspended",
                condition=Q(state=ActionState.SUSPENDED) | Q(suspended_from=""),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def crop_labels(self) -> list[str]:
        from territory.models import Crop

        labels = dict(Crop.choices)
        return [str(labels.get(crop, crop)) for crop in self.crops]


class ActionTransition(models.Model):
    """One move of an action through its lifecycle: who, when, why."""

    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("action")
    )
    verb = models.CharField(_("what"), max_length=20)
    from_state = models.CharField(_("from"), max_length=20, choices=ActionState.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=ActionState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("who"),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    organization = models.ForeignKey(
        "stakeholders.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("on behalf of"),
    )
    reason = models.TextField(_("reason"), blank=True, max_length=limits.REASON)
    # Set when the platform did it (a consent withdrawal suspends the action at once).
    automatic = models.BooleanField(_("automatic"), default=False)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("action transition")
        verbose_name_plural = _("action transitions")
        constraints = [
            # Reject, suspend and withdraw always say why.
            models.CheckConstraint(
                name="action_transition_reason_when_required",
                condition=~Q(verb__in=["reject", "suspend", "withdraw"]) | ~Q(reason=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_state} → {self.to_state}"


class ActionComment(models.Model):
    """A comment on an action, by a person for their organization (or a coordinator)."""

    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="comments", verbose_name=_("action")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="action_comments",
        verbose_name=_("author"),
    )
    organization = models.ForeignKey(
        "stakeholders.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_comments",
        verbose_name=_("organization"),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    body = models.TextField(_("comment"), max_length=limits.COMMENT)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment on an action")
        verbose_name_plural = _("comments on actions")
        constraints = [
            # An empty comment says nothing.
            models.CheckConstraint(name="action_comment_not_empty", condition=~Q(body="")),
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.action}"


class CommunityOrigin(models.TextChoices):
    DISTRICT = "district", _("In the action's districts")
    ADDED = "added", _("Added by hand")


class ConcernedCommunity(models.Model):
    """An Indigenous community concerned by an action: derived from its districts or added.

    A removal is kept (with its reason) so that recomputing from the districts does not bring
    the community back.
    """

    action = models.ForeignKey(
        Action,
        on_delete=models.CASCADE,
        related_name="concerned_communities",
        verbose_name=_("action"),
    )
    community = models.ForeignKey(
        "territory.IndigenousCommunity",
        on_delete=models.PROTECT,
        related_name="concerning_actions",
        verbose_name=_("community"),
    )
    origin = models.CharField(_("origin"), max_length=10, choices=CommunityOrigin.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("removed by"),
    )
    removal_reason = models.TextField(_("reason for removal"), blank=True, max_length=limits.REASON)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["community__name", "id"]
        verbose_name = _("concerned community")
        verbose_name_plural = _("concerned communities")
        constraints = [
            # One row per action and community: removal is a state of the row, not a second row.
            models.UniqueConstraint(
                fields=["action", "community"], name="concerned_community_once_per_action"
            ),
            # A removal always names who removed it and why.
            models.CheckConstraint(
                name="concerned_community_removal_has_reason",
                condition=Q(removed_at__isnull=True, removed_by__isnull=True, removal_reason="")
                | (Q(removed_at__isnull=False, removed_by__isnull=False) & ~Q(removal_reason="")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.community} — {self.action}"

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None


class ConsentState(models.TextChoices):
    PENDING = "pending", _("Pending")
    INFORMATION_SHARED = "information_shared", _("Information shared")
    IN_DELIBERATION = "in_deliberation", _("In deliberation")
    CONSENT = "consent", _("Consent")
    CONSENT_WITH_CONDITIONS = "consent_with_conditions", _("Consent with conditions")
    WITHHELD = "withheld", _("Consent withheld")
    WITHDRAWN = "withdrawn", _("Consent withdrawn")


# The states that let an action be approved or resumed.
CONSENT_GIVEN_STATES = (ConsentState.CONSENT, ConsentState.CONSENT_WITH_CONDITIONS)


def consent_document_path(instance, filename: str) -> str:
    return f"consent/{instance.process.concerned.action_id}/{filename}"


class ConsentProcess(models.Model):
    """Free, prior and informed consent of one concerned community for one action (its latest
    record; every change is kept as a ConsentRecord)."""

    concerned = models.OneToOneField(
        ConcernedCommunity,
        on_delete=models.CASCADE,
        related_name="consent",
        verbose_name=_("concerned community"),
    )
    state = models.CharField(
        _("state"),
        max_length=30,
        choices=ConsentState.choices,
        default=ConsentState.PENDING,
        db_index=True,
    )
    information_shared_on = models.DateField(_("information shared on"), null=True, blank=True)
    assembly_date = models.DateField(_("assembly date"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    languages = models.CharField(_("languages used"), max_length=200, blank=True)
    conditions = models.TextField(_("conditions"), blank=True, max_length=limits.DESCRIPTION)
    last_record = models.ForeignKey(
        "ConsentRecord",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("latest record"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["concerned__community__name"]
        verbose_name = _("consent process")
        verbose_name_plural = _("consent processes")
        constraints = [
            # Consent with conditions is meaningless without the conditions.
            models.CheckConstraint(
                name="consent_process_conditions_stated",
                condition=~Q(state="consent_with_conditions") | ~Q(conditions=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.concerned}: {self.get_state_display()}"

    @property
    def is_given(self) -> bool:
        return self.state in CONSENT_GIVEN_STATES


class ConsentRecord(models.Model):
    """One recorded change of a consent process, with its recorder and document."""

    process = models.ForeignKey(
        ConsentProcess, on_delete=models.CASCADE, related_name="records", verbose_name=_("process")
    )
    from_state = models.CharField(_("from"), max_length=30, choices=ConsentState.choices)
    state = models.CharField(_("state"), max_length=30, choices=ConsentState.choices)
    information_shared_on = models.DateField(_("information shared on"), null=True, blank=True)
    assembly_date = models.DateField(_("assembly date"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    languages = models.CharField(_("languages used"), max_length=200, blank=True)
    conditions = models.TextField(_("conditions"), blank=True, max_length=limits.DESCRIPTION)
    notes = models.TextField(_("notes"), blank=True, max_length=limits.COMMENT)
    document = models.FileField(
        _("document"), upload_to=consent_document_path, max_length=300, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    # The community's organization when its representative recorded; empty for a coordinator.
    organization = models.ForeignKey(
        "stakeholders.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("on behalf of"),
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        constraints = [
            # A record is made for the community's organization (by its representative) or,
            # by a coordinator, with a document: never by someone speaking for nobody.
            models.CheckConstraint(
                name="consent_record_organization_or_document",
                condition=Q(organization__isnull=False) | ~Q(document=""),
            ),
            models.CheckConstraint(
                name="consent_record_conditions_stated",
                condition=~Q(state="consent_with_conditions") | ~Q(conditions=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.process.concerned}: {self.from_state} → {self.state}"
