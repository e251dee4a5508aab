"""Every write about prioritization rounds: keyword-only, atomic, permission-checked, audited.

The results (DESIGN.md "Prioritization rounds") are computed in the database by one SQL statement
with explicit casts to floating point (SQLite divides integers as integers), then rounded half-up
to 6 decimals, ranked and stored as the round's snapshot.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lap.audit import Verb, changes_between, record
from lap.models import Action, ActionState
from lap.models.rounds import (
    DEFAULT_CRITERIA,
    SCORE_MAX,
    SCORE_MIN,
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
from stakeholders.acting import resolve_acting_organization, resolve_on_behalf_of
from stakeholders.models import MembershipStatus, Sector
from stakeholders.selectors import active_organizations

User = get_user_model()

ROUND_FIELDS = ("name", "description", "quorum", "opens_on", "closes_on")


def _require(permission: str, user, obj=None) -> None:
    if not user.has_perm(permission, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


def _locked(round_: Round) -> Round:
    return Round.objects.select_for_update().get(pk=round_.pk)


def _require_state(round_: Round, *states: str) -> None:
    if round_.state not in states:
        raise ValidationError(
            _("This is not possible while the round is “%(state)s”.")
            % {"state": round_.get_state_display()}
        )


def default_criteria() -> list[dict]:
    return [
        {"key": key, "name": str(name), "description": "", "weight": Decimal(weight)}
        for key, name, weight in DEFAULT_CRITERIA
    ]


# --- Setting a round up ------------------------------------------------------------------------


def _validate_fields(fields: dict) -> None:
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


def _clean_criteria(criteria: list[dict]) -> list[dict]:
    if not criteria:
        raise ValidationError({"criteria": _("A round needs at least one criterion.")})
    cleaned, keys = [], set()
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


def _clean_sector_weights(weights: dict | None) -> dict[str, Decimal]:
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


def _eligible_actions(actions) -> list[Action]:
    actions = list(actions)
    refused = [action for action in actions if action.state != ActionState.ACCEPTED]
    if refused:
        raise ValidationError(
            {
                "candidates": _("Only accepted actions can be candidates: %(titles)s.")
                % {"titles": ", ".join(action.title for action in refused)}
            }
        )
    return actions


def _criteria_audit(criteria) -> list[str]:
    return [f"{item['key']}:{item['weight']}" for item in criteria]


@transaction.atomic
def round_create(
    *,
    acting_user,
    name: str,
    description: str = "",
    quorum: int = 3,
    opens_on=None,
    closes_on=None,
    criteria: list[dict] | None = None,
    sector_weights: dict | None = None,
    candidates=None,
) -> Round:
    _require("lap.manage_round", acting_user)
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
    acting_user,
    round: Round,
    name=UNSET,
    description=UNSET,
    quorum=UNSET,
    opens_on=UNSET,
    closes_on=UNSET,
    criteria=UNSET,
    sector_weights=UNSET,
    candidates=UNSET,
) -> Round:
    """Set a draft round up in one act: only the parts given change, all of them or none.

    Everything is validated before anything is written; one audit row names what changed.
    `criteria` is the whole new list, `sector_weights` a {sector: weight} (sectors left out keep
    their weight), `candidates` the whole new list of actions.
    """
    _require("lap.manage_round", acting_user, round)
    round_ = _locked(round)
    # Criteria, weights, quorum and candidates are frozen when the round opens; the page and the
    # API edit a draft only.
    _require_state(round_, RoundState.DRAFT)
    given = {
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
    before = {field: getattr(round_, field) for field in ROUND_FIELDS}
    after = {**before, **given}
    # 1. Validate everything.
    _validate_fields(after)
    cleaned_criteria = None if criteria is UNSET else _clean_criteria(criteria)
    weights = None
    if sector_weights is not UNSET:
        current = dict(round_.sector_weights.values_list("sector", "weight"))
        weights = _clean_sector_weights({**current, **(sector_weights or {})})
    actions = None if candidates is UNSET else _eligible_actions(candidates or [])
    # 2. Write.
    changes = changes_between(before, after)
    if changes:
        for field, value in after.items():
            setattr(round_, field, value)
        round_.save(update_fields=list(ROUND_FIELDS))
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
        old = sorted(round_.candidates.values_list("action_id", flat=True))
        new = sorted({action.pk for action in actions})
        if old != new:
            round_.candidates.all().delete()
            # Results exist only for the current candidates (compute_results relies on it).
            round_.results.all().delete()
            Candidate.objects.bulk_create(
                Candidate(round=round_, action_id=action_id) for action_id in new
            )
            changes["candidates"] = [old, new]
    if changes:
        record(actor=acting_user, verb=Verb.ROUND_CONFIGURE, target=round_, changes=changes)
    return round_


def round_set_candidates(*, acting_user, round: Round, actions) -> Round:
    """The candidates page: round_configure with the candidates only."""
    return round_configure(acting_user=acting_user, round=round, candidates=actions)


def taking_part_sectors(round_: Round) -> list[str]:
    return list(
        round_.sector_weights.filter(weight__gt=0).order_by("id").values_list("sector", flat=True)
    )


def quorum_limit(round_: Round) -> int:
    """The largest possible quorum: taking-part sectors that have an active organization."""
    sectors = set(taking_part_sectors(round_))
    active = set(active_organizations().values_list("sector", flat=True))
    return len(sectors & active)


# --- The round's lifecycle ---------------------------------------------------------------------


@transaction.atomic
def round_open(*, acting_user, round: Round) -> Round:
    _require("lap.manage_round", acting_user, round)
    round_ = _locked(round)
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
        recompute_round_results.delay_on_commit(round_.pk)
    else:
        compute_results(round_, score_count=score_count)
        round_.refresh_from_db()


@transaction.atomic
def round_close(*, acting_user, round: Round) -> Round:
    _require("lap.manage_round", acting_user, round)
    round_ = _locked(round)
    _require_state(round_, RoundState.OPEN)
    round_.state = RoundState.CLOSED
    round_.closed_at = timezone.now()
    round_.save(update_fields=["state", "closed_at"])
    record(actor=acting_user, verb=Verb.ROUND_CLOSE, target=round_)
    _schedule_results(round_)
    return round_


@transaction.atomic
def round_recompute(*, acting_user, round: Round) -> Round:
    """Compute the results again: of a closed round, or of a published round whose snapshot is
    not ready (a computation that died with its worker). Never of an open round: while a round
    is open nobody sees computed results, coordinators included (DESIGN.md "Prioritization
    rounds"), since aggregates of few scorers give a person's scores away."""
    _require("lap.manage_round", acting_user, round)
    round_ = _locked(round)
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
def round_publish(*, acting_user, round: Round) -> Round:
    """Freeze the results: computed from the closed round's scores, which can no longer change."""
    _require("lap.manage_round", acting_user, round)
    round_ = _locked(round)
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


def _participation_for(*, round_: Round, person, organization_id) -> Participation:
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
        raise PermissionDenied(
            _("You are no longer an active member of %(organization)s, for which you score.")
            % {"organization": organization.name}
        )
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


def _clean_scores(round_: Round, scores) -> list[tuple[int, Criterion, int]]:
    items = list(scores or [])
    if not items:
        raise ValidationError({"scores": _("Send at least one score.")})
    criteria = {criterion.key: criterion for criterion in round_.criteria.all()}
    candidates = set(round_.candidates.values_list("action_id", flat=True))
    cleaned, seen = [], set()
    for item in items:
        if isinstance(item, dict):
            item = ScoreInput(item.get("action"), item.get("criterion"), item.get("value"))
        try:
            action_id = int(item.action)
        except (TypeError, ValueError):
            action_id = None
        if action_id not in candidates:
            raise ValidationError(
                {
                    "action": _("Action %(action)s is not a candidate of this round.")
                    % {"action": item.action}
                }
            )
        criterion = criteria.get(item.criterion)
        if criterion is None:
            raise ValidationError(
                {
                    "criterion": _("“%(criterion)s” is not a criterion of this round.")
                    % {"criterion": item.criterion}
                }
            )
        value = item.value
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
    acting_user,
    round: Round,
    scores,
    on_behalf_of=None,
    organization_id=None,
) -> list[Score]:
    """Save a list of scores, whole or not at all; a new score replaces the person's old one.

    `scores` holds dicts or ScoreInput with `action` (id), `criterion` (key) and `value` (0-5).
    A facilitator names the member with `on_behalf_of`; both are recorded.
    """
    # Locked so that a round closing at this moment takes no score after it closed.
    round_ = _locked(round)
    if round_.state != RoundState.OPEN:
        raise ValidationError(
            _("Scores are only taken while the round is open (it is “%(state)s”).")
            % {"state": round_.get_state_display()}
        )
    if not getattr(acting_user, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to score."))
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


# --- Results -----------------------------------------------------------------------------------


def _floor(expression: str) -> str:
    """FLOOR of a non-negative float: PostgreSQL has FLOOR; SQLite's CAST truncates (and FLOOR
    needs its optional math functions). PostgreSQL's CAST to an integer would round instead."""
    if connection.vendor == "postgresql":
        return f"FLOOR({expression})"
    return f"CAST({expression} AS INTEGER)"


def _micro(expression: str) -> str:
    """Half-up rounding to 6 decimals, as a whole number of millionths (exact to rank on).

    The values are means of fractions, often exactly halfway (2.5296875); summed in floating
    point in whatever order the (parallel) aggregation takes, they can land a few ulps below the
    half and round down. The guard of 1e-6 millionths (about a thousand ulps at 5e6, and
    above the error of summing a few thousand scores) rounds those halves up, as the exact
    formula does (tests/rounds/reference.py computes with fractions)."""
    return _floor(f"({expression}) * 1000000 + 0.500001")


def _sector_lines_json(aggregate_filter: str) -> str:
    """The per-sector lines of an action as a JSON array (in no particular order: readers sort
    them, see ActionResult.sector_lines). Every sector score is given with its person count, a
    single person's too: B, C and R would give it back anyway (DESIGN.md, score privacy), so
    the results say so plainly instead of pretending to hide it."""
    value = f"CAST({_micro('t.g')} AS DOUBLE PRECISION) / 1000000"
    if connection.vendor == "postgresql":
        # Built as text and parsed once per action: JSONB_AGG of JSONB_BUILD_OBJECT costs five
        # times more (a JSONB value per line, re-read into the array). The same JSONB results:
        # both write the float with float8out and read it back as a JSON number. The sectors
        # are keys of Sector (the caller keeps only the taking-part ones): nothing to escape.
        line = (
            """CONCAT('{"sector": "', t.sector, '", "score": ', """
            f"COALESCE(CAST({value} AS TEXT), 'null'), "
            """', "persons": ', t.persons, '}')"""
        )
        return f"CAST('[' || STRING_AGG({line}, ', ') {aggregate_filter} || ']' AS JSONB)"
    return (
        "JSON_GROUP_ARRAY(JSON_OBJECT('sector', t.sector, 'score', "
        f"{value}, 'persons', t.persons)) {aggregate_filter}"
    )


def _case(column: str, pairs: list[tuple]) -> tuple[str, list]:
    """CASE column WHEN key THEN float ... END, with parameters: the round's criterion or
    sector weights, read once (they are frozen while the round is open) instead of joined to
    every score. The weights are sent as floats, the values CAST(weight AS DOUBLE PRECISION)
    gave before: the arithmetic is unchanged."""
    if not pairs:
        return "CAST(NULL AS DOUBLE PRECISION)", []
    sql = " ".join("WHEN %s THEN CAST(%s AS DOUBLE PRECISION)" for _pair in pairs)
    return f"CASE {column} {sql} END", [value for pair in pairs for value in pair]


# The session settings of the computation, for its transaction only (bench/run.py applies the
# same ones to its lower limit, to compare like with like). The commit stays synchronous: the
# same transaction may close or publish the round, which must survive a crash once announced.
# - a query this short loses more in JIT compilation than it gains;
# - the (action, sector, person) hash table of a large round (200,000 groups for a million
#   scores, about 40 MB) would spill to disk in the default 4 MB.
POSTGRESQL_SETTINGS = (("jit", "off"), ("work_mem", "'64MB'"))

RESULTS_TABLE = "lap_round_results"
RESULT_COLUMNS = (
    "rank",
    "insufficient",
    "balanced",
    "consensus",
    "raw_mean",
    "persons",
    "sector_count",
    "sectors",
)


def _results_sql(
    *, round_id: int, quorum: int, criteria: list[tuple[int, float]], sectors: list[tuple]
) -> tuple[str, list]:
    """Scores -> a temporary table of the results of every candidate, in one statement:

    p: person score s(p,a) = sum of w_c * x / sum of w_c over the criteria the person scored,
       in floating point with explicit casts (DOUBLE PRECISION is a float on PostgreSQL and has
       REAL affinity on SQLite, which would otherwise divide integers as integers); the
       criterion weights come as a CASE on the criterion (no join): one scan of the scores and
       one GROUP BY, as cheap as the plain weighted sum;
    t: per (action, sector) the sum of person scores and the persons, the sector score g and
       the sector weight v (null for a sector that does not take part);
    a: per action, over the sectors taking part (FILTER on v: the few sector rows are filtered,
       not the million scores): B, C, R, persons, sectors and the sector lines;
    then every candidate (nobody scored: nulls and zeros), the values rounded half-up to 6
    decimals, ranked on the rounded values when the quorum is met.
    A CREATE TABLE ... AS may run in parallel on PostgreSQL (an INSERT ... SELECT may not).
    """
    score, candidate = Score._meta.db_table, Candidate._meta.db_table
    on_commit = " ON COMMIT DROP" if connection.vendor == "postgresql" else ""
    weight, weight_params = _case("s.criterion_id", criteria)
    sector_weight, sector_params = _case("p.sector", sectors)
    taking_part = "FILTER (WHERE t.v IS NOT NULL)"
    # Only identifiers and placeholders are formatted in; every value is a parameter.
    sql = f"""
    CREATE TEMPORARY TABLE {RESULTS_TABLE}{on_commit} AS
    SELECT k.action_id AS action_id,
           CASE WHEN m.sectors >= %s THEN ROW_NUMBER() OVER (
               PARTITION BY CASE WHEN m.sectors >= %s THEN 1 ELSE 0 END
               ORDER BY m.b DESC, m.c DESC, m.persons DESC, k.action_id
           ) END AS rank,
           (COALESCE(m.sectors, 0) < %s) AS insufficient,
           CAST(m.b AS DOUBLE PRECISION) / 1000000 AS balanced,
           CAST(m.c AS DOUBLE PRECISION) / 1000000 AS consensus,
           CAST(m.r AS DOUBLE PRECISION) / 1000000 AS raw_mean,
           COALESCE(m.persons, 0) AS persons, COALESCE(m.sectors, 0) AS sector_count,
           COALESCE(m.lines, '[]') AS sectors
    FROM {candidate} k LEFT JOIN (
        SELECT a.action_id AS action_id, {_micro("a.b")} AS b, {_micro("a.c")} AS c,
               {_micro("a.r")} AS r, a.persons AS persons, a.sectors AS sectors, a.lines AS lines
        FROM (
            SELECT t.action_id AS action_id,
                   SUM(t.v * t.g) / SUM(t.v) AS b,
                   1.0 - (MAX(t.g) {taking_part} - MIN(t.g) {taking_part}) / 5.0 AS c,
                   CAST(SUM(t.total) {taking_part} AS DOUBLE PRECISION)
                     / SUM(t.persons) {taking_part} AS r,
                   SUM(t.persons) {taking_part} AS persons,
                   COUNT(t.v) AS sectors,
                   {_sector_lines_json(taking_part)} AS lines
            FROM (
                SELECT p.action_id AS action_id, p.sector AS sector, SUM(p.score) AS total,
                       CAST(COUNT(*) AS INTEGER) AS persons,
                       CAST(SUM(p.score) AS DOUBLE PRECISION) / COUNT(*) AS g,
                       {sector_weight} AS v
                FROM (
                    SELECT s.action_id AS action_id, s.sector AS sector,
                           SUM(CAST(s.value AS DOUBLE PRECISION) * {weight})
                             / SUM({weight}) AS score
                    FROM {score} s
                    WHERE s.round_id = %s
                    GROUP BY s.action_id, s.sector, s.person_id
                ) p
                GROUP BY p.action_id, p.sector
            ) t
            GROUP BY t.action_id
        ) a
        WHERE a.sectors > 0
    ) m ON m.action_id = k.action_id
    WHERE k.round_id = %s
    """  # noqa: S608
    params = [quorum, quorum, quorum, *sector_params, *weight_params, *weight_params]
    return sql, [*params, round_id, round_id]


def _store_results_sql() -> tuple[str, str]:
    """The temporary table -> the stored results: an UPDATE of the rows of a previous
    computation, in place (heap-only updates thanks to the table's fillfactor: no new index
    entries, no foreign-key checks, no bloat), then an INSERT of the missing ones (the first
    computation). Cheaper than an upsert, which probes the unique index row by row.
    Rows of former candidates cannot exist: round_set_candidates deletes the results.
    Parameters: round; round, round."""
    result = ActionResult._meta.db_table
    columns = ", ".join(RESULT_COLUMNS)
    updates = ", ".join(f"{column} = r.{column}" for column in RESULT_COLUMNS)
    update = f"""
    UPDATE {result} SET {updates} FROM {RESULTS_TABLE} r
    WHERE {result}.round_id = %s AND {result}.action_id = r.action_id
    """  # noqa: S608 - identifiers only
    insert = f"""
    INSERT INTO {result} (round_id, action_id, {columns})
    SELECT %s, r.action_id, {", ".join(f"r.{column}" for column in RESULT_COLUMNS)}
    FROM {RESULTS_TABLE} r
    WHERE NOT EXISTS (SELECT 1 FROM {result} x WHERE x.round_id = %s AND x.action_id = r.action_id)
    """  # noqa: S608 - identifiers only
    return update, insert


@transaction.atomic
def compute_results(round: Round, *, score_count: int | None = None) -> Round:
    """Scores -> stored results of the round (replacing the previous ones): idempotent.

    Not a permission-checked entry point: the services above and the Celery task call it.
    Everything happens in the database; Python only reads the weights and sends the statements.
    """
    round_ = _locked(round)
    if round_.state in (RoundState.DRAFT, RoundState.OPEN):
        # Nothing is computed before the round closes (a task queued by mistake does nothing).
        return round_
    pk, quorum = round_.pk, round_.quorum
    criteria = [(c_id, float(w)) for c_id, w in round_.criteria.values_list("id", "weight")]
    sectors = [
        (sector, float(weight))
        for sector, weight in round_.sector_weights.filter(weight__gt=0)
        .order_by("sector")
        .values_list("sector", "weight")
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "; ".join(f"SET LOCAL {name} TO {value}" for name, value in POSTGRESQL_SETTINGS)
            )
        cursor.execute(f"DROP TABLE IF EXISTS {RESULTS_TABLE}")
        cursor.execute(
            *_results_sql(round_id=pk, quorum=quorum, criteria=criteria, sectors=sectors)
        )
        lines = cursor.rowcount  # one per candidate; -1 where the driver does not say
        update, insert = _store_results_sql()
        cursor.execute(update, [pk])
        if lines < 0 or cursor.rowcount != lines:  # some lines are new (first computation)
            cursor.execute(insert, [pk, pk])
        if connection.vendor != "postgresql":  # PostgreSQL drops it on commit
            cursor.execute(f"DROP TABLE {RESULTS_TABLE}")
    round_.results_status = ResultsStatus.READY
    round_.results_computed_at = timezone.now()
    fields = ["results_status", "results_computed_at"]
    if score_count is not None:  # counted by the caller when it decided how to compute
        round_.results_score_count = score_count
        fields.append("results_score_count")
    round_.save(update_fields=fields)
    return round_
