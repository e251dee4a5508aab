"""Reads about resources, shared by pages, the API and the exports.

The funding-gap report converts every amount at the rate in force on the report date (the latest
rate on or before it) and says which rates it used; when a rate is missing, the figures that need
it are unknown (None) and the report names the missing currency instead of guessing. Each
converted line is rounded half-up to 0.01 before summing. Per need: confirmed, pledged,
gap = max(0, need - confirmed), surplus = max(0, confirmed - need); totals add per-need gaps and
surpluses, never netting one need against another.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from lap.models import (
    FUNDING_LISTED_STATES,
    MONEY_UNITS,
    Action,
    Commitment,
    CommitmentStatus,
    Delivery,
    ExchangeRate,
    NeedUnit,
    ResourceNeed,
)
from lap.selectors import rounds as rounds_selectors
from lap.selectors.actions import actions_visible_to
from stakeholders.models import Membership, MembershipRole, MembershipStatus
from stakeholders.rules import is_member_anywhere

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
REPORT_CURRENCIES = (NeedUnit.PEN.value, NeedUnit.USD.value)
TOP_RANKED = 10


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# --- Who sees which actions and resources -------------------------------------------------------


def can_read_resources(user, api_key=None) -> bool:
    """Needs, commitments and deliveries are read by the stakeholders who commit (active members
    of any organization), coordinators, the superuser and keys with the `resources` scope; not by
    outsiders (signed in, no membership) nor anonymous visitors (DESIGN "Who sees what")."""
    if api_key is not None:
        return api_key.has_scope("resources")
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.is_coordinator or is_member_anywhere(user))


def represented_organization_ids(user) -> set[int]:
    """The organizations the person actively represents, in one query."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        Membership.objects.filter(
            user=user, status=MembershipStatus.ACTIVE, role=MembershipRole.REPRESENTATIVE
        ).values_list("organization_id", flat=True)
    )


def visible_needs(user, api_key=None) -> QuerySet:
    if not can_read_resources(user, api_key):
        return ResourceNeed.objects.none()
    return (
        ResourceNeed.objects.filter(action__in=actions_visible_to(user, api_key=api_key))
        .select_related("action", "action__proposing_organization")
        .order_by("action_id", "id")
    )


def visible_commitments(user, api_key=None) -> QuerySet:
    if not can_read_resources(user, api_key):
        return Commitment.objects.none()
    return (
        Commitment.objects.filter(need__action__in=actions_visible_to(user, api_key=api_key))
        .select_related("need", "need__action", "organization")
        .annotate(delivered=Coalesce(Sum("deliveries__amount"), Value(ZERO)))
        .order_by("-created_at", "-id")
    )


def visible_deliveries(user, api_key=None) -> QuerySet:
    if not can_read_resources(user, api_key):
        return Delivery.objects.none()
    return (
        Delivery.objects.filter(
            commitment__need__action__in=actions_visible_to(user, api_key=api_key)
        )
        .select_related(
            "commitment", "commitment__organization", "commitment__need__action", "recorded_by"
        )
        .order_by("-delivered_on", "-id")
    )


def exchange_rates() -> QuerySet:
    return ExchangeRate.objects.select_related("entered_by").order_by("-date", "currency")


def action_resources(action: Action) -> QuerySet:
    """An action's needs with their commitments, each with its deliveries and delivered total."""
    return (
        ResourceNeed.objects.filter(action=action)
        .prefetch_related(
            Prefetch(
                "commitments",
                queryset=Commitment.objects.select_related("organization")
                .annotate(delivered=Coalesce(Sum("deliveries__amount"), Value(ZERO)))
                .prefetch_related(
                    Prefetch("deliveries", queryset=Delivery.objects.order_by("delivered_on", "id"))
                )
                .order_by("created_at", "id"),
            )
        )
        .order_by("id")
    )


def overdue_pledges(*, today: datetime.date | None = None) -> QuerySet:
    today = today or timezone.localdate()
    return (
        Commitment.objects.filter(status=CommitmentStatus.PLEDGED, expected_on__lt=today)
        .select_related("need__action", "organization")
        .order_by("expected_on", "id")
    )


