"""Progress and its roll-up (lap/selectors/implementation.py) recomputed independently from the
raw rows, with exact fractions, on random plans: what the dashboard shows per objective must be
DESIGN.md's definition to the hundredth of a percent."""

import datetime
import random
from decimal import Decimal
from fractions import Fraction

import pytest

from lap.models import ExchangeRate, Milestone, ProgressUpdate, ResourceNeed
from lap.models.actions import Action
from lap.selectors.implementation import objective_progress
from tests.factories import ActionFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db

STATES = ["draft", "accepted", "approved", "in_progress", "completed", "suspended", "rejected"]
COUNTED = {"approved", "in_progress", "completed", "suspended"}
TODAY = datetime.date(2026, 12, 1)


def _random_plan(world, seed: int) -> None:
    chance = random.Random(seed)
    objectives = [ObjectiveFactory(code=f"R{seed}-{n}") for n in range(3)]
    if chance.random() < 0.7:
        ExchangeRate.objects.create(
            currency="USD",
            date=TODAY - datetime.timedelta(days=30),
            rate_to_pen=Decimal("3.7512"),
            entered_by=world.coordinator,
        )
    for _ in range(chance.randint(8, 20)):
        action = ActionFactory(
            state=chance.choice(STATES),
            objective=chance.choice(objectives),
            proposing_organization=world.smallholder,
        )
        for _ in range(chance.randint(0, 3)):
            unit = chance.choice(["PEN", "USD", "EUR", "ha", "units"])
            money = unit in ("PEN", "USD", "EUR")
            ResourceNeed.objects.create(
                action=action,
                kind="finance" if money else "land",
                unit=unit,
                amount=Decimal(chance.randint(1, 500_000)) / 100,
                estimated_value_pen=None
                if money or chance.random() < 0.3
                else Decimal(chance.randint(0, 90_000)),
                created_by=world.coordinator,
            )
        for _ in range(chance.randint(0, 4)):
            done = chance.random() < 0.5
            Milestone.objects.create(
                action=action,
                title="m",
                due_on=TODAY,
                done_on=TODAY if done else None,
                done_by=world.coordinator if done else None,
                created_by=world.coordinator,
            )
        for _ in range(chance.randint(0, 3)):
            status = chance.choice(["draft", "published", "published", "hidden"])
            ProgressUpdate.objects.create(
                action=action,
                reported_on=TODAY - datetime.timedelta(days=chance.randint(0, 5)),
                percent=chance.choice([None, chance.randint(0, 100)]),
                narrative="n",
                author=world.member,
                status=status,
                hidden_reason="r" if status == "hidden" else "",
            )


def round_half_up(value: Fraction, places: int) -> Decimal:
    scaled = value * 10**places
    whole = scaled.numerator // scaled.denominator
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return Decimal(whole).scaleb(-places)


def _reference(objective_ids):
    usd = ExchangeRate.objects.filter(currency="USD", date__lte=TODAY).order_by("-date").first()
    rates = {"PEN": Fraction(1)}
    if usd:
        rates["USD"] = Fraction(usd.rate_to_pen)
    expected = {}
    for objective_id in objective_ids:
        included, unknown, unconverted, total = [], 0, [], 0
        for action in Action.objects.filter(objective_id=objective_id, state__in=COUNTED):
            total += 1
            latest = (
                ProgressUpdate.objects.filter(
                    action=action, status="published", percent__isnull=False
                )
                .order_by("-reported_on", "-id")
                .first()
            )
            milestones = list(Milestone.objects.filter(action=action))
            if action.state == "completed":
                percent = Fraction(100)
            elif latest:
                percent = Fraction(latest.percent)
            elif milestones:
                percent = Fraction(
                    sum(m.done_on is not None for m in milestones) * 100, len(milestones)
                )
            else:
                unknown += 1
                continue
            weight = Fraction(0)
            for need in ResourceNeed.objects.filter(action=action):
                if need.unit in ("PEN", "USD", "EUR"):
                    if need.unit not in rates:
                        weight = None
                        break
                    weight += Fraction(round_half_up(Fraction(need.amount) * rates[need.unit], 2))
                else:
                    weight += Fraction(need.estimated_value_pen or 0)
            if weight is None:
                unconverted.append(action.pk)
                continue
            included.append((percent, weight))
        if not included:
            mean = None
        elif all(weight > 0 for _p, weight in included):
            mean = sum(p * w for p, w in included) / sum(w for _p, w in included)
        else:
            mean = sum(p for p, _w in included) / len(included)
        expected[objective_id] = (
            None if mean is None else round_half_up(mean, 2),
            len(included),
            total,
            unknown,
            sorted(unconverted),
        )
    return expected


@pytest.mark.parametrize("seed", range(6))
def test_objective_progress_is_designs_definition_on_random_plans(world, seed):
    _random_plan(world, seed)
    computed = {
        summary.objective.pk: (
            summary.percent,
            summary.counted,
            summary.total,
            summary.unknown,
            sorted(action.action_id for action in summary.unconverted),
        )
        for summary in objective_progress(on=TODAY)
    }
    assert computed == _reference(list(computed))
