"""Reads about implementation: milestones, progress updates and progress (DESIGN.md
"Implementation tracking and results").

Published updates are as public as their action and name the organization, never the person;
drafts and hidden updates are seen by the members of the update's organization, its author, the
facilitator who wrote it and coordinators.

Progress of an action: the percent of its latest published update (by date) that has one, else
the share of its milestones done, else unknown; a completed action is at 100%. An objective's
progress is the mean over its approved, in-progress, completed and suspended actions with a
progress, weighted by each one's need in PEN at today's rates when every such action has a
positive weight, else with equal weights; an action whose weight needs a missing rate is left
out and named, and actions with unknown progress are left out and counted.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from lap.models.actions import Action, ActionState, ActionTransition
from lap.models.implementation import (
    Milestone,
    ProgressReminder,
    ProgressUpdate,
    ProgressUpload,
    UpdateStatus,
)
from lap.models.objectives import Objective
from lap.models.resources import (
    MONEY_UNITS,
    Commitment,
    CommitmentStatus,
    Delivery,
    ExchangeRate,
    ResourceNeed,
)
from lap.selectors.actions import PUBLIC_STATES, actions_visible_to, sees_everything
from lap.selectors.resources import Rates
from stakeholders.models import Membership, MembershipStatus

if TYPE_CHECKING:
    from lap.selectors.actions import Person
    from stakeholders.models import ApiKey

# The actions whose progress counts towards an objective's.
COUNTED_STATES = (
    ActionState.APPROVED,
    ActionState.IN_PROGRESS,
    ActionState.COMPLETED,
    ActionState.SUSPENDED,
)
# The actions whose implementation pages are shown (those that reached approval and stayed).
FOLLOWED_STATES = COUNTED_STATES
HUNDRED = Decimal(100)
PLACES = Decimal("0.01")


def _percent(value: Decimal) -> Decimal:
    return value.quantize(PLACES, rounding=ROUND_HALF_UP)


def updates_visible_to(
    user: "Person", *, api_key: "ApiKey | None" = None
) -> QuerySet[ProgressUpdate]:
    """Progress updates the person, visitor or partner key may see, with their action and
    organization."""
    updates = ProgressUpdate.objects.select_related("action", "organization").filter(
        action__in=actions_visible_to(user, api_key=api_key).values("pk")
    )
    if sees_everything(user):
        return updates
    published = Q(status=UpdateStatus.PUBLISHED)
    if not getattr(user, "is_authenticated", False):
        return updates.filter(published)
    own_organizations = Membership.objects.filter(
        user=user.pk, status=MembershipStatus.ACTIVE
    ).values("organization_id")
    return updates.filter(
        published
        | Q(organization__in=own_organizations)
        | Q(author=user.pk)
        | Q(entered_by=user.pk)
    )


def milestones_visible_to(
    user: "Person", *, api_key: "ApiKey | None" = None
) -> QuerySet[Milestone]:
    """Milestones of the actions the person may see (they are as public as their action)."""
    return Milestone.objects.select_related("action").filter(
        action__in=actions_visible_to(user, api_key=api_key).values("pk")
    )


def milestones_of(action: Action) -> QuerySet[Milestone]:
    """One action's milestones in due order, with who marked them done."""
    return (
        Milestone.objects.filter(action=action).select_related("done_by").order_by("due_on", "id")
    )


def timeline_updates(*, user: "Person", action: Action) -> QuerySet[ProgressUpdate]:
    """The updates of one action the person may see, newest first, with their attachments."""
    return (
        updates_visible_to(user)
        .filter(action=action)
        .prefetch_related("attachments")
        .order_by("-reported_on", "-id")
    )


def progress_uploads() -> QuerySet[ProgressUpload]:
    """Bulk progress files, newest first, without their rows (a page lists many), with how many
    updates each published. Coordinators' reading: the views check the permission."""
    return (
        ProgressUpload.objects.defer("rows")
        .select_related("created_by", "committed_by")
        .annotate(published_count=Count("updates"))
        .order_by("-created_at", "-id")  # Meta.ordering is dropped by the GROUP BY
    )


def upload_updates(upload: ProgressUpload) -> QuerySet[ProgressUpdate]:
    """The updates a committed file published, in the file's order."""
    return upload.updates.select_related("action").order_by("id")