def recent_deliveries() -> QuerySet:
    return Delivery.objects.select_related(
        "commitment__organization", "commitment__need__action"
    ).order_by("-delivered_on", "-id")


# --- Exchange rates in force --------------------------------------------------------------------


@dataclass
class Rates:
    """The rates in force on a date, and which of them a report actually used or missed."""

    on: datetime.date
    in_force: dict  # currency -> ExchangeRate
    used: dict = field(default_factory=dict)
    missing: set = field(default_factory=set)

    @classmethod
    def on_date(cls, on: datetime.date) -> "Rates":
        in_force = {}
        for currency in (NeedUnit.USD, NeedUnit.EUR):
            rate = (
                ExchangeRate.objects.filter(currency=currency, date__lte=on)
                .order_by("-date")
                .first()
            )
            if rate is not None:
                in_force[currency.value] = rate
        return cls(on=on, in_force=in_force)

    def _rate(self, currency: str) -> Decimal | None:
        if currency == NeedUnit.PEN:
            return Decimal(1)
        rate = self.in_force.get(currency)
        if rate is None:
            self.missing.add(currency)
            return None
        self.used[currency] = rate
        return rate.rate_to_pen

    def convert(self, amount: Decimal, currency: str, target: str) -> Decimal | None:
        """`amount` of `currency` in `target`, rounded half-up to the cent; None without a rate."""
        if currency == target:
            return cents(amount)
        source_rate, target_rate = self._rate(currency), self._rate(target)
        if source_rate is None or target_rate is None:
            return None
        return cents(amount * source_rate / target_rate)


# --- The funding-gap report ---------------------------------------------------------------------


def _add(total: Decimal | None, value: Decimal | None) -> Decimal | None:
    if total is None or value is None:
        return None
    return total + value


def _gap(need: Decimal | None, confirmed: Decimal | None) -> tuple:
    if need is None or confirmed is None:
        return None, None
    return max(ZERO, need - confirmed), max(ZERO, confirmed - need)


@dataclass
class Figures:
    """Money figures in the report currency; None means unknown (a rate is missing)."""

    need: Decimal | None = ZERO
    pledged: Decimal | None = ZERO
    confirmed: Decimal | None = ZERO
    delivered: Decimal | None = ZERO
    gap: Decimal | None = ZERO
    surplus: Decimal | None = ZERO

    NAMES = ("need", "pledged", "confirmed", "delivered", "gap", "surplus")

    def add(self, other: "Figures") -> None:
        for name in self.NAMES:
            setattr(self, name, _add(getattr(self, name), getattr(other, name)))


@dataclass
class Quantities:
    """A non-money need's figures in its own unit."""

    need: Decimal = ZERO
    pledged: Decimal = ZERO
    confirmed: Decimal = ZERO
    delivered: Decimal = ZERO
    gap: Decimal = ZERO
    surplus: Decimal = ZERO

    def add(self, other: "Quantities") -> None:
        for name in Figures.NAMES:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class NeedLine:
    need: ResourceNeed
    money: Figures | None  # None for a non-money need without a PEN estimate
    quantities: Quantities | None  # None for money needs


@dataclass
class ActionLine:
    action: Action
    rank: int | None
    needs: list
    figures: Figures

    @property
    def other_needs(self) -> list:
        return [line for line in self.needs if line.quantities is not None]


@dataclass
class OrganizationLine:
    organization: object
    figures: Figures


@dataclass
class FundingGapReport:
    currency: str
    on: datetime.date
    actions: list
    totals: Figures
    quantity_totals: dict  # unit -> Quantities
    by_objective: list  # [(objective, Figures)]
    by_district: list  # [(district, Figures)]
    by_organization: list  # [OrganizationLine]
    rates_used: list  # [ExchangeRate]
    missing_rates: list  # [currency]

    @property
    def complete(self) -> bool:
        return not self.missing_rates

    @property
    def quantity_total_rows(self) -> list[tuple[str, "Quantities"]]:
        labels = dict(NeedUnit.choices)
        return [(labels[unit], totals) for unit, totals in self.quantity_totals.items()]


