"""Every write about prioritization rounds: keyword-only, atomic, permission-checked, audited.

The results (DESIGN.md "Prioritization rounds") are computed by the results engine,
lap/services/round_results.py, when a round closes, is published or recomputed: here directly,
or in a Celery task for a large round.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lap.audit import Changes, Verb, record
from lap.models import Action, ActionState
from lap.models.rounds import (
    SCORE_MAX,
    SCORE_MIN,
    Candidate,
    Criterion,
    Participation,
    ResultsStatus,
    Round,
    RoundState,
    Score,
    SectorWeight,
)
from lap.selectors.rounds import default_criteria, participation_of, quorum_limit
from lap.services.kit import locked, require, update_model
from lap.services.round_results import compute_results
from stakeholders.acting import resolve_acting_organization, resolve_on_behalf_of
from stakeholders.models import MembershipStatus, Sector, User

ROUND_FIELDS = ("name", "description", "quorum", "opens_on", "closes_on")

# A criterion as given ({key, name, description, weight}) and as cleaned (with its order).
CriterionData = Mapping[str, Any]
# {sector: weight}, the weight a number or its text.
SectorWeights = Mapping[str, Any]

# django-rules ships a py.typed without annotations: its rule test, typed once here.
_test_rule: Callable[..., bool] = rules.test_rule


def _require_state(round_: Round, *states: str) -> None:
    if round_.state not in states:
        raise ValidationError(
            _("This is not possible while the round is “%(state)s”.")
            % {"state": round_.get_state_display()}
        )


# --- Setting a round up ------------------------------------------------------------------------


def _validate_fields(fields: Mapping[str, Any]) -> None:
    if not (fields.get("name") or "").strip():
        raise ValidationError({"name": _("A round needs a name.")})
    quorum = fields.get("quorum")
    if not isinstance(quorum, int) or isinstance(quorum, bool) or quorum < 1:
        raise ValidationError({"quorum": _("The quorum is a number of sectors, at least 1.")})
    if quorum > len(Sector.values):
        # More sectors than exist could never be met (and would not fit the column).
        raise ValidationError(
            {
                "quorum": _("There are %(count)s sectors: the quorum cannot be higher.")
                % {"count": len(Sector.values)}
            }
        )
    opens_on, closes_on = fields.get("opens_on"), fields.get("closes_on")
    if opens_on and closes_on and closes_on < opens_on:
        raise ValidationError({"closes_on": _("The round cannot close before it opens.")})


def _clean_criteria(criteria: Sequence[CriterionData]) -> list[dict[str, Any]]:
    if not criteria:
        raise ValidationError({"criteria": _("A round needs at least one criterion.")})
    cleaned: list[dict[str, Any]] = []
    keys: set[str] = set()
    for position, item in enumerate(criteria):
        name = (item.get("name") or "").strip()
        key = slugify(item.get("key") or name).replace("-", "_")[:40]
        if not name or not key:
            raise ValidationError({"criteria": _("Every criterion needs a name.")})
        if key in keys:
            raise ValidationError(
                {"criteria": _("Two criteria have the key “%(key)s”.") % {"key": key}}
            )
        try:
            weight = Decimal(str(item.get("weight")))
        except ArithmeticError:
            weight = Decimal(0)
        if not weight.is_finite() or weight <= 0 or weight >= 10000:
            raise ValidationError(
                {"criteria": _("The weight of “%(name)s” must be above 0.") % {"name": name}}
            )
        keys.add(key)
        cleaned.append(
            {
                "key": key,
                "name": name[:120],
                "description": item.get("description") or "",
                "weight": weight.quantize(Decimal("0.01")),
                "order": position,
            }
        )
    return cleaned


def _clean_sector_weights(weights: SectorWeights | None) -> dict[str, Decimal]:
    cleaned = {sector: Decimal(1) for sector in Sector.values}
    for sector, weight in (weights or {}).items():
        if sector not in Sector.values:
            raise ValidationError({"sector_weights": _("Unknown sector: %(s)s.") % {"s": sector}})
        try:
            value = Decimal(str(weight))
        except ArithmeticError:
            value = Decimal(-1)
        if not value.is_finite() or value < 0 or value >= 10000:
            raise ValidationError(
                {"sector_weights": _("Sector weights are numbers from 0 up (0: not taking part).")}
            )
        cleaned[sector] = value.quantize(Decimal("0.01"))
    return cleaned


def _eligible_actions(actions: Iterable[Action]) -> list[Action]:
    chosen = list(actions)
    refused = [action for action in chosen if action.state != ActionState.ACCEPTED]
    if refused:
        raise ValidationError(
            {
                "candidates": _("Only accepted actions can be candidates: %(titles)s.")
                % {"titles": ", ".join(action.title for action in refused)}
            }
        )
    return chosen


def _criteria_audit(criteria: Iterable[CriterionData]) -> list[str]:
    return [f"{item['key']}:{item['weight']}" for item in criteria]


@transaction.atomic
def round_create(
    *,
    acting_user: User,
    name: str,
    description: str = "",
    quorum: int = 3,
    opens_on: date | None = None,
    closes_on: date | None = None,
    criteria: Sequence[CriterionData] | None = None,
    sector_weights: SectorWeights | None = None,
    candidates: Iterable[Action] | None = None,
) -> Round:
    require("lap.manage_round", acting_user)
    fields = {
        "name": (name or "").strip(),
        "description": description or "",
        "quorum": quorum,
        "opens_on": opens_on,
        "closes_on": closes_on,
    }
    _validate_fields(fields)
    cleaned_criteria = _clean_criteria(default_criteria() if criteria is None else criteria)
    weights = _clean_sector_weights(sector_weights)
    actions = _eligible_actions(candidates or [])
    round_ = Round.objects.create(**fields, created_by=acting_user)
    Criterion.objects.bulk_create(Criterion(round=round_, **item) for item in cleaned_criteria)
    SectorWeight.objects.bulk_create(
        SectorWeight(round=round_, sector=sector, weight=weight)
        for sector, weight in weights.items()
    )
    Candidate.objects.bulk_create(Candidate(round=round_, action=action) for action in actions)
    record(
        actor=acting_user,
        verb=Verb.ROUND_CREATE,
        target=round_,
        changes={
            **fields,
            "criteria": _criteria_audit(cleaned_criteria),
            "sector_weights": {sector: str(weight) for sector, weight in weights.items()},
            "candidates": [action.pk for action in actions],
        },
    )
    return round_


class _Unset:
    """A keyword left out of round_configure: that part of the round is not changed."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET = _Unset()


