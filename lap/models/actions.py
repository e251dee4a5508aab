"""Models: key actions of the plan, their lifecycle, comments and consent (FPIC)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from lap.models.objectives import Objective

__all__ = ["Action", "ActionState", "OPEN_STATES", "FUNDING_LISTED_STATES"]


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
    description = models.TextField(_("description"))
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
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
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
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES
