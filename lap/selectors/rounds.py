"""Reads about prioritization rounds, shared by pages, the API and other areas of the plan."""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, QuerySet

from lap.models.rounds import (
    DEFAULT_CRITERIA,
    ActionResult,
    Candidate,
    Criterion,
    Participation,
    ResultsStatus,
    Round,
    RoundState,
    Score,
    SectorWeight,
)
from stakeholders.models import User
from stakeholders.selectors import active_organizations

# Who reads: a signed-in person or an anonymous visitor.
Viewer = User | AnonymousUser


def default_criteria() -> list[dict[str, Any]]:
    """The criteria a new round starts with (DESIGN.md; the coordinator may change them)."""
    return [
        {"key": key, "name": str(name), "description": "", "weight": Decimal(weight)}
        for key, name, weight in DEFAULT_CRITERIA
    ]


def taking_part_sectors(round_: Round) -> list[str]:
    """The sectors of weight above 0: those whose members score and that count in the quorum."""
    return list(
        round_.sector_weights.filter(weight__gt=0).order_by("id").values_list("sector", flat=True)
    )


def quorum_limit(round_: Round) -> int:
    """The largest possible quorum: taking-part sectors that have an active organization."""
    sectors = set(taking_part_sectors(round_))
    active = set(active_organizations().values_list("sector", flat=True))
    return len(sectors & active)


def rounds_visible_to(user: Viewer) -> "QuerySet[Round]":
    """Drafts are for coordinators; open, closed and published rounds are public (their
    results only once published)."""
    rounds = Round.objects.annotate(candidate_count=Count("candidates", distinct=True)).order_by(
        "-created_at", "-id"
    )
    if not user.has_perm("lap.manage_round"):
        rounds = rounds.exclude(state=RoundState.DRAFT)
    return rounds.prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.order_by("order", "id")),
        Prefetch("sector_weights", queryset=SectorWeight.objects.order_by("id")),
    )


def candidates_of(round_: Round) -> "QuerySet[Candidate]":
    return Candidate.objects.filter(round=round_).select_related("action").order_by("action_id")


RESULTS_STATES = (RoundState.CLOSED, RoundState.PUBLISHED)


def can_see_results(user: Viewer, round_: Round) -> bool:
    """Nobody, coordinators and the superuser included, sees results of a draft or open round;
    coordinators see a closed round's, everyone a published one's."""
    return round_.state in RESULTS_STATES and user.has_perm("lap.see_round_results", round_)


def round_results(*, user: Viewer, round_: Round) -> "QuerySet[ActionResult]":
    """The stored results of the round if the user may see them: published snapshots for
    everyone, a closed round's results for coordinators only, nothing of an open round."""
    if not can_see_results(user, round_):
        return ActionResult.objects.none()
    return ActionResult.objects.filter(round=round_).select_related("action")


def can_see_participation(user: Viewer, round_: Round) -> bool:
    return user.has_perm("lap.manage_round", round_)


def scoring_participation(
    *, user: Viewer, round_: Round, candidates: Iterable[Candidate] | None = None
) -> list[dict[str, Any]]:
    """For those who run rounds: per candidate, how many persons of each taking-part sector have
    scored it (counts, never values), in candidate order. Two queries whatever the number of
    candidates and sectors (the round's sector weights come prefetched by rounds_visible_to).

    `candidates`: a page of candidates_of(round_), or all of them."""
    if not can_see_participation(user, round_):
        return []
    candidates = list(candidates if candidates is not None else candidates_of(round_))
    sectors = [weight.sector for weight in round_.sector_weights.all() if weight.weight > 0]
    scores = Score.objects.filter(round=round_)
    if len(candidates) < 500:
        scores = scores.filter(action_id__in=[candidate.action_id for candidate in candidates])
    counts: dict[int, dict[str, int]] = {}
    for action_id, sector, persons in (
        scores.values("action_id", "sector")
        .annotate(persons=Count("person", distinct=True))
        .order_by()
        .values_list("action_id", "sector", "persons")
    ):
        counts.setdefault(action_id, {})[sector] = persons
    lines = []
    for candidate in candidates:
        by_sector = counts.get(candidate.action_id, {})
        lines.append(
            {
                "action": candidate.action_id,
                "action_title": candidate.action.title,
                "persons": sum(by_sector.get(sector, 0) for sector in sectors),
                "sectors": [
                    {"sector": sector, "persons": by_sector.get(sector, 0)} for sector in sectors
                ],
            }
        )
    return lines