def actions_without_news(*, now: datetime.datetime | None = None) -> QuerySet[Action]:
    """Actions in progress with no update published for LAP_PROGRESS_STALE_AFTER (counted from
    when they started when they have none), not reminded for LAP_PROGRESS_REMINDER_INTERVAL."""
    now = now or timezone.now()
    stale = now - settings.LAP_PROGRESS_STALE_AFTER
    latest_news = (
        ProgressUpdate.objects.filter(action=OuterRef("pk"), status=UpdateStatus.PUBLISHED)
        .order_by("-published_at")
        .values("published_at")[:1]
    )
    started = (
        ActionTransition.objects.filter(action=OuterRef("pk"), to_state=ActionState.IN_PROGRESS)
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    reminded = ProgressReminder.objects.filter(
        action=OuterRef("pk"), created_at__gt=now - settings.LAP_PROGRESS_REMINDER_INTERVAL
    )
    return (
        Action.objects.filter(state=ActionState.IN_PROGRESS)
        .annotate(latest_news=Subquery(latest_news), started=Subquery(started))
        .filter(Q(latest_news__isnull=True) | Q(latest_news__lt=stale))
        .filter(Q(started__isnull=True) | Q(started__lt=stale))
        .exclude(Exists(reminded))
        .order_by("pk")
    )


def actions_by_state() -> dict[str, int]:
    """How many actions the public sees in each public state (zeros included), in one query."""
    counts = dict(
        Action.objects.filter(state__in=PUBLIC_STATES)
        .order_by()
        .values_list("state")
        .annotate(count=Count("pk"))
        .values_list("state", "count")
    )
    return {state: counts.get(state, 0) for state in PUBLIC_STATES}


# --- Progress ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ActionProgress:
    action_id: int
    objective_id: int
    title: str
    percent: Decimal | None  # None: unknown; unrounded (a share of milestones is 28 digits)
    source: str  # "update", "milestones", "completed" or "unknown"

    @property
    def rounded(self) -> Decimal | None:
        return None if self.percent is None else _percent(self.percent)


@dataclass(slots=True)
class ObjectiveProgress:
    objective: Objective
    percent: Decimal | None = None
    weighting: str = "none"  # "need" (by PEN need), "equal", or "none" (nothing reports)
    counted: int = 0  # actions whose progress is in the mean
    total: int = 0  # actions in the counted states
    unknown: int = 0  # left out: no progress known
    unconverted: list[ActionProgress] = field(default_factory=list)  # left out: missing rate


def _latest_percent() -> Subquery:
    latest = ProgressUpdate.objects.filter(
        action=OuterRef("pk"), status=UpdateStatus.PUBLISHED, percent__isnull=False
    ).order_by("-reported_on", "-id")
    return Subquery(latest.values("percent")[:1], output_field=IntegerField())


def _milestone_count(done: bool) -> Subquery:
    milestones = Milestone.objects.filter(action=OuterRef("pk"))
    if done:
        milestones = milestones.filter(done_on__isnull=False)
    counted = milestones.order_by().values("action").annotate(count=Count("pk")).values("count")
    return Subquery(counted, output_field=IntegerField())


def action_progress(actions: QuerySet[Action]) -> list[ActionProgress]:
    """Progress of each of these actions, in one query."""
    rows = actions.annotate(
        latest_percent=_latest_percent(),
        milestone_count=_milestone_count(done=False),
        done_count=_milestone_count(done=True),
    ).values_list(
        "pk", "objective_id", "title", "state", "latest_percent", "milestone_count", "done_count"
    )
    progress = []
    for pk, objective_id, title, state, latest, milestones, done in rows:
        if state == ActionState.COMPLETED:
            percent, source = HUNDRED, "completed"
        elif latest is not None:
            percent, source = Decimal(latest), "update"
        elif milestones:
            percent, source = Decimal(done or 0) * HUNDRED / milestones, "milestones"
        else:
            percent, source = None, "unknown"
        progress.append(ActionProgress(pk, objective_id, title, percent, source))
    return progress


def need_weights(
    action_ids: list[int], *, on: datetime.date | None = None
) -> dict[int, Decimal | None]:
    """Each action's total need in PEN at the rates in force `on` (today): money needs converted,
    other needs by their PEN estimate; None when a money need has no rate to convert it."""
    rates = Rates.on_date(on or timezone.localdate())
    weights: dict[int, Decimal | None] = dict.fromkeys(action_ids, Decimal(0))
    needs = ResourceNeed.objects.filter(action_id__in=action_ids).values_list(
        "action_id", "unit", "amount", "estimated_value_pen"
    )
    for action_id, unit, amount, estimate in needs:
        if unit in MONEY_UNITS:
            value = rates.convert(amount, unit, "PEN")
        else:
            value = estimate or Decimal(0)
        current = weights[action_id]
        weights[action_id] = None if current is None or value is None else current + value
    return weights


def objective_progress(*, on: datetime.date | None = None) -> list[ObjectiveProgress]:
    """Every objective's progress (DESIGN.md), in objective order; a constant number of queries."""
    objectives = {
        objective.pk: ObjectiveProgress(objective) for objective in Objective.objects.all()
    }
    actions = action_progress(Action.objects.filter(state__in=COUNTED_STATES).order_by("pk"))
    known = [action for action in actions if action.percent is not None]
    weights = need_weights([action.action_id for action in known], on=on)
    for action in actions:
        objectives[action.objective_id].total += 1
        if action.percent is None:
            objectives[action.objective_id].unknown += 1
    # objective -> (percent, weight) of each action in its mean
    included: dict[int, list[tuple[Decimal, Decimal]]] = {pk: [] for pk in objectives}
    for action in known:
        weight = weights[action.action_id]
        if weight is None:
            objectives[action.objective_id].unconverted.append(action)
        elif action.percent is not None:
            included[action.objective_id].append((action.percent, weight))
    for pk, members in included.items():
        summary = objectives[pk]
        summary.counted = len(members)
        if not members:
            continue
        by_need = all(weight > 0 for _percent_done, weight in members)
        summary.weighting = "need" if by_need else "equal"
        if by_need:
            total = sum((weight for _percent_done, weight in members), Decimal(0))
            weighted = sum((done * weight for done, weight in members), Decimal(0))
            summary.percent = _percent(weighted / total)
        else:
            done_sum = sum((done for done, _weight in members), Decimal(0))
            summary.percent = _percent(done_sum / len(members))
    return list(objectives.values())


# --- Resources per objective (the results dashboard) -------------------------------------------

RESOURCE_FIGURES = ("need", "confirmed", "delivered")


@dataclass(slots=True)
class ObjectiveResources:
    """Money needed, confirmed and delivered for an objective's actions, in PEN; what could not
    be converted (no rate) stays in its currency in `unconverted`: (figure, currency, amount)."""

    objective: Objective | None  # None: the plan's total
    need: Decimal = Decimal(0)
    confirmed: Decimal = Decimal(0)
    delivered: Decimal = Decimal(0)
    unconverted: list[tuple[str, str, Decimal]] = field(default_factory=list)


@dataclass(slots=True)
class ResourcesByObjective:
    on: datetime.date
    states: tuple[str, ...]
    objectives: list[ObjectiveResources]
    total: ObjectiveResources
    rates_used: list[ExchangeRate]
    missing_rates: list[str]


def resources_by_objective(*, on: datetime.date | None = None) -> ResourcesByObjective:
    """Money needs, confirmed commitments and their deliveries of the actions counted in
    progress (COUNTED_STATES), summed by the database per objective and currency, converted to
    PEN at the rates in force `on` (today) and rounded half-up per sum. Public aggregates, as on
    the home page: never by organization. Five queries whatever the data."""
    on = on or timezone.localdate()
    rates = Rates.on_date(on)
    counted = {"action__state__in": COUNTED_STATES}
    sums = {
        "need": ResourceNeed.objects.filter(unit__in=MONEY_UNITS, **counted).values_list(
            "action__objective_id", "unit"
        ),
        "confirmed": Commitment.objects.filter(
            status=CommitmentStatus.CONFIRMED,
            unit__in=MONEY_UNITS,
            **{f"need__{key}": value for key, value in counted.items()},
        ).values_list("need__action__objective_id", "unit"),
        "delivered": Delivery.objects.filter(
            commitment__status=CommitmentStatus.CONFIRMED,
            commitment__unit__in=MONEY_UNITS,
            **{f"commitment__need__{key}": value for key, value in counted.items()},
        ).values_list("commitment__need__action__objective_id", "commitment__unit"),
    }
    lines = {pk: ObjectiveResources(objective) for pk, objective in _objectives().items()}
    total = ObjectiveResources(None)
    for figure, rows in sums.items():
        for objective_id, unit, amount in rows.annotate(total=Sum("amount")).order_by():
            line = lines[objective_id]
            converted = rates.convert(amount, unit, "PEN")
            if converted is None:
                line.unconverted.append((figure, unit, amount))
                total.unconverted.append((figure, unit, amount))
                continue
            setattr(line, figure, getattr(line, figure) + converted)
            setattr(total, figure, getattr(total, figure) + converted)
    total.unconverted = _summed(total.unconverted)
    return ResourcesByObjective(
        on=on,
        states=COUNTED_STATES,
        objectives=list(lines.values()),
        total=total,
        rates_used=sorted(rates.used.values(), key=lambda rate: rate.currency),
        missing_rates=sorted(rates.missing),
    )


def _objectives() -> dict[int, Objective]:
    return {objective.pk: objective for objective in Objective.objects.order_by("order", "code")}


def _summed(parts: list[tuple[str, str, Decimal]]) -> list[tuple[str, str, Decimal]]:
    """(figure, currency, amount) parts added up per figure and currency, in figure order."""
    sums: dict[tuple[str, str], Decimal] = {}
    for figure, currency, amount in parts:
        sums[(figure, currency)] = sums.get((figure, currency), Decimal(0)) + amount
    return [
        (figure, currency, amount)
        for (figure, currency), amount in sorted(
            sums.items(), key=lambda item: (RESOURCE_FIGURES.index(item[0][0]), item[0][1])
        )
    ]