@transaction.atomic
def round_configure(
    *,
    acting_user: User,
    round: Round,
    name: str | _Unset = UNSET,
    description: str | _Unset = UNSET,
    quorum: int | _Unset = UNSET,
    opens_on: date | _Unset | None = UNSET,
    closes_on: date | _Unset | None = UNSET,
    criteria: Sequence[CriterionData] | _Unset = UNSET,
    sector_weights: SectorWeights | _Unset | None = UNSET,
    candidates: Iterable[Action] | _Unset | None = UNSET,
) -> Round:
    """Set a draft round up in one act: only the parts given change, all of them or none.

    Everything is validated before anything is written; one audit row names what changed.
    `criteria` is the whole new list, `sector_weights` a {sector: weight} (sectors left out keep
    their weight), `candidates` the whole new list of actions.
    """
    require("lap.manage_round", acting_user, round)
    round_ = locked(round)
    # Criteria, weights, quorum and candidates are frozen when the round opens; the page and the
    # API edit a draft only.
    _require_state(round_, RoundState.DRAFT)
    given: dict[str, Any] = {
        key: value
        for key, value in {
            "name": name,
            "description": description,
            "quorum": quorum,
            "opens_on": opens_on,
            "closes_on": closes_on,
        }.items()
        if value is not UNSET
    }
    if "name" in given:
        given["name"] = (given["name"] or "").strip()
    if "description" in given:
        given["description"] = given["description"] or ""
    # 1. Validate everything.
    _validate_fields({**{field: getattr(round_, field) for field in ROUND_FIELDS}, **given})
    cleaned_criteria = None if isinstance(criteria, _Unset) else _clean_criteria(criteria)
    weights = None
    current: dict[str, Decimal] = {}
    if not isinstance(sector_weights, _Unset):
        current = dict(round_.sector_weights.values_list("sector", "weight"))
        weights = _clean_sector_weights({**current, **(sector_weights or {})})
    actions = None if isinstance(candidates, _Unset) else _eligible_actions(candidates or [])
    # 2. Write the criteria, weights and candidates, then the fields, with one audit row for all.
    changes: Changes = {}
    if cleaned_criteria is not None:
        fields = ("key", "name", "description", "weight")
        stored = list(round_.criteria.order_by("order", "id").values(*fields))
        if [tuple(item[f] for f in fields) for item in stored] != [
            tuple(item[f] for f in fields) for item in cleaned_criteria
        ]:
            round_.criteria.all().delete()
            Criterion.objects.bulk_create(
                Criterion(round=round_, **item) for item in cleaned_criteria
            )
            changes["criteria"] = [_criteria_audit(stored), _criteria_audit(cleaned_criteria)]
    if weights is not None:
        old = {sector: str(weight) for sector, weight in current.items()}
        new = {sector: str(weight) for sector, weight in weights.items()}
        if old != new:
            for sector, weight in weights.items():
                SectorWeight.objects.update_or_create(
                    round=round_, sector=sector, defaults={"weight": weight}
                )
            changes["sector_weights"] = [old, new]
    if actions is not None:
        old_ids = sorted(round_.candidates.values_list("action_id", flat=True))
        new_ids = sorted({action.pk for action in actions})
        if old_ids != new_ids:
            round_.candidates.all().delete()
            # Results exist only for the current candidates (compute_results relies on it).
            round_.results.all().delete()
            Candidate.objects.bulk_create(
                Candidate(round=round_, action_id=action_id) for action_id in new_ids
            )
            changes["candidates"] = [old_ids, new_ids]
    round_, _changes = update_model(
        instance=round_,
        fields=ROUND_FIELDS,
        data=given,
        acting_user=acting_user,
        verb=Verb.ROUND_CONFIGURE,
        extra_changes=changes,
    )
    return round_


