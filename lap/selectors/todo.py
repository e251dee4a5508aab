"""What waits for a signed-in person (DESIGN.md "Participation and inclusion", To do): for the
home page, each kind of work with the first few things to act on, in a constant number of
queries (one for the person's memberships, one per kind).

Kinds: rounds open where they have actions left to score; their organization's drafts to
submit, consents pending for the communities their organization represents, pledges to
confirm, progress updates to publish; for coordinators the review queue, overdue pledges; for
coordinators and representatives, measurements waiting for their confirmation.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from lap.models.actions import Action, ActionState, ConsentProcess, ConsentState
from lap.models.implementation import IMPLEMENTATION_STATES, ProgressUpdate, UpdateStatus
from lap.models.objectives import (
    CONFIRMATIONS_NEEDED,
    IndicatorMeasurement,
    MeasurementConfirmation,
)
from lap.models.resources import Commitment, CommitmentStatus
from lap.models.rounds import Round, RoundState, Score
from lap.selectors.resources import overdue_pledges
from stakeholders.models import Membership, MembershipRole, MembershipStatus, User

SHOWN = 5  # things listed per kind; "more" says there are others
OPEN_CONSENT = (
    ConsentState.PENDING,
    ConsentState.INFORMATION_SHARED,
    ConsentState.IN_DELIBERATION,
)


@dataclass(frozen=True, slots=True)
class TodoItem:
    object_id: int  # what the link opens: an action, a round or an objective
    title: str
    detail: str = ""


@dataclass(slots=True)
class TodoGroup:
    kind: str
    items: list[TodoItem] = field(default_factory=list)
    more: bool = False


def _group(kind: str, rows: "QuerySet[Any] | list[tuple[Any, ...]]") -> TodoGroup:
    items = [TodoItem(*row) for row in rows[: SHOWN + 1]]
    return TodoGroup(kind, items[:SHOWN], more=len(items) > SHOWN)


def todo_for(user: User) -> list[TodoGroup]:
    """The kinds with something waiting, in the order of DESIGN's list; empty when nothing."""
    memberships = list(
        Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE).values_list(
            "organization_id", "role", "organization__sector"
        )
    )
    represented = [
        org for org, role, _sector in memberships if role == MembershipRole.REPRESENTATIVE
    ]
    sectors = {sector for _org, _role, sector in memberships}
    groups = [_rounds_to_score(user, sectors)] if sectors else []
    if represented:
        groups += [
            _group(
                "drafts",
                Action.objects.filter(
                    state=ActionState.DRAFT, proposing_organization__in=represented
                )
                .order_by("updated_at", "pk")
                .values_list("pk", "title"),
            ),
            _group(
                "consents",
                ConsentProcess.objects.filter(
                    state__in=OPEN_CONSENT,
                    concerned__removed_at__isnull=True,
                    concerned__community__organization__in=represented,
                    concerned__action__state__in=(ActionState.ACCEPTED, ActionState.APPROVED),
                )
                .order_by("concerned__action_id", "pk")
                .values_list(
                    "concerned__action_id", "concerned__action__title", "concerned__community__name"
                ),
            ),
            _group(
                "pledges",
                Commitment.objects.filter(
                    status=CommitmentStatus.PLEDGED, organization__in=represented
                )
                .order_by("expected_on", "pk")
                .values_list("need__action_id", "need__action__title", "organization__name"),
            ),
        ]
    if represented or user.is_coordinator:
        drafts = ProgressUpdate.objects.filter(
            status=UpdateStatus.DRAFT, action__state__in=IMPLEMENTATION_STATES
        )
        if not user.is_coordinator:
            drafts = drafts.filter(organization__in=represented)
        groups.append(
            _group(
                "updates",
                drafts.order_by("reported_on", "pk").values_list("action_id", "action__title"),
            )
        )
    if user.is_coordinator:
        groups += [
            _group(
                "review",
                Action.objects.filter(state=ActionState.SUBMITTED)
                .order_by("updated_at", "pk")
                .values_list("pk", "title"),
            ),
            _group(
                "overdue",
                overdue_pledges().values_list(
                    "need__action_id", "need__action__title", "organization__name"
                ),
            ),
        ]
    if represented or user.is_coordinator:
        groups.append(_group("verify", _measurements_to_confirm(user)))
    return [group for group in groups if group.items]


def _rounds_to_score(user: User, sectors: set[str]) -> TodoGroup:
    """Open rounds where one of the person's sectors takes part and an action is unscored."""
    scored = Score.objects.filter(round=OuterRef("pk"), person=user).values("action")
    rounds = (
        Round.objects.filter(
            state=RoundState.OPEN,
            sector_weights__sector__in=sectors,
            sector_weights__weight__gt=0,
        )
        .annotate(
            candidate_count=Count("candidates", distinct=True),
            scored_count=Count(
                "candidates",
                filter=Q(candidates__action__in=scored),
                distinct=True,
            ),
        )
        .order_by("pk")
        .values_list("pk", "name", "candidate_count", "scored_count")
    )
    return _group(
        "score",
        [
            (pk, name, f"{candidates - done}")
            for pk, name, candidates, done in rounds
            if candidates > done
        ],
    )


def _measurements_to_confirm(user: User) -> "QuerySet[Any]":
    """Hand-entered measurements not yet verified that this person may still confirm."""
    mine = MeasurementConfirmation.objects.filter(measurement=OuterRef("pk"), person=user)
    return (
        IndicatorMeasurement.objects.filter(indicator__series="")
        .exclude(recorded_by=user)
        .annotate(confirmation_count=Count("confirmations"), confirmed=Exists(mine))
        .filter(confirmation_count__lt=CONFIRMATIONS_NEEDED, confirmed=False)
        .order_by("measured_on", "pk")
        .values_list("indicator__objective_id", "indicator__name")
    )
