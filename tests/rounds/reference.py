"""An independent reference implementation of DESIGN.md "Prioritization rounds", in pure Python
with exact fractions, used to cross-check what the application computes in the database."""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


def _half_up(value: Fraction | None) -> Decimal | None:
    if value is None:
        return None
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.000001"), rounding=ROUND_HALF_UP
    )


def compute(*, scores, criteria_weights, sector_weights, quorum, candidates):
    """scores: iterable of (person, sector, action, criterion, value).

    Returns {action: {"rank", "balanced", "consensus", "raw_mean", "persons", "sectors":
    {sector: (score, persons)}}} with Decimals rounded to 6 places (a single person's sector
    score is shown like the others: DESIGN.md, score privacy, revised).
    """
    weighted = defaultdict(lambda: [Fraction(0), Fraction(0)])  # (action, sector, person)
    for person, sector, action, criterion, value in scores:
        if Fraction(sector_weights.get(sector, 1)) == 0:
            continue
        weight = Fraction(criteria_weights[criterion])
        entry = weighted[(action, sector, person)]
        entry[0] += weight * value
        entry[1] += weight
    person_scores = defaultdict(lambda: defaultdict(list))  # action -> sector -> [s]
    for (action, sector, _person), (total, weights) in weighted.items():
        person_scores[action][sector].append(total / weights)

    lines = {}
    for action in candidates:
        sectors = person_scores.get(action, {})
        if not sectors:
            lines[action] = {
                "balanced": None,
                "consensus": None,
                "raw_mean": None,
                "persons": 0,
                "sector_count": 0,
                "sectors": {},
            }
            continue
        sector_scores = {sector: sum(values) / len(values) for sector, values in sectors.items()}
        weights = {sector: Fraction(sector_weights.get(sector, 1)) for sector in sector_scores}
        balanced = sum(weights[g] * sector_scores[g] for g in sector_scores) / sum(weights.values())
        consensus = 1 - (max(sector_scores.values()) - min(sector_scores.values())) / 5
        everyone = [value for values in sectors.values() for value in values]
        lines[action] = {
            "balanced": _half_up(balanced),
            "consensus": _half_up(consensus),
            "raw_mean": _half_up(sum(everyone) / len(everyone)),
            "persons": len(everyone),
            "sector_count": len(sectors),
            "sectors": {
                sector: (_half_up(sector_scores[sector]), len(sectors[sector]))
                for sector in sectors
            },
        }
    ranked = sorted(
        (action for action, line in lines.items() if line["sector_count"] >= quorum),
        key=lambda a: (-lines[a]["balanced"], -lines[a]["consensus"], -lines[a]["persons"], a),
    )
    for action, line in lines.items():
        line["rank"] = ranked.index(action) + 1 if action in ranked else None
    return lines