def round_set_candidates(*, acting_user: User, round: Round, actions: Iterable[Action]) -> Round:
    """The candidates page: round_configure with the candidates only."""
    return round_configure(acting_user=acting_user, round=round, candidates=actions)


# --- The round's lifecycle ---------------------------------------------------------------------


@transaction.atomic
def round_open(*, acting_user: User, round: Round) -> Round:
    require("lap.manage_round", acting_user, round)
    round_ = locked(round)
    _require_state(round_, RoundState.DRAFT)
    if not round_.criteria.exists():
        raise ValidationError({"criteria": _("A round needs at least one criterion.")})
    if not round_.candidates.exists():
        raise ValidationError({"candidates": _("Choose at least one candidate action.")})
    limit = quorum_limit(round_)
    if not 1 <= round_.quorum <= limit:
        raise ValidationError(
            {
                "quorum": _(
                    "The quorum must be between 1 and %(limit)s: the sectors that take part and "
                    "have an active organization."
                )
                % {"limit": limit}
            }
        )
    round_.state = RoundState.OPEN
    round_.opened_at = timezone.now()
    round_.save(update_fields=["state", "opened_at"])
    record(actor=acting_user, verb=Verb.ROUND_OPEN, target=round_)
    return round_


def _schedule_results(round_: Round) -> None:
    """Compute the results now, or in a Celery task (on commit) for a large round."""
    score_count = Score.objects.filter(round=round_).count()
    if score_count > settings.LAP_ROUND_TASK_THRESHOLD:
        from lap.tasks.rounds import recompute_round_results

        Round.objects.filter(pk=round_.pk).update(
            results_status=ResultsStatus.PENDING,
            results_score_count=score_count,
            results_pending_since=timezone.now(),  # the sweep re-queues it if left pending
        )
        round_.results_status = ResultsStatus.PENDING
        round_.results_score_count = score_count
        # celery-types 0.26 does not know delay_on_commit (Celery 5.4).
        recompute_round_results.delay_on_commit(round_.pk)  # type: ignore[attr-defined]
    else:
        compute_results(round_, score_count=score_count)
        round_.refresh_from_db()