def results_ready(round_: Round) -> bool:
    return round_.results_status == ResultsStatus.READY


def own_scores(*, user: Viewer, round_: Round) -> "QuerySet[Score]":
    """A person's own scores in a round: nobody else, coordinators included, reads them."""
    if not user.is_authenticated:
        return Score.objects.none()
    return (
        Score.objects.filter(round=round_, person=user)
        .select_related("criterion")
        .order_by("action_id", "criterion__order", "criterion_id")
    )


def scores_entered_by(*, viewer: User, person: User, round_: Round) -> "QuerySet[Score]":
    """Scores of `person` that `viewer` may read: all of their own, or, for a facilitator
    scoring on a member's behalf, only those the facilitator entered (the member's own scores
    stay private to the member)."""
    scores = own_scores(user=person, round_=round_)
    if getattr(person, "pk", None) != getattr(viewer, "pk", None):
        scores = scores.filter(entered_by=viewer)
    return scores


def participation_of(*, user: Viewer, round_: Round) -> Participation | None:
    if not user.is_authenticated:
        return None
    return (
        Participation.objects.select_related("organization")
        .filter(round=round_, person=user)
        .first()
    )


def scored_action_ids(*, user: Viewer, round_: Round) -> set[int]:
    return set(own_scores(user=user, round_=round_).values_list("action_id", flat=True))


def latest_published_round() -> Round | None:
    return (
        Round.objects.filter(state=RoundState.PUBLISHED, results_status=ResultsStatus.READY)
        .order_by("-published_at", "-id")
        .first()
    )


def latest_published_ranks() -> dict[int, int | None]:
    """{action id: rank} from the latest published round (None for unranked candidates).

    Used by the funding-gap report to list actions in priority order. Until a round is
    published (and its snapshot computed), the mapping is empty.
    """
    round_ = latest_published_round()
    if round_ is None:
        return {}
    return dict(ActionResult.objects.filter(round=round_).values_list("action_id", "rank"))


MOVE_FIELDS = ("action_id", "action__title", "rank", "balanced", "raw_mean", "persons")


def balancing_moves(round_: Round) -> list[dict[str, Any]]:
    """Ranked actions whose place by the balanced score B differs from their place by the raw
    mean R: where balancing the sectors changed the order. Largest moves first."""
    ranked = list(
        ActionResult.objects.filter(round=round_, rank__isnull=False)
        .order_by("rank")
        .values(*MOVE_FIELDS)
    )
    by_raw = sorted(ranked, key=lambda r: (-r["raw_mean"], -r["persons"], r["action_id"]))
    raw_place = {line["action_id"]: place for place, line in enumerate(by_raw, start=1)}
    moves = [
        {**line, "raw_rank": raw_place[line["action_id"]]}
        for line in ranked
        if raw_place[line["action_id"]] != line["rank"]
    ]
    return sorted(moves, key=lambda m: (-abs(m["raw_rank"] - m["rank"]), m["rank"]))


def divisive_results(round_: Round) -> "QuerySet[ActionResult]":
    """Actions that divide the sectors: scored by several sectors, lowest consensus first."""
    return (
        ActionResult.objects.filter(round=round_, sector_count__gte=2)
        .select_related("action")
        .order_by("consensus", "action_id")
    )
