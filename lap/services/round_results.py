"""The results engine of prioritization rounds: scores -> the stored results of every candidate.

For each candidate action a (DESIGN.md "Prioritization rounds", the formula):
  s(p,a) = sum of w_c * x(p,a,c) / sum of w_c over the criteria person p scored;
  S_g(a) = mean of s(p,a) over the persons of sector g who scored a;
  B(a)   = sum_g v_g * S_g(a) / sum_g v_g over the taking-part sectors that scored a (balanced);
  C(a)   = 1 - (max_g S_g(a) - min_g S_g(a)) / 5 (consensus; 1 when one sector scored);
  R(a)   = mean of s(p,a) over all persons (raw mean), with the persons and sectors counted.
Computed in the database by one SQL statement, in floating point with explicit casts (SQLite
divides integers as integers), then rounded half-up to 6 decimals; actions scored by fewer
sectors than the quorum (or by nobody) are insufficient and unranked, the others ranked on the
rounded values: B desc, C desc, persons desc, action id asc. The results are stored as the
round's snapshot (ActionResult), replacing the previous ones. tests/rounds/reference.py computes
the same with exact fractions, and tests/rounds/test_round_results.py checks one against the
other on SQLite and on PostgreSQL.
"""

from collections.abc import Sequence

from django.db import connection, transaction
from django.utils import timezone

from lap.models.rounds import ActionResult, Candidate, ResultsStatus, Round, RoundState, Score
from lap.services.kit import locked

# The parameters of a statement: ids, sector keys, weights sent as floats.
Params = list[int | str | float]


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


def _case(column: str, pairs: Sequence[tuple[int | str, float]]) -> tuple[str, Params]:
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
    *,
    round_id: int,
    quorum: int,
    criteria: Sequence[tuple[int, float]],
    sectors: Sequence[tuple[str, float]],
) -> tuple[str, Params]:
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
    params: Params = [quorum, quorum, quorum, *sector_params, *weight_params, *weight_params]
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

    Not a permission-checked entry point: the round services (lap/services/rounds.py) and the
    Celery task call it. Everything happens in the database; Python only reads the weights and
    sends the statements.
    """
    round_ = locked(round)
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
