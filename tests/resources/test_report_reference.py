"""An independent check of the funding-gap report: random needs, commitments and deliveries in
PEN, USD and EUR (and person-days with or without an estimate), with some rates missing, and the
figures recomputed here from the raw rows with plain Decimal arithmetic, to the cent.

The rule recomputed (DESIGN "Resources"): each line converted at the latest rate on or before
the report date and rounded half-up to 0.01 before summing; what cannot be converted stays in
its own currency; per need gap = max(0, need - confirmed), surplus = max(0, confirmed - need),
computed in the need's own currency when it cannot be converted and every confirmed commitment
is in that currency, and not determined otherwise; totals add per-need figures, never netting."""

import datetime
import random
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest

from lap.models import Commitment, Delivery, ExchangeRate, ResourceNeed
from lap.selectors import resources as selectors
from tests.factories import ActionFactory, DistrictFactory, ObjectiveFactory, OrganizationFactory

ON = datetime.date(2026, 12, 1)
CURRENCIES = ("PEN", "USD", "EUR")
NAMES = ("need", "pledged", "confirmed", "delivered", "gap", "surplus")
ZERO = Decimal("0.00")


def q(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _money(rng) -> Decimal:
    return Decimal(rng.randint(1, 5_000_000)) / 100


def _build(rng, user):
    """Random rows; returns the rates in force on ON (currency -> Decimal per PEN)."""
    rates = {}
    for currency in ("USD", "EUR"):
        if rng.random() < 0.6:
            # An older rate, the one in force, and a later one that must not be used.
            rate = Decimal(rng.randint(1_000_000, 9_999_999)) / 1_000_000
            for day, value in ((ON - datetime.timedelta(days=40), rate + 1), (ON, rate)):
                ExchangeRate.objects.create(
                    currency=currency, date=day, rate_to_pen=value, entered_by=user
                )
            rates[currency] = rate
        ExchangeRate.objects.create(
            currency=currency, date=ON + datetime.timedelta(days=1), rate_to_pen=7, entered_by=user
        )
    districts = [DistrictFactory(ubigeo=f"22050{i}", name=f"D{i}") for i in range(1, 4)]
    objectives = [ObjectiveFactory(code=f"OB{i}") for i in range(2)]
    organizations = [OrganizationFactory(sector=s) for s in ("company", "government", "ngo")]
    for _ in range(rng.randint(3, 6)):
        action = ActionFactory(
            state=rng.choice(["accepted", "approved", "in_progress", "suspended", "draft"]),
            objective=rng.choice(objectives),
            districts=rng.sample(districts, rng.randint(0, 2)),
        )
        for _ in range(rng.randint(1, 3)):
            money = rng.random() < 0.75
            need = ResourceNeed.objects.create(
                action=action,
                kind="finance" if money else "staff",
                amount=_money(rng) if money else Decimal(rng.randint(1, 200)),
                unit=rng.choice(CURRENCIES) if money else "person_days",
                estimated_value_pen=None if money or rng.random() < 0.3 else _money(rng),
                created_by=user,
            )
            for _ in range(rng.randint(0, 4)):
                amount = _money(rng) if money else Decimal(rng.randint(1, 120))
                status = rng.choice(["pledged", "confirmed", "confirmed", "cancelled"])
                commitment = Commitment.objects.create(
                    need=need,
                    organization=rng.choice(organizations),
                    amount=amount,
                    unit=rng.choice(CURRENCIES) if money else need.unit,
                    expected_on=ON,
                    status=status,
                    cancel_reason="Withdrawn" if status == "cancelled" else "",
                    committed_by=user,
                )
                if commitment.status == "confirmed":
                    left = amount
                    for _ in range(rng.randint(0, 2)):
                        part = q(left * Decimal(rng.randint(1, 60)) / 100)
                        if part > 0:
                            Delivery.objects.create(
                                commitment=commitment,
                                amount=part,
                                delivered_on=ON,
                                recorded_by=user,
                            )
                            left -= part
    return rates


class Line:
    """Reference figures of one line: converted sums, unconverted per (figure, currency), and
    the number of needs whose gap is not determined."""

    def __init__(self):
        self.converted = dict.fromkeys(NAMES, ZERO)
        self.unconverted = defaultdict(lambda: ZERO)
        self.undetermined = 0

    def add(self, other: "Line", names=NAMES):
        for name in names:
            self.converted[name] += other.converted[name]
        for (name, currency), amount in other.unconverted.items():
            if name in names:
                self.unconverted[(name, currency)] += amount
        self.undetermined += other.undetermined


def _reference(rates: dict, target: str):
    def rate(currency):
        return Decimal(1) if currency == "PEN" else rates.get(currency)

    def convert(amount, currency):
        if currency == target:
            return q(amount)
        if rate(currency) is None or rate(target) is None:
            return None
        return q(amount * rate(currency) / rate(target))

    def put(line, name, amount, currency):
        value = convert(amount, currency)
        if value is None:
            if q(amount):
                line.unconverted[(name, currency)] += q(amount)
        else:
            line.converted[name] += value
        return value

    actions, organizations = {}, defaultdict(Line)
    listed = ("accepted", "approved", "in_progress", "suspended")
    for need in ResourceNeed.objects.filter(action__state__in=listed).order_by("id"):
        line = actions.setdefault(need.action_id, Line())
        money = need.unit in CURRENCIES
        if not money and need.estimated_value_pen is None:
            continue
        base, base_currency = (
            (need.amount, need.unit) if money else (need.estimated_value_pen, "PEN")
        )
        need_line = Line()
        need_value = put(need_line, "need", base, base_currency)
        confirmed = []
        for commitment in Commitment.objects.filter(need=need).exclude(status="cancelled"):
            delivered = sum(
                (d.amount for d in Delivery.objects.filter(commitment=commitment)), ZERO
            )
            amount, unit = commitment.amount, commitment.unit
            if not money:
                share = need.estimated_value_pen / need.amount
                amount, delivered, unit = share * amount, share * delivered, "PEN"
            name = "confirmed" if commitment.status == "confirmed" else "pledged"
            value = put(need_line, name, amount, unit)
            put(need_line, "delivered", delivered, unit)
            own = Line()
            put(own, name, amount, unit)
            put(own, "delivered", delivered, unit)
            organizations[commitment.organization_id].add(own)
            if name == "confirmed":
                confirmed.append((amount, unit, value))
        if need_value is not None and all(v is not None for _a, _u, v in confirmed):
            total = sum((v for _a, _u, v in confirmed), ZERO)
            need_line.converted["gap"] = max(ZERO, need_value - total)
            need_line.converted["surplus"] = max(ZERO, total - need_value)
        elif all(u == base_currency for _a, u, _v in confirmed):
            total = sum((q(a) for a, _u, _v in confirmed), ZERO)
            if q(base) > total:
                need_line.unconverted[("gap", base_currency)] += q(base) - total
            if total > q(base):
                need_line.unconverted[("surplus", base_currency)] += total - q(base)
        else:
            need_line.undetermined = 1
        line.add(need_line)
    return actions, organizations


def _same(figures, line: Line, names=NAMES) -> None:
    assert {name: getattr(figures, name) for name in names} == {
        name: line.converted[name] for name in names
    }
    assert figures.unconverted == {key: v for key, v in line.unconverted.items() if v}
    assert sum(figures.undetermined.values()) == line.undetermined


@pytest.mark.parametrize("seed", range(6))
def test_the_report_matches_a_plain_decimal_recomputation_from_the_raw_rows(world, seed):
    rng = random.Random(seed)
    rates = _build(rng, world.coordinator)
    for target in ("PEN", "USD"):
        report = selectors.funding_gap_report(currency=target, on=ON)
        actions, organizations = _reference(rates, target)
        assert {line.action.pk for line in selectors.action_lines(report)} == set(actions)
        totals = Line()
        by_objective, by_district = defaultdict(Line), defaultdict(Line)
        for line in selectors.action_lines(report):
            _same(line.figures, actions[line.action.pk])
            totals.add(actions[line.action.pk])
            by_objective[line.action.objective_id].add(actions[line.action.pk])
            for district in line.action.districts.all():
                by_district[district.pk].add(actions[line.action.pk])
        _same(report.totals, totals)
        for objective, figures in report.by_objective:
            _same(figures, by_objective[objective.pk])
        for district, figures in report.by_district:
            _same(figures, by_district[district.pk])
        assert {o.organization.pk for o in report.by_organization} == set(organizations)
        for line in report.by_organization:
            _same(line.figures, organizations[line.organization.pk], selectors.COMMITMENT_FIGURES)
        # The note on rates names exactly the rates in force that converted something.
        for rate in report.rates_used:
            assert rate.date == ON
            assert rate.rate_to_pen == rates[rate.currency]
        assert not set(report.missing_rates) & set(rates)