def _need_line(need: ResourceNeed, rates: Rates, currency: str, by_org: dict) -> NeedLine:
    commitments = [c for c in need.commitments.all() if c.status != CommitmentStatus.CANCELLED]
    if need.is_money:
        money = Figures(need=rates.convert(need.amount, need.unit, currency))
        quantities = None
        for commitment in commitments:
            value = rates.convert(commitment.amount, commitment.unit, currency)
            delivered = rates.convert(commitment.delivered, commitment.unit, currency)
            _count_commitment(money, by_org, commitment, value, delivered)
    else:
        quantities = Quantities(need=need.amount)
        money = None
        if need.estimated_value_pen is not None:
            money = Figures(need=rates.convert(need.estimated_value_pen, NeedUnit.PEN, currency))
        for commitment in commitments:
            if commitment.status == CommitmentStatus.CONFIRMED:
                quantities.confirmed += commitment.amount
            else:
                quantities.pledged += commitment.amount
            quantities.delivered += commitment.delivered
            if money is not None:
                # A commitment of q of Q units is worth q/Q of the estimate.
                share = need.estimated_value_pen / need.amount
                value = rates.convert(share * commitment.amount, NeedUnit.PEN, currency)
                delivered = rates.convert(share * commitment.delivered, NeedUnit.PEN, currency)
                _count_commitment(money, by_org, commitment, value, delivered)
        quantities.gap = max(ZERO, quantities.need - quantities.confirmed)
        quantities.surplus = max(ZERO, quantities.confirmed - quantities.need)
    if money is not None:
        money.gap, money.surplus = _gap(money.need, money.confirmed)
    return NeedLine(need=need, money=money, quantities=quantities)


def _count_commitment(money: Figures, by_org: dict, commitment, value, delivered) -> None:
    organization = by_org.setdefault(
        commitment.organization_id,
        OrganizationLine(commitment.organization, Figures(need=None, gap=None, surplus=None)),
    )
    if commitment.status == CommitmentStatus.CONFIRMED:
        money.confirmed = _add(money.confirmed, value)
        organization.figures.confirmed = _add(organization.figures.confirmed, value)
    else:
        money.pledged = _add(money.pledged, value)
        organization.figures.pledged = _add(organization.figures.pledged, value)
    money.delivered = _add(money.delivered, delivered)
    organization.figures.delivered = _add(organization.figures.delivered, delivered)


def _in_priority_order(actions: list) -> list[tuple[Action, int | None]]:
    ranks = rounds_selectors.latest_published_ranks()
    ranked = sorted(
        (action for action in actions if ranks.get(action.pk) is not None),
        key=lambda action: (ranks[action.pk], action.pk),
    )
    unranked = sorted(
        (action for action in actions if ranks.get(action.pk) is None), key=lambda a: a.pk
    )
    return [(action, ranks[action.pk]) for action in ranked] + [(a, None) for a in unranked]


def funding_gap_report(
    *, currency: str = NeedUnit.PEN, on: datetime.date | None = None
) -> FundingGapReport:
    """Listed actions (FUNDING_LISTED_STATES, all public) in priority order with their figures."""
    if currency not in REPORT_CURRENCIES:
        raise ValueError(f"Report currency must be one of {REPORT_CURRENCIES}")
    on = on or timezone.localdate()
    rates = Rates.on_date(on)
    actions = list(
        Action.objects.filter(state__in=FUNDING_LISTED_STATES)
        .select_related("objective")
        .prefetch_related(
            "districts",
            Prefetch(
                "needs",
                queryset=ResourceNeed.objects.order_by("id").prefetch_related(
                    Prefetch(
                        "commitments",
                        queryset=Commitment.objects.select_related("organization")
                        .annotate(delivered=Coalesce(Sum("deliveries__amount"), Value(ZERO)))
                        .order_by("id"),
                    )
                ),
            ),
        )
    )
    by_org: dict = {}
    lines = []
    totals = Figures()
    quantity_totals: dict = defaultdict(Quantities)
    objectives: dict = {}
    districts: dict = {}
    for action, rank in _in_priority_order(actions):
        figures = Figures()
        need_lines = [_need_line(need, rates, currency, by_org) for need in action.needs.all()]
        for line in need_lines:
            if line.money is not None:
                figures.add(line.money)
            if line.quantities is not None:
                quantity_totals[line.need.unit].add(line.quantities)
        lines.append(ActionLine(action=action, rank=rank, needs=need_lines, figures=figures))
        totals.add(figures)
        objectives.setdefault(action.objective_id, (action.objective, Figures()))[1].add(figures)
        # An action in several districts counts in full under each: district totals overlap.
        for district in action.districts.all():
            districts.setdefault(district.pk, (district, Figures()))[1].add(figures)
    return FundingGapReport(
        currency=currency,
        on=on,
        actions=lines,
        totals=totals,
        quantity_totals={
            unit: quantity_totals[unit]
            for unit in NeedUnit.values
            if unit not in MONEY_UNITS and unit in quantity_totals
        },
        by_objective=sorted(objectives.values(), key=lambda item: (item[0].order, item[0].code)),
        by_district=sorted(districts.values(), key=lambda item: item[0].name),
        by_organization=sorted(by_org.values(), key=lambda line: line.organization.name),
        rates_used=sorted(rates.used.values(), key=lambda rate: rate.currency),
        missing_rates=sorted(rates.missing),
    )


