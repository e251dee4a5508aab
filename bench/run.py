"""The prioritization benchmark: `python -m bench.run` (or `make bench`) on PostgreSQL.

Reports the median of 5 warm runs of
  (a) the full computation, from the round's scores to its stored results snapshot, and
  (b) its lower limit: one GROUP BY over the round's scores joined to the criterion weights,
      giving each person's weighted sum per action (evaluated in full on the server),
and their ratio a/b (target <= 1.5). Both run with the computation's session settings
(lap.services.round_results.POSTGRESQL_SETTINGS: JIT off, work_mem).
Prints the figures and writes them to bench/results.json.

Run it on a database of its own: it writes a million synthetic rows (named "bench-...").
Options: --scale 0.1 for a smaller data set, --reuse to keep the data set of a previous run,
--runs N (default 5), --output PATH.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lap.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402

from bench.generate import ROUND_NAME, Scale, generate  # noqa: E402
from lap.models.rounds import ActionResult, Criterion, Round, Score  # noqa: E402
from lap.services.round_results import POSTGRESQL_SETTINGS, compute_results  # noqa: E402

TARGET = 1.5


def lower_limit_sql() -> str:
    score, criterion = Score._meta.db_table, Criterion._meta.db_table
    return f"""
    SELECT COUNT(*), SUM(weighted) FROM (
        SELECT s.action_id, s.person_id,
               SUM(CAST(s.value AS DOUBLE PRECISION) * CAST(c.weight AS DOUBLE PRECISION))
                 AS weighted
        FROM {score} s JOIN {criterion} c ON c.id = s.criterion_id
        WHERE s.round_id = %s
        GROUP BY s.action_id, s.person_id
    ) person_sums
    """


def time_full(round_: Round) -> float:
    started = time.perf_counter()
    compute_results(round_)
    return time.perf_counter() - started


def time_lower_limit(round_: Round) -> float:
    """In a transaction with the session settings the computation uses (no JIT, the same
    work_mem), to compare like with like."""
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for name, value in POSTGRESQL_SETTINGS:
            cursor.execute(f"SET LOCAL {name} TO {value}")
        cursor.execute(lower_limit_sql(), [round_.pk])
        cursor.fetchall()
    return time.perf_counter() - started


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="keep an existing bench data set")
    parser.add_argument("--output", default=str(Path(__file__).parent / "results.json"))
    parser.add_argument(
        "--force", action="store_true", help="run even if the database holds real rounds"
    )
    args = parser.parse_args(argv)

    if connection.vendor != "postgresql":
        print(
            "The benchmark runs on PostgreSQL: set DATABASE_URL=postgres://... "
            "(and run `manage.py migrate` on that database first).",
            file=sys.stderr,
        )
        return 2

    if Round.objects.exclude(name=ROUND_NAME).exists() and not args.force:
        print(
            "This database holds real rounds: run the benchmark on a database of its own "
            "(or pass --force).",
            file=sys.stderr,
        )
        return 2

    round_ = Round.objects.filter(name=ROUND_NAME).first()
    if args.reuse and round_ is not None:
        data = {
            "round_id": round_.pk,
            "actions": round_.candidates.count(),
            "persons": round_.participations.count(),
            "scores": Score.objects.filter(round=round_).count(),
            "generation_seconds": None,
        }
        print(f"reusing the data set of round {round_.pk}")
    else:
        scale = Scale.of(args.scale)
        print(f"generating: {scale} ...", flush=True)
        data = generate(scale)
        print(
            f"generated {data['scores']:,} scores of {data['persons']:,} persons on "
            f"{data['actions']:,} actions in {data['generation_seconds']} s",
            flush=True,
        )
        round_ = Round.objects.get(pk=data["round_id"])

    # Warm both up once (caches, plans), then alternate the timed runs.
    time_full(round_)
    time_lower_limit(round_)
    full, lower = [], []
    for _ in range(args.runs):
        full.append(time_full(round_))
        lower.append(time_lower_limit(round_))
    full_median, lower_median = statistics.median(full), statistics.median(lower)
    ratio = full_median / lower_median
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        (server,) = cursor.fetchone()
    results = {
        "data": data,
        "runs": args.runs,
        "full_computation_seconds": [round(t, 4) for t in full],
        "lower_limit_seconds": [round(t, 4) for t in lower],
        "full_computation_median": round(full_median, 4),
        "lower_limit_median": round(lower_median, 4),
        "ratio": round(ratio, 3),
        "target": TARGET,
        "meets_target": ratio <= TARGET,
        "stored_results": ActionResult.objects.filter(round=round_).count(),
        "postgresql": server,
        "session": "both (a) and (b) run with "
        + ", ".join(f"{name}={value}" for name, value in POSTGRESQL_SETTINGS),
        "python": platform.python_version(),
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    Path(args.output).write_text(json.dumps(results, indent=2) + "\n")
    print(f"(a) full computation, median of {args.runs}: {full_median:.3f} s")
    print(f"(b) lower limit GROUP BY, median of {args.runs}: {lower_median:.3f} s")
    print(f"ratio a/b = {ratio:.3f} (target <= {TARGET}) -> written to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
