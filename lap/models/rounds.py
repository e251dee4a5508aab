"""Models: prioritization rounds, criteria, scores, result snapshots.

Stakeholders score the candidate actions of a round on weighted criteria; the results balance the
sectors so that no sector is outvoted by sheer numbers (DESIGN.md "Prioritization rounds").
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from lap import limits
from stakeholders.models import Sector

__all__ = [
    "DEFAULT_CRITERIA",
    "SCORE_MAX",
    "SCORE_MIN",
    "ActionResult",
    "Candidate",
    "Criterion",
    "Participation",
    "ResultsStatus",
    "Round",
    "RoundState",
    "Score",
    "SectorWeight",
]

SCORE_MIN = 0
SCORE_MAX = 5

# Suggested criteria for a new round: (key, name, weight).
DEFAULT_CRITERIA = (
    ("avoided_deforestation", _("Avoided deforestation"), 3),
    ("carbon", _("Carbon"), 2),
    ("water", _("Water"), 1),
    ("livelihoods", _("Livelihoods"), 2),
    ("indigenous_rights", _("Indigenous rights"), 2),
    ("feasibility", _("Feasibility"), 1),
    ("cost_effectiveness", _("Cost effectiveness"), 1),
)


class RoundState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for scoring")
    CLOSED = "closed", _("Closed")
    PUBLISHED = "published", _("Published")


class ResultsStatus(models.TextChoices):
    NONE = "none", _("Not computed")
    PENDING = "pending", _("Being computed")
    READY = "ready", _("Computed")


class Round(models.Model):
    """A prioritization round: candidates scored on weighted criteria, results by sector."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=limits.DESCRIPTION)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=RoundState.choices,
        default=RoundState.DRAFT,
        db_index=True,
    )
    quorum = models.PositiveSmallIntegerField(
        _("quorum"),
        default=3,
        help_text=_("Minimum number of sectors that must score an action for it to be ranked."),
    )
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    results_status = models.CharField(
        _("results"), max_length=10, choices=ResultsStatus.choices, default=ResultsStatus.NONE
    )
    results_computed_at = models.DateTimeField(_("results computed"), null=True, blank=True)
    # When the results were handed to a worker; pending for longer than LAP_SWEEP_PENDING, the
    # sweep hands them again (lap.tasks.sweep).
    results_pending_since = models.DateTimeField(null=True, blank=True, editable=False)
    # How many scores the stored results were computed from (shown beside them).
    results_score_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("prioritization round")
        verbose_name_plural = _("prioritization rounds")
        constraints = [
            # A quorum of zero sectors would rank actions nobody scored.
            models.CheckConstraint(name="round_quorum_at_least_one", condition=Q(quorum__gte=1)),
            models.CheckConstraint(
                name="round_closes_after_it_opens",
                condition=Q(opens_on__isnull=True)
                | Q(closes_on__isnull=True)
                | Q(closes_on__gte=F("opens_on")),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_published(self) -> bool:
        return self.state == RoundState.PUBLISHED


class Criterion(models.Model):
    """What candidates are scored on, with its weight in a person's score."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("round")
    )
    key = models.SlugField(_("key"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True, max_length=limits.DESCRIPTION)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            # Scores name criteria by key: a key means one criterion in a round.
            models.UniqueConstraint(fields=["round", "key"], name="criterion_key_unique_in_round"),
            # A weight of zero would divide a person's score by zero.
            models.CheckConstraint(name="criterion_weight_positive", condition=Q(weight__gt=0)),
        ]

    def __str__(self) -> str:
        return self.name


class SectorWeight(models.Model):
    """A sector's weight in the balanced score; 0 means the sector does not take part."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="sector_weights", verbose_name=_("round")
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2, default=1)

    class Meta:
        ordering = ["id"]
        verbose_name = _("sector weight")
        verbose_name_plural = _("sector weights")
        constraints = [
            # One weight per sector and round: the balanced score reads exactly one.
            models.UniqueConstraint(
                fields=["round", "sector"], name="sector_weight_unique_in_round"
            ),
            # A negative weight would push a sector's opinion the other way.
            models.CheckConstraint(name="sector_weight_not_negative", condition=Q(weight__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.get_sector_display()}: {self.weight}"


class Candidate(models.Model):
    """An accepted action chosen for a round; it stays a candidate whatever happens later."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="candidates", verbose_name=_("round")
    )
    action = models.ForeignKey(
        "lap.Action",
        on_delete=models.PROTECT,
        related_name="round_candidacies",
        verbose_name=_("action"),
    )

    class Meta:
        ordering = ["action_id"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            # An action is a candidate once per round.
            models.UniqueConstraint(
                fields=["round", "action"], name="candidate_action_unique_in_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.action_id}"


class Participation(models.Model):
    """The organization (and so the sector) a person scores for in a round: fixed by the first
    score."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="participations", verbose_name=_("round")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="round_participations",
        verbose_name=_("person"),
    )
    organization = models.ForeignKey(
        "stakeholders.Organization",
        on_delete=models.PROTECT,
        related_name="round_participations",
        verbose_name=_("organization"),
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    created_at = models.DateTimeField(_("first score"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            # A person counts for one organization, and one sector, in a round.
            models.UniqueConstraint(
                fields=["round", "person"], name="participation_one_per_person_and_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.organization}"


class Score(models.Model):
    """One person's score of one candidate on one criterion. Private to its author."""

    # No index of its own: the unique (round, person, action, criterion) starts with the round.
    round = models.ForeignKey(
        Round,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("round"),
        db_index=False,
    )
    action = models.ForeignKey(
        "lap.Action", on_delete=models.PROTECT, related_name="+", verbose_name=_("action")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="scores", verbose_name=_("criterion")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="round_scores",
        verbose_name=_("person"),
    )
    # Copied from the person's participation (fixed for the round), so that the results group
    # the scores without a join.
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    value = models.PositiveSmallIntegerField(_("value"))
    # A facilitator who entered the score on behalf of the person.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            # One score per person, action and criterion: a new score replaces the old one.
            models.UniqueConstraint(
                fields=["round", "person", "action", "criterion"],
                name="score_one_per_person_action_criterion",
            ),
            # Scores are integers from 0 to 5.
            models.CheckConstraint(
                name="score_value_between_0_and_5",
                condition=Q(value__gte=SCORE_MIN) & Q(value__lte=SCORE_MAX),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.action_id}/{self.criterion_id}"


class ActionResult(models.Model):
    """A candidate's line in the stored results of a round (frozen once published).

    Values are rounded half-up to 6 decimals. `sectors` holds, per sector that scored the action,
    {"sector", "score", "persons"}; the score of a sector based on one person is not stored (it
    would reveal that person's score), though it counts in B.
    """

    # No index of its own: the unique (round, action) constraint starts with the round.
    round = models.ForeignKey(
        Round,
        on_delete=models.CASCADE,
        related_name="results",
        verbose_name=_("round"),
        db_index=False,
    )
    action = models.ForeignKey(
        "lap.Action",
        on_delete=models.PROTECT,
        related_name="round_results",
        verbose_name=_("action"),
    )
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    insufficient = models.BooleanField(_("insufficient"), default=False)
    balanced = models.DecimalField(
        _("balanced score"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    consensus = models.DecimalField(
        _("consensus"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    raw_mean = models.DecimalField(
        _("raw mean"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    persons = models.PositiveIntegerField(_("persons"), default=0)
    sector_count = models.PositiveSmallIntegerField(_("sectors"), default=0)
    sectors = models.JSONField(_("sector scores"), default=list, blank=True)

    class Meta:
        ordering = [F("rank").asc(nulls_last=True), "action_id"]
        verbose_name = _("action result")
        verbose_name_plural = _("action results")
        constraints = [
            # One line per candidate in a round's results.
            models.UniqueConstraint(fields=["round", "action"], name="result_one_per_action"),
            # A ranked action has enough sectors; an insufficient one has no rank.
            models.CheckConstraint(
                name="result_rank_only_when_sufficient",
                condition=Q(insufficient=True, rank__isnull=True)
                | Q(insufficient=False, rank__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.action_id} #{self.rank}"

    @property
    def sector_lines(self) -> list[dict]:
        """The sector scores in sector order, each with its person count (a single person's
        sector score is that person's score, shown like the others: DESIGN.md)."""
        return [
            {**line, "label": Sector(line["sector"]).label}
            for line in sorted(self.sectors or [], key=lambda line: line["sector"])
        ]