@transaction.atomic
def round_close(*, acting_user: User, round: Round) -> Round:
    require("lap.manage_round", acting_user, round)
    round_ = locked(round)
    _require_state(round_, RoundState.OPEN)
    round_.state = RoundState.CLOSED
    round_.closed_at = timezone.now()
    round_.save(update_fields=["state", "closed_at"])
    record(actor=acting_user, verb=Verb.ROUND_CLOSE, target=round_)
    _schedule_results(round_)
    return round_


@transaction.atomic
def round_recompute(*, acting_user: User, round: Round) -> Round:
    """Compute the results again: of a closed round, or of a published round whose snapshot is
    not ready (a computation that died with its worker). Never of an open round: while a round
    is open nobody sees computed results, coordinators included (DESIGN.md "Prioritization
    rounds"), since aggregates of few scorers give a person's scores away."""
    require("lap.manage_round", acting_user, round)
    round_ = locked(round)
    if round_.state in (RoundState.DRAFT, RoundState.OPEN):
        raise ValidationError(
            _(
                "Results are not computed while a round is being set up or open: they are "
                "computed when it closes, so that nobody can read a person's scores."
            )
        )
    if round_.state == RoundState.PUBLISHED and round_.results_status == ResultsStatus.READY:
        raise ValidationError(
            _("The published results are a frozen snapshot: they stay as they are.")
        )
    record(actor=acting_user, verb=Verb.ROUND_RECOMPUTE, target=round_)
    _schedule_results(round_)
    return round_


@transaction.atomic
def round_publish(*, acting_user: User, round: Round) -> Round:
    """Freeze the results: computed from the closed round's scores, which can no longer change."""
    require("lap.manage_round", acting_user, round)
    round_ = locked(round)
    _require_state(round_, RoundState.CLOSED)
    round_.state = RoundState.PUBLISHED
    round_.published_at = timezone.now()
    round_.save(update_fields=["state", "published_at"])
    record(actor=acting_user, verb=Verb.ROUND_PUBLISH, target=round_)
    _schedule_results(round_)
    return round_


# --- Scoring -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreInput:
    action: int
    criterion: str
    value: int


# Scores as sent: ScoreInput or {action, criterion, value} dicts, checked one by one.
ScoresSent = Iterable[ScoreInput | dict[str, Any]]
# The organization named by the form or the API (its id, as a number or text), or none.
OrganizationId = int | str | None


def _no_longer_a_member(participation: Participation) -> PermissionDenied:
    return PermissionDenied(
        _("You are no longer an active member of %(organization)s, for which you score.")
        % {"organization": participation.organization.name}
    )


def _participation_for(
    *, round_: Round, person: User, organization_id: OrganizationId
) -> Participation:
    """The organization the person scores for in this round: fixed by their first score."""
    participation = (
        Participation.objects.select_related("organization")
        .filter(round=round_, person=person)
        .first()
    )
    if participation is None:
        organization = resolve_acting_organization(user=person, organization_id=organization_id)
        Participation.objects.bulk_create(
            [
                Participation(
                    round=round_,
                    person=person,
                    organization=organization,
                    sector=organization.sector,
                )
            ],
            ignore_conflicts=True,  # two first scores at once: the first one fixes it
        )
        participation = Participation.objects.select_related("organization").get(
            round=round_, person=person
        )
    organization = participation.organization
    if not organization.memberships.filter(user=person, status=MembershipStatus.ACTIVE).exists():
        raise _no_longer_a_member(participation)
    if organization_id not in (None, "") and str(organization_id) != str(organization.pk):
        raise ValidationError(
            {
                "organization": _(
                    "In this round you score for %(organization)s (fixed by your first score)."
                )
                % {"organization": organization.name}
            }
        )
    return participation