# --- Shapes shared by the API and the downloads -------------------------------------------------


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def figures_dict(figures: Figures) -> dict:
    return {name: _money(getattr(figures, name)) for name in Figures.NAMES}


def quantities_dict(quantities: Quantities) -> dict:
    return {name: f"{getattr(quantities, name):.2f}" for name in Figures.NAMES}


def report_as_dict(report: FundingGapReport) -> dict:
    return {
        "currency": report.currency,
        "date": report.on.isoformat(),
        "complete": report.complete,
        "rates_used": [
            {
                "currency": rate.currency,
                "date": rate.date.isoformat(),
                "rate_to_pen": str(rate.rate_to_pen),
            }
            for rate in report.rates_used
        ],
        "missing_rates": report.missing_rates,
        "actions": [
            {
                "id": line.action.pk,
                "title": line.action.title,
                "state": line.action.state,
                "rank": line.rank,
                "objective": line.action.objective.code,
                "districts": [district.name for district in line.action.districts.all()],
                **figures_dict(line.figures),
                "needs": [
                    {
                        "id": need_line.need.pk,
                        "kind": need_line.need.kind,
                        "unit": need_line.need.unit,
                        "amount": f"{need_line.need.amount:.2f}",
                        "money": figures_dict(need_line.money) if need_line.money else None,
                        "quantities": quantities_dict(need_line.quantities)
                        if need_line.quantities
                        else None,
                    }
                    for need_line in line.needs
                ],
            }
            for line in report.actions
        ],
        "totals": figures_dict(report.totals),
        "quantity_totals": {
            unit: quantities_dict(quantities) for unit, quantities in report.quantity_totals.items()
        },
        "by_objective": [
            {"objective": objective.code, "title": objective.title, **figures_dict(figures)}
            for objective, figures in report.by_objective
        ],
        "district_totals_overlap": True,
        "by_district": [
            {"district": district.name, "ubigeo": district.ubigeo, **figures_dict(figures)}
            for district, figures in report.by_district
        ],
        "by_organization": [
            {
                "organization": line.organization.name,
                "sector": line.organization.sector,
                **{
                    name: _money(getattr(line.figures, name))
                    for name in ("pledged", "confirmed", "delivered")
                },
            }
            for line in report.by_organization
        ],
    }


# The columns of the downloads: stable keys (used by code and tests) and the visible header,
# translated into the language of the request when the file is written.
EXPORT_COLUMNS = (
    "section",
    "rank",
    "id",
    "name",
    "unit",
    "need",
    "pledged",
    "confirmed",
    "delivered",
    "gap",
    "surplus",
)
EXPORT_HEADER = (
    pgettext_lazy("export column", "section"),
    pgettext_lazy("export column", "rank"),
    pgettext_lazy("export column", "id"),
    pgettext_lazy("export column", "name"),
    pgettext_lazy("export column", "unit"),
    pgettext_lazy("export column", "need"),
    pgettext_lazy("export column", "pledged"),
    pgettext_lazy("export column", "confirmed"),
    pgettext_lazy("export column", "delivered"),
    pgettext_lazy("export column", "gap"),
    pgettext_lazy("export column", "surplus"),
)
# The visible label of each section key written by report_rows.
SECTION_LABELS = {
    "action": pgettext_lazy("export section", "action"),
    "need_quantity": pgettext_lazy("export section", "need (quantity)"),
    "need": pgettext_lazy("export section", "need"),
    "total": pgettext_lazy("export section", "total"),
    "total_quantity": pgettext_lazy("export section", "total (quantity)"),
    "objective": pgettext_lazy("export section", "objective"),
    "district": pgettext_lazy("export section", "district (overlapping)"),
    "organization": pgettext_lazy("export section", "organization"),
    "rate_used": pgettext_lazy("export section", "exchange rate used"),
    "rate_missing": pgettext_lazy("export section", "exchange rate missing"),
}


