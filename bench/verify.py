"""Check the stored results of the bench round against the exact reference of the formula
(tests/rounds/reference.py, in fractions): `python -m bench.verify` after `python -m bench.run`.
Slow at full scale (a million scores in Python fractions): try it at --scale 0.1 or 0.3 first.
"""

import os
import sys
from decimal import Decimal

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lap.settings")

import django

django.setup()

from bench.generate import ROUND_NAME  # noqa: E402
from lap.models.rounds import ActionResult, Round, Score  # noqa: E402
from tests.rounds.reference import compute  # noqa: E402


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.000001"))


def main() -> int:
    round_ = Round.objects.get(name=ROUND_NAME)
    expected = compute(
        scores=Score.objects.filter(round=round_)
        .values_list("person_id", "sector", "action_id", "criterion_id", "value")
        .iterator(chunk_size=20000),
        criteria_weights=dict(round_.criteria.values_list("id", "weight")),
        sector_weights=dict(round_.sector_weights.values_list("sector", "weight")),
        quorum=round_.quorum,
        candidates=list(round_.candidates.values_list("action_id", flat=True)),
    )
    wrong = 0
    results = ActionResult.objects.filter(round=round_)
    for result in results.iterator(chunk_size=5000):
        line = expected[result.action_id]
        got = {
            "rank": result.rank,
            "balanced": _decimal(result.balanced),
            "consensus": _decimal(result.consensus),
            "raw_mean": _decimal(result.raw_mean),
            "persons": result.persons,
            "sector_count": result.sector_count,
            "sectors": {
                item["sector"]: (_decimal(item["score"]), item["persons"])
                for item in result.sectors
            },
        }
        want = {key: line[key] for key in got}
        if got != want:
            wrong += 1
            if wrong <= 5:
                print(f"action {result.action_id}: stored {got}\n  expected {want}")
    count = results.count()
    print(f"{count - wrong} of {count} stored lines match the exact reference")
    return 1 if wrong or count != len(expected) else 0


if __name__ == "__main__":
    sys.exit(main())