def _clean_scores(round_: Round, scores: ScoresSent | None) -> list[tuple[int, Criterion, int]]:
    items = list(scores or [])
    if not items:
        raise ValidationError({"scores": _("Send at least one score.")})
    criteria = {criterion.key: criterion for criterion in round_.criteria.all()}
    candidates = set(round_.candidates.values_list("action_id", flat=True))
    cleaned: list[tuple[int, Criterion, int]] = []
    seen: set[tuple[int, str]] = set()
    for item in items:
        sent: tuple[Any, Any, Any] = (
            (item.get("action"), item.get("criterion"), item.get("value"))
            if isinstance(item, dict)
            else (item.action, item.criterion, item.value)
        )
        action, criterion_key, value = sent
        try:
            action_id = int(action)
        except (TypeError, ValueError):
            action_id = None
        if action_id is None or action_id not in candidates:
            raise ValidationError(
                {
                    "action": _("Action %(action)s is not a candidate of this round.")
                    % {"action": action}
                }
            )
        criterion = criteria.get(criterion_key)
        if criterion is None:
            raise ValidationError(
                {
                    "criterion": _("“%(criterion)s” is not a criterion of this round.")
                    % {"criterion": criterion_key}
                }
            )
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not (SCORE_MIN <= value <= SCORE_MAX)
        ):
            raise ValidationError(
                {
                    "value": _("Scores are whole numbers from 0 to 5 (got %(value)s).")
                    % {"value": value}
                }
            )
        if (action_id, criterion.key) in seen:
            raise ValidationError(
                {
                    "scores": _("Action %(action)s is scored twice on “%(criterion)s”.")
                    % {"action": action_id, "criterion": criterion.key}
                }
            )
        seen.add((action_id, criterion.key))
        cleaned.append((action_id, criterion, value))
    return cleaned


@transaction.atomic
def scores_submit(
    *,
    acting_user: User,
    round: Round,
    scores: ScoresSent | None,
    on_behalf_of: User | int | str | None = None,
    organization_id: OrganizationId = None,
) -> list[Score]:
    """Save a list of scores, whole or not at all; a new score replaces the person's old one.

    `scores` holds dicts or ScoreInput with `action` (id), `criterion` (key) and `value` (0-5).
    A facilitator names the member with `on_behalf_of`; both are recorded.
    """
    # Locked so that a round closing at this moment takes no score after it closed.
    round_ = locked(round)
    if not _test_rule("lap.score_in_round", acting_user, round_):
        # The rule says no; the message says why.
        if round_.state != RoundState.OPEN:
            raise ValidationError(
                _("Scores are only taken while the round is open (it is “%(state)s”).")
                % {"state": round_.get_state_display()}
            )
        if not getattr(acting_user, "is_authenticated", False):
            raise PermissionDenied(_("Sign in to score."))
        participation = participation_of(user=acting_user, round_=round_)
        if participation is not None:  # a member who scored here, since revoked
            raise _no_longer_a_member(participation)
        raise PermissionDenied(_("You are not an active member of any organization."))
    person, entered_by = resolve_on_behalf_of(user=acting_user, on_behalf_of=on_behalf_of)
    cleaned = _clean_scores(round_, scores)
    participation = _participation_for(
        round_=round_, person=person, organization_id=organization_id
    )
    weight = round_.sector_weights.filter(sector=participation.sector).first()
    if weight is None or weight.weight <= 0:
        raise PermissionDenied(
            _("The %(sector)s sector does not take part in this round.")
            % {"sector": participation.get_sector_display()}
        )
    now = timezone.now()
    saved = Score.objects.bulk_create(
        [
            Score(
                round=round_,
                action_id=action_id,
                criterion=criterion,
                person=person,
                sector=participation.sector,
                value=value,
                entered_by=entered_by,
                updated_at=now,
            )
            for action_id, criterion, value in cleaned
        ],
        # An upsert: two identical requests at once leave one score, and re-scoring replaces.
        update_conflicts=True,
        unique_fields=["round", "person", "action", "criterion"],
        update_fields=["value", "entered_by", "updated_at"],
    )
    # Who scored which action, never the values: individual scores are private.
    record(
        actor=person,
        entered_by=entered_by,
        organization=participation.organization,
        verb=Verb.ROUND_SCORE,
        target=round_,
        changes={"actions": sorted({action_id for action_id, _c, _v in cleaned})},
    )
    return saved