def export_header() -> list[str]:
    """The header of the downloads in the active language."""
    return [str(label) for label in EXPORT_HEADER]


def export_rows(report: FundingGapReport) -> list[tuple]:
    """report_rows with each section key shown as its label in the active language; every other
    value (the numbers above all) is exactly the same."""
    return [(str(SECTION_LABELS[row[0]]), *row[1:]) for row in report_rows(report)]


def report_rows(report: FundingGapReport) -> list[tuple]:
    """The report as rows with stable section keys (the CSV and XLSX write exactly these, with
    the section labels translated, so the downloads agree)."""
    currency = report.currency
    rows: list[tuple] = []

    def money_row(section, rank, key, name, figures: Figures):
        return (section, rank, key, name, currency, *(getattr(figures, n) for n in Figures.NAMES))

    for line in report.actions:
        rows.append(money_row("action", line.rank, line.action.pk, line.action.title, line.figures))
        for need_line in line.needs:
            need = need_line.need
            label = f"{line.action.title}: {need.get_kind_display()}"
            if need_line.quantities is not None:
                rows.append(
                    (
                        "need_quantity",
                        line.rank,
                        need.pk,
                        label,
                        need.unit,
                        *(getattr(need_line.quantities, n) for n in Figures.NAMES),
                    )
                )
            if need_line.money is not None:
                rows.append(money_row("need", line.rank, need.pk, label, need_line.money))
    rows.append(money_row("total", None, None, "", report.totals))
    for unit, quantities in report.quantity_totals.items():
        rows.append(
            (
                "total_quantity",
                None,
                None,
                "",
                unit,
                *(getattr(quantities, n) for n in Figures.NAMES),
            )
        )
    for objective, figures in report.by_objective:
        rows.append(money_row("objective", None, objective.code, objective.title, figures))
    for district, figures in report.by_district:
        rows.append(money_row("district", None, district.ubigeo, district.name, figures))
    for line in report.by_organization:
        rows.append(
            money_row(
                "organization", None, line.organization.pk, line.organization.name, line.figures
            )
        )
    for rate in report.rates_used:
        rows.append(
            (
                "rate_used",
                None,
                rate.date.isoformat(),
                rate.currency,
                "PEN",
                rate.rate_to_pen,
                None,
                None,
                None,
                None,
                None,
            )
        )
    for missing in report.missing_rates:
        rows.append(("rate_missing", None, None, missing, None, None, None, None, None, None, None))
    return rows


# --- The coordinators' dashboard ----------------------------------------------------------------


def commitments_by_sector(report: FundingGapReport) -> list[dict]:
    sectors: dict = {}
    for line in report.by_organization:
        sector = line.organization.get_sector_display()
        figures = sectors.setdefault(
            line.organization.sector,
            {
                "sector": line.organization.sector,
                "label": sector,
                "pledged": ZERO,
                "confirmed": ZERO,
                "delivered": ZERO,
            },
        )
        for name in ("pledged", "confirmed", "delivered"):
            figures[name] = _add(figures[name], getattr(line.figures, name))
    return sorted(sectors.values(), key=lambda item: item["label"])


def largest_gaps(report: FundingGapReport, *, top: int = TOP_RANKED) -> list[ActionLine]:
    """Among the top-ranked actions (the first listed when no round is published), those with
    the largest gaps."""
    ranked = [line for line in report.actions if line.rank is not None]
    candidates = (ranked or report.actions)[:top]
    with_gap = [line for line in candidates if line.figures.gap]
    return sorted(with_gap, key=lambda line: line.figures.gap, reverse=True)
