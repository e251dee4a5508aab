"""Reads about resources, shared by pages, the API and the exports.

The funding-gap report converts every amount at the rate in force on the report date (the latest
rate on or before it) and names exactly the rates it used. A missing rate never hides what can be
converted: each figure sums every amount it can convert, and the rest is listed in its own
currency, flagged, never guessed (`Figures.unconverted`). Each line is rounded half-up to 0.01
before summing. Per need: confirmed, pledged, gap = max(0, need - confirmed), surplus =
max(0, confirmed - need); totals add per-need gaps and surpluses, never netting one need against
another.

When the need or one of its confirmed commitments cannot be converted, its gap and surplus are
computed in the need's own currency if every confirmed commitment is in that currency, and
listed unconverted in it; otherwise (amounts in two currencies, one without a rate) they cannot be
determined: None on the need's line, counted in `Figures.undetermined` above it, never guessed.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, TypedDict, cast

from django.db.models import Prefetch, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import numberformat, timezone
from django.utils.formats import get_format
from django.utils.translation import get_language, ngettext, pgettext_lazy
from django.utils.translation import gettext as _

from lap.models import (
    FUNDING_LISTED_STATES,
    MONEY_UNITS,
    Action,
    Commitment,
    CommitmentStatus,
    Delivery,
    ExchangeRate,
    NeedUnit,
    Objective,
    ResourceNeed,
)
from lap.selectors import rounds as rounds_selectors
from lap.selectors.actions import actions_visible_to
from stakeholders.models import ApiKey, Membership, MembershipRole, MembershipStatus, Organization
from stakeholders.rules import is_member_anywhere
from territory.models import District

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.utils.functional import _StrPromise
    from django_stubs_ext import WithAnnotations

    from stakeholders.models import User

    Reader = User | AnonymousUser

    class _Delivered(TypedDict):
        delivered: Decimal

    # A commitment annotated with its total delivered (visible_commitments, the report).
    DeliveredCommitment = WithAnnotations[Commitment, _Delivered]

CENT = Decimal("0.01")
PEN = NeedUnit.PEN.value
ZERO = Decimal("0.00")
REPORT_CURRENCIES = (NeedUnit.PEN.value, NeedUnit.USD.value)
TOP_RANKED = 10


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# --- Who sees which actions and resources -------------------------------------------------------


def can_read_resources(user: "Reader", api_key: ApiKey | None = None) -> bool:
    """Needs, commitments and deliveries are read by the stakeholders who commit (active members
    of any organization), coordinators, the superuser and keys with the `resources` scope; not by
    outsiders (signed in, no membership) nor anonymous visitors (DESIGN "Who sees what")."""
    if api_key is not None:
        return api_key.has_scope("resources")
    if not user.is_authenticated:
        return False
    return bool(user.is_superuser or user.is_coordinator or is_member_anywhere(user))


def represented_organization_ids(user: "Reader") -> set[int]:
    """The organizations the person actively represents, in one query."""
    if not user.is_authenticated:
        return set()
    return set(
        Membership.objects.filter(
            user=user, status=MembershipStatus.ACTIVE, role=MembershipRole.REPRESENTATIVE
        ).values_list("organization_id", flat=True)
    )


def visible_needs(user: "Reader", api_key: ApiKey | None = None) -> QuerySet[ResourceNeed]:
    if not can_read_resources(user, api_key):
        return ResourceNeed.objects.none()
    return (
        ResourceNeed.objects.filter(action__in=actions_visible_to(user, api_key=api_key))
        .select_related("action", "action__proposing_organization")
        .order_by("action_id", "id")
    )


def visible_commitments(user: "Reader", api_key: ApiKey | None = None) -> QuerySet[Commitment]:
    if not can_read_resources(user, api_key):
        return Commitment.objects.none()
    return (
        Commitment.objects.filter(need__action__in=actions_visible_to(user, api_key=api_key))
        .select_related("need", "need__action", "organization")
        .annotate(delivered=Coalesce(Sum("deliveries__amount"), Value(ZERO)))
        .order_by("-created_at", "-id")
    )


def visible_deliveries(user: "Reader", api_key: ApiKey | None = None) -> QuerySet[Delivery]:
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


def exchange_rates() -> QuerySet[ExchangeRate]:
    return ExchangeRate.objects.select_related("entered_by").order_by("-date", "currency")


def action_resources(action: Action) -> QuerySet[ResourceNeed]:
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


def overdue_pledges(*, today: datetime.date | None = None) -> QuerySet[Commitment]:
    today = today or timezone.localdate()
    return (
        Commitment.objects.filter(status=CommitmentStatus.PLEDGED, expected_on__lt=today)
        .select_related("need__action", "organization")
        .order_by("expected_on", "id")
    )


def recent_deliveries() -> QuerySet[Delivery]:
    return Delivery.objects.select_related(
        "commitment__organization", "commitment__need__action"
    ).order_by("-delivered_on", "-id")


# --- Exchange rates in force --------------------------------------------------------------------


@dataclass
class Rates:
    """The rates in force on a date, and which of them a report actually used or missed."""

    on: datetime.date
    in_force: dict[str, ExchangeRate]  # currency -> its rate
    used: dict[str, ExchangeRate] = field(default_factory=dict)
    missing: set[str] = field(default_factory=set)

    @classmethod
    def on_date(cls, on: datetime.date) -> "Rates":
        in_force: dict[str, ExchangeRate] = {}
        for currency in (NeedUnit.USD, NeedUnit.EUR):
            rate = (
                ExchangeRate.objects.filter(currency=currency, date__lte=on)
                .order_by("-date")
                .first()
            )
            if rate is not None:
                in_force[currency.value] = rate
        return cls(on=on, in_force=in_force)

    def convert(self, amount: Decimal, currency: str, target: str) -> Decimal | None:
        """`amount` of `currency` in `target`, rounded half-up to the cent; None without a rate.

        A rate counts as used only when a conversion actually used it, so the report's note on
        rates never names a rate that converted nothing."""
        if currency == target:
            return cents(amount)
        source, target_rate = self.in_force.get(currency), self.in_force.get(target)
        if (source is None and currency != PEN) or (target_rate is None and target != PEN):
            pairs = ((currency, source), (target, target_rate))
            self.missing.update(c for c, rate in pairs if c != PEN and rate is None)
            return None
        value = amount
        if source is not None:
            self.used[currency] = source
            value = value * source.rate_to_pen
        if target_rate is not None:
            self.used[target] = target_rate
            value = value / target_rate.rate_to_pen
        return cents(value)


# --- The funding-gap report ---------------------------------------------------------------------

GAP_FIGURES = ("gap", "surplus")
COMMITMENT_FIGURES = ("pledged", "confirmed", "delivered")


@dataclass
class Figures:
    """Money figures of one line (a need, an action, a total...) in the report currency.

    Each figure is the sum of every part that could be converted; the parts that could not
    (a rate is missing) stay in their own currency in `unconverted`, never guessed and never
    dropped. `undetermined` counts the needs whose gap and surplus cannot be computed in any one
    currency (a need without a rate whose confirmed commitments are in another currency); on a
    need's own line gap and surplus are then None (unknown)."""

    need: Decimal | None = ZERO
    pledged: Decimal | None = ZERO
    confirmed: Decimal | None = ZERO
    delivered: Decimal | None = ZERO
    gap: Decimal | None = ZERO
    surplus: Decimal | None = ZERO
    unconverted: dict[tuple[str, str], Decimal] = field(default_factory=dict)  # (figure, currency)
    # (currency, missing rates) -> how many needs
    undetermined: dict[tuple[str, tuple[str, ...]], int] = field(default_factory=dict)

    NAMES = ("need", "pledged", "confirmed", "delivered", "gap", "surplus")

    def put(self, name: str, converted: Decimal | None, amount: Decimal, currency: str) -> None:
        """Count `amount` of `currency`: converted when it could be, in its currency if not."""
        if converted is not None:
            setattr(self, name, (getattr(self, name) or ZERO) + converted)
        elif cents(amount):
            key = (name, currency)
            self.unconverted[key] = self.unconverted.get(key, ZERO) + cents(amount)

    def add(self, other: "Figures") -> None:
        for name in self.NAMES:
            value = getattr(other, name)
            if value is not None and getattr(self, name) is not None:
                setattr(self, name, getattr(self, name) + value)
        for key, amount in other.unconverted.items():
            self.unconverted[key] = self.unconverted.get(key, ZERO) + amount
        for needs_key, count in other.undetermined.items():
            self.undetermined[needs_key] = self.undetermined.get(needs_key, 0) + count

    @property
    def flags(self) -> dict[str, list[tuple[Decimal | None, str]]]:
        """figure -> [(amount, currency)] left unconverted (amount None: not determined), for
        the page to show beside each converted figure."""
        flags: dict[str, list[tuple[Decimal | None, str]]] = {name: [] for name in self.NAMES}
        for (name, currency), amount in sorted(self.unconverted.items()):
            flags[name].append((amount, currency))
        for currency in sorted({currency for currency, _missing in self.undetermined}):
            for name in GAP_FIGURES:
                flags[name].append((None, currency))
        return flags


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
    needs: list[NeedLine]
    figures: Figures

    @property
    def other_needs(self) -> list[NeedLine]:
        return [line for line in self.needs if line.quantities is not None]


@dataclass
class OrganizationLine:
    organization: Organization
    figures: Figures


AmountText = Callable[[Decimal], str]


def _amount_formatter() -> AmountText:
    """Amounts as the active language writes them (20,000.00 or 20 000,00), the locale's
    separators looked up once rather than per amount."""
    decimal_sep, thousand_sep = get_format("DECIMAL_SEPARATOR"), get_format("THOUSAND_SEPARATOR")
    grouping = get_format("NUMBER_GROUPING")

    def amount_text(value: Decimal) -> str:
        return numberformat.format(
            value, decimal_sep, 2, grouping, thousand_sep, force_grouping=True
        )

    return amount_text


class Unconverted(TypedDict):
    """What a line could not convert in one figure and currency, with its flag."""

    figure: str
    currency: str
    amount: Decimal | None  # None: not determined
    missing_rates: list[str]
    note: str


@dataclass
class FundingGapReport:
    currency: str
    on: datetime.date
    actions: list[ActionLine]
    totals: Figures
    quantity_totals: dict[str, Quantities]  # unit -> its totals
    by_objective: list[tuple[Objective, Figures]]
    by_district: list[tuple[District, Figures]]
    by_organization: list[OrganizationLine]
    rates_used: list[ExchangeRate]
    missing_rates: list[str]  # currencies
    # language -> the flags' wording and number format
    _wording: dict[str, tuple[str, str, AmountText]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @property
    def complete(self) -> bool:
        return not self.missing_rates

    @property
    def quantity_total_rows(self) -> list[tuple["_StrPromise", Quantities]]:
        labels = dict(NeedUnit.choices)
        return [(labels[unit], totals) for unit, totals in self.quantity_totals.items()]

    def missing_for(self, currency: str) -> list[str]:
        """The missing rates that keep `currency` from the report currency."""
        return sorted({currency, self.currency} & set(self.missing_rates))

    def _texts(self) -> tuple[str, str, AmountText]:
        """The flags' wording and number format in the active language, looked up once."""
        language = get_language()
        if language not in self._wording:
            self._wording[language] = (
                _("%(amount)s %(currency)s not converted: no rate on or before %(date)s"),
                _(
                    "%(amount)s %(currency)s not converted: no rate for %(missing)s on or "
                    "before %(date)s"
                ),
                _amount_formatter(),
            )
        return self._wording[language]

    def unconverted(self, figures: Figures) -> list[Unconverted]:
        """What a line could not convert, each with its flag in the active language."""
        if not figures.unconverted and not figures.undetermined:
            return []
        date = self.on.isoformat()
        same, other, amount_text = self._texts()
        entries: list[Unconverted] = []
        for (name, currency), amount in sorted(
            figures.unconverted.items(), key=lambda item: (Figures.NAMES.index(item[0][0]), item)
        ):
            missing = self.missing_for(currency)
            note = (same if missing == [currency] else other) % {
                "amount": amount_text(amount),
                "currency": currency,
                "missing": ", ".join(missing),
                "date": date,
            }
            entries.append(
                {
                    "figure": name,
                    "currency": currency,
                    "amount": amount,
                    "missing_rates": missing,
                    "note": note,
                }
            )
        for (currency, rates_missing), count in sorted(figures.undetermined.items()):
            note = ngettext(
                "Gap and surplus of %(count)s need in %(currency)s not determined: no rate for "
                "%(missing)s on or before %(date)s",
                "Gap and surplus of %(count)s needs in %(currency)s not determined: no rate for "
                "%(missing)s on or before %(date)s",
                count,
            ) % {
                "count": count,
                "currency": currency,
                "missing": ", ".join(rates_missing),
                "date": date,
            }
            for name in GAP_FIGURES:
                entries.append(
                    {
                        "figure": name,
                        "currency": currency,
                        "amount": None,
                        "missing_rates": list(rates_missing),
                        "note": note,
                    }
                )
        return entries

    @property
    def notes(self) -> list[str]:
        """The flags of the report's totals, each once (the rates box of the page)."""
        seen: list[str] = []
        for entry in self.unconverted(self.totals):
            if entry["note"] not in seen:
                seen.append(entry["note"])
        return seen


def _need_line(
    need: ResourceNeed, rates: Rates, currency: str, by_org: dict[int, OrganizationLine]
) -> NeedLine:
    # Prefetched by funding_gap_report with their `delivered` total.
    commitments = cast(
        "list[DeliveredCommitment]",
        [c for c in need.commitments.all() if c.status != CommitmentStatus.CANCELLED],
    )
    quantities = None
    if need.is_money:
        base, base_currency, share = need.amount, need.unit, None
    else:
        quantities = Quantities(need=need.amount)
        for commitment in commitments:
            if commitment.status == CommitmentStatus.CONFIRMED:
                quantities.confirmed += commitment.amount
            else:
                quantities.pledged += commitment.amount
            quantities.delivered += commitment.delivered
        quantities.gap = max(ZERO, quantities.need - quantities.confirmed)
        quantities.surplus = max(ZERO, quantities.confirmed - quantities.need)
        if need.estimated_value_pen is None:
            return NeedLine(need=need, money=None, quantities=quantities)
        # A commitment of q of Q units is worth q/Q of the estimate.
        base, base_currency = need.estimated_value_pen, NeedUnit.PEN.value
        share = need.estimated_value_pen / need.amount
    money = Figures()
    need_value = rates.convert(base, base_currency, currency)
    money.put("need", need_value, base, base_currency)
    confirmed = []  # (amount, currency, converted) of each confirmed commitment
    for commitment in commitments:
        if share is None:
            amount, delivered, unit = commitment.amount, commitment.delivered, commitment.unit
        else:
            amount, delivered, unit = share * commitment.amount, share * commitment.delivered, "PEN"
        value = rates.convert(amount, unit, currency)
        delivered_value = rates.convert(delivered, unit, currency)
        _count_commitment(
            money, by_org, commitment, amount, value, delivered, delivered_value, unit
        )
        if commitment.status == CommitmentStatus.CONFIRMED:
            confirmed.append((amount, unit, value))
    money.gap = money.surplus = ZERO
    converted = [value for _a, _u, value in confirmed if value is not None]
    if need_value is not None and len(converted) == len(confirmed):
        total = sum(converted, ZERO)
        money.gap, money.surplus = max(ZERO, need_value - total), max(ZERO, total - need_value)
    elif all(unit == base_currency for _a, unit, _v in confirmed):
        # Not convertible, but computable in the need's own currency: listed in it.
        total = sum((cents(amount) for amount, _u, _v in confirmed), ZERO)
        gap, surplus = max(ZERO, cents(base) - total), max(ZERO, total - cents(base))
        if gap:
            money.put("gap", None, gap, base_currency)
        if surplus:
            money.put("surplus", None, surplus, base_currency)
    else:
        money.gap = money.surplus = None
        currencies = {base_currency, currency, *(unit for _a, unit, _v in confirmed)}
        missing = tuple(sorted(c for c in currencies if c != "PEN" and c not in rates.in_force))
        money.undetermined[(base_currency, missing)] = 1
    return NeedLine(need=need, money=money, quantities=quantities)


def _count_commitment(
    money: Figures,
    by_org: dict[int, OrganizationLine],
    commitment: Commitment,
    amount: Decimal,
    value: Decimal | None,
    delivered: Decimal,
    delivered_value: Decimal | None,
    unit: str,
) -> None:
    organization = by_org.setdefault(
        commitment.organization_id,
        OrganizationLine(commitment.organization, Figures(need=None, gap=None, surplus=None)),
    )
    name = "confirmed" if commitment.status == CommitmentStatus.CONFIRMED else "pledged"
    for figures in (money, organization.figures):
        figures.put(name, value, amount, unit)
        figures.put("delivered", delivered_value, delivered, unit)


def _in_priority_order(actions: list[Action]) -> list[tuple[Action, int | None]]:
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
    by_org: dict[int, OrganizationLine] = {}
    lines = []
    totals = Figures()
    quantity_totals: defaultdict[str, Quantities] = defaultdict(Quantities)
    objectives: dict[int, tuple[Objective, Figures]] = {}
    districts: dict[int, tuple[District, Figures]] = {}
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


def unconverted_list(report: FundingGapReport, figures: Figures) -> list[dict[str, Any]]:
    """The API's `unconverted` list of a line: amounts as strings (null: not determined)."""
    return [{**entry, "amount": _money(entry["amount"])} for entry in report.unconverted(figures)]


def figures_dict(
    report: FundingGapReport, figures: Figures, names: Sequence[str] = Figures.NAMES
) -> dict[str, Any]:
    return {
        **{name: _money(getattr(figures, name)) for name in names},
        "unconverted": [
            entry for entry in unconverted_list(report, figures) if entry["figure"] in names
        ],
    }


def quantities_dict(quantities: Quantities) -> dict[str, str]:
    return {name: f"{getattr(quantities, name):.2f}" for name in Figures.NAMES}


def report_as_dict(report: FundingGapReport) -> dict[str, Any]:
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
                **figures_dict(report, line.figures),
                "needs": [
                    {
                        "id": need_line.need.pk,
                        "kind": need_line.need.kind,
                        "unit": need_line.need.unit,
                        "amount": f"{need_line.need.amount:.2f}",
                        "money": figures_dict(report, need_line.money) if need_line.money else None,
                        "quantities": quantities_dict(need_line.quantities)
                        if need_line.quantities
                        else None,
                    }
                    for need_line in line.needs
                ],
            }
            for line in report.actions
        ],
        "totals": figures_dict(report, report.totals),
        "quantity_totals": {
            unit: quantities_dict(quantities) for unit, quantities in report.quantity_totals.items()
        },
        "by_objective": [
            {"objective": objective.code, "title": objective.title, **figures_dict(report, figures)}
            for objective, figures in report.by_objective
        ],
        "district_totals_overlap": True,
        "by_district": [
            {
                "district": district.name,
                "ubigeo": district.ubigeo,
                **figures_dict(report, figures),
            }
            for district, figures in report.by_district
        ],
        "by_organization": [
            {
                "organization": line.organization.name,
                "sector": line.organization.sector,
                **figures_dict(report, line.figures, COMMITMENT_FIGURES),
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
    "unconverted": pgettext_lazy("export section", "not converted"),
}


# One row of the downloads: the EXPORT_COLUMNS' values (text, numbers, None).
Row = tuple[object, ...]


def export_header() -> list[str]:
    """The header of the downloads in the active language."""
    return [str(label) for label in EXPORT_HEADER]


def export_rows(report: FundingGapReport) -> list[Row]:
    """report_rows with each section key shown as its label in the active language; every other
    value (the numbers above all) is exactly the same."""
    return [(str(SECTION_LABELS[str(row[0])]), *row[1:]) for row in report_rows(report)]


def report_rows(report: FundingGapReport) -> list[Row]:
    """The report as rows with stable section keys (the CSV and XLSX write exactly these, with
    the section labels translated, so the downloads agree). Below each money row, one
    "unconverted" row per currency holds what that line could not convert, in that currency."""
    currency = report.currency
    rows: list[Row] = []

    def money_rows(
        section: str,
        rank: int | None,
        key: int | str | None,
        name: str,
        figures: Figures,
        names: Sequence[str] = Figures.NAMES,
    ) -> None:
        rows.append(
            (
                section,
                rank,
                key,
                name,
                currency,
                *(getattr(figures, n) if n in names else None for n in Figures.NAMES),
            )
        )
        by_currency: dict[str, list[Unconverted]] = {}
        for entry in report.unconverted(figures):
            if entry["figure"] in names:
                by_currency.setdefault(entry["currency"], []).append(entry)
        for unit, entries in sorted(by_currency.items()):
            amounts = {entry["figure"]: entry["amount"] for entry in entries}
            notes = "; ".join(dict.fromkeys(entry["note"] for entry in entries))
            rows.append(
                (
                    "unconverted",
                    rank,
                    key,
                    f"{name}: {notes}" if name else notes,
                    unit,
                    *(amounts.get(n) for n in Figures.NAMES),
                )
            )

    for line in report.actions:
        money_rows("action", line.rank, line.action.pk, line.action.title, line.figures)
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
                money_rows("need", line.rank, need.pk, label, need_line.money)
    money_rows("total", None, None, "", report.totals)
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
        money_rows("objective", None, objective.code, objective.title, figures)
    for district, figures in report.by_district:
        money_rows("district", None, district.ubigeo, district.name, figures)
    for organization_line in report.by_organization:
        money_rows(
            "organization",
            None,
            organization_line.organization.pk,
            organization_line.organization.name,
            organization_line.figures,
            COMMITMENT_FIGURES,
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


def commitments_by_sector(report: FundingGapReport) -> list[dict[str, Any]]:
    """Pledged, confirmed and delivered by sector (converted parts), with `figures` holding what
    could not be converted."""
    sectors: dict[str, dict[str, Any]] = {}
    for line in report.by_organization:
        sector = sectors.setdefault(
            line.organization.sector,
            {
                "sector": line.organization.sector,
                "label": line.organization.get_sector_display(),
                "figures": Figures(need=None, gap=None, surplus=None),
            },
        )
        sector["figures"].add(line.figures)
    for sector in sectors.values():
        for name in COMMITMENT_FIGURES:
            sector[name] = getattr(sector["figures"], name)
    return sorted(sectors.values(), key=lambda item: str(item["label"]))


def largest_gaps(report: FundingGapReport, *, top: int = TOP_RANKED) -> list[ActionLine]:
    """Among the top-ranked actions (the first listed when no round is published), those with
    the largest converted gaps."""
    ranked = [line for line in report.actions if line.rank is not None]
    candidates = (ranked or report.actions)[:top]
    with_gap = [line for line in candidates if line.figures.gap]
    return sorted(with_gap, key=lambda line: line.figures.gap or ZERO, reverse=True)
