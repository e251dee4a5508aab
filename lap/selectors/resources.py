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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, NamedTuple, TypedDict

from django.core.cache import cache
from django.db.models import FilteredRelation, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import numberformat, timezone
from django.utils.formats import get_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from lap.fingerprints import tables_fingerprint
from lap.models import (
    FUNDING_LISTED_STATES,
    MONEY_UNITS,
    Action,
    ActionResult,
    Commitment,
    CommitmentStatus,
    Delivery,
    ExchangeRate,
    NeedUnit,
    Objective,
    ResourceNeed,
    Round,
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


@dataclass(slots=True)
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
        """Add `other` to these figures (a None, unknown, stays None). Spelled out rather than a
        loop over NAMES: a report adds about 100,000 lines at 50,000 actions."""
        if other.need is not None and self.need is not None:
            self.need += other.need
        if other.pledged is not None and self.pledged is not None:
            self.pledged += other.pledged
        if other.confirmed is not None and self.confirmed is not None:
            self.confirmed += other.confirmed
        if other.delivered is not None and self.delivered is not None:
            self.delivered += other.delivered
        if other.gap is not None and self.gap is not None:
            self.gap += other.gap
        if other.surplus is not None and self.surplus is not None:
            self.surplus += other.surplus
        if other.unconverted:
            for key, amount in other.unconverted.items():
                self.unconverted[key] = self.unconverted.get(key, ZERO) + amount
        if other.undetermined:
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


# (action id, rank) of a listed action; rank None: unranked.
Entry = tuple[int, int | None]


@dataclass
class FundingGapReport:
    """The report's totals over every listed action, and the actions' order; the lines of the
    actions themselves are computed a page at a time (`action_lines`)."""

    currency: str
    on: datetime.date
    states: tuple[str, ...]
    order: list[Entry]  # every listed action in priority order
    totals: Figures
    quantity_totals: dict[str, Quantities]  # unit -> its totals
    by_objective: list[tuple[Objective, Figures]]
    by_district: list[tuple[District, Figures]]
    by_organization: list[OrganizationLine]
    rates: Rates = field(repr=False, compare=False)
    # language -> the flags' wording and number format
    _wording: dict[str, tuple[str, str, AmountText]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @property
    def rates_used(self) -> list[ExchangeRate]:
        return sorted(self.rates.used.values(), key=lambda rate: rate.currency)

    @property
    def missing_rates(self) -> list[str]:  # currencies
        return sorted(self.rates.missing)

    @property
    def complete(self) -> bool:
        return not self.rates.missing

    @property
    def quantity_total_rows(self) -> list[tuple["_StrPromise", Quantities]]:
        labels = dict(NeedUnit.choices)
        return [(labels[unit], totals) for unit, totals in self.quantity_totals.items()]

    def missing_for(self, currency: str) -> list[str]:
        """The missing rates that keep `currency` from the report currency."""
        return sorted({currency, self.currency} & self.rates.missing)

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


class _Need(NamedTuple):
    id: int
    kind: str
    unit: str
    amount: Decimal
    estimated_value_pen: Decimal | None


class _Commitment(NamedTuple):
    organization_id: int
    unit: str
    status: str
    amount: Decimal
    delivered: Decimal


# (action id, objective id, need, its commitments that are not cancelled)
_NeedRow = tuple[int, int, _Need, list[_Commitment]]
_LIVE = ~Q(commitments__status=CommitmentStatus.CANCELLED)
# Rows fetched at a time from the server-side cursor: few round trips, bounded memory.
_ROWS_AT_A_TIME = 10_000


def _need_rows(needs: QuerySet[ResourceNeed]) -> Iterator[_NeedRow]:
    """The needs with their live commitments and delivered totals, in order of action and need,
    from the plain rows of one GROUP BY streamed from the database (never models with
    prefetches: at 50,000 actions those cost seconds)."""
    rows = (
        needs.annotate(live=FilteredRelation("commitments", condition=_LIVE))
        .values_list(
            "action_id",
            "action__objective_id",
            "id",
            "kind",
            "unit",
            "amount",
            "estimated_value_pen",
            "live__id",
            "live__organization_id",
            "live__unit",
            "live__status",
            "live__amount",
        )
        .annotate(delivered=Sum("live__deliveries__amount"))
        .order_by("action_id", "id", "live__id")
    )
    # One row per live commitment (a need without any has one row of None): a plain loop
    # rather than groupby, as this runs for every row of the report.
    current: _NeedRow | None = None
    for row in rows.iterator(chunk_size=_ROWS_AT_A_TIME):
        if current is None or current[2].id != row[2]:
            if current is not None:
                yield current
            current = (row[0], row[1], _Need(row[2], row[3], row[4], row[5], row[6]), [])
        if row[7] is not None:
            current[3].append(_Commitment(row[8], row[9], row[10], row[11], row[12] or ZERO))
    if current is not None:
        yield current


def _need_figures(
    need: _Need,
    commitments: Sequence[_Commitment],
    rates: Rates,
    currency: str,
    by_org: dict[int, Figures] | None,
) -> tuple[Figures | None, Quantities | None]:
    """A need's money figures (None for a non-money need without a PEN estimate) and, for a
    non-money need, its quantities; each commitment is also counted under its organization in
    `by_org` when given."""
    quantities = None
    if need.unit in MONEY_UNITS:
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
            return None, quantities
        # A commitment of q of Q units is worth q/Q of the estimate.
        base, base_currency = need.estimated_value_pen, PEN
        share = need.estimated_value_pen / need.amount
    money = Figures()
    need_value = rates.convert(base, base_currency, currency)
    money.put("need", need_value, base, base_currency)
    confirmed = []  # (amount, currency, converted) of each confirmed commitment
    for commitment in commitments:
        if share is None:
            amount, delivered, unit = commitment.amount, commitment.delivered, commitment.unit
        else:
            amount, delivered, unit = share * commitment.amount, share * commitment.delivered, PEN
        value = rates.convert(amount, unit, currency)
        delivered_value = rates.convert(delivered, unit, currency)
        name = "confirmed" if commitment.status == CommitmentStatus.CONFIRMED else "pledged"
        money.put(name, value, amount, unit)
        money.put("delivered", delivered_value, delivered, unit)
        if by_org is not None:
            organization = by_org.get(commitment.organization_id)
            if organization is None:
                organization = by_org[commitment.organization_id] = Figures(
                    need=None, gap=None, surplus=None
                )
            organization.put(name, value, amount, unit)
            organization.put("delivered", delivered_value, delivered, unit)
        if name == "confirmed":
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
        missing = tuple(sorted(c for c in currencies if c != PEN and c not in rates.in_force))
        money.undetermined[(base_currency, missing)] = 1
    return money, quantities


def _in_priority_order(listed: list[int]) -> list[Entry]:
    ranks = rounds_selectors.latest_published_ranks()
    ranked = sorted(
        (pk for pk in listed if ranks.get(pk) is not None), key=lambda pk: (ranks[pk], pk)
    )
    unranked = sorted(pk for pk in listed if ranks.get(pk) is None)
    return [(pk, ranks[pk]) for pk in ranked] + [(pk, None) for pk in unranked]


# Every table the report is computed from: a change to any row of them is a new report.
REPORT_SOURCES = (
    Action,  # with its districts
    ResourceNeed,
    Commitment,
    Delivery,
    ExchangeRate,
    Objective,
    Organization,
    District,
    Round,
    ActionResult,
)
# Bumped when the report's shape changes, so a deploy never reads an older shape back.
_REPORT_CACHE_SHAPE = 1
_REPORT_CACHE_SECONDS = 60 * 60


def funding_gap_report(
    *,
    currency: str = NeedUnit.PEN,
    on: datetime.date | None = None,
    states: Sequence[str] = FUNDING_LISTED_STATES,
) -> FundingGapReport:
    """The actions in `states` (by default FUNDING_LISTED_STATES, all public) in priority order,
    with the totals of their figures: overall, by objective, district and organization.

    Kept in the cache under a fingerprint of every row it is computed from (lap.fingerprints),
    so each page of a large report does not sum the whole report again, and a change to any of
    those rows, however it is written, is a new report at once."""
    if currency not in REPORT_CURRENCIES:
        raise ValueError(f"Report currency must be one of {REPORT_CURRENCIES}")
    on = on or timezone.localdate()
    # Read before the data (lap.fingerprints says why).
    fingerprint = tables_fingerprint(REPORT_SOURCES)
    if fingerprint is None:
        return _computed_report(currency, on, tuple(states))
    key = ":".join(
        (
            "lap-funding-gap",
            str(_REPORT_CACHE_SHAPE),
            currency,
            on.isoformat(),
            *states,
            fingerprint,
        )
    )
    report = cache.get(key)
    if not isinstance(report, FundingGapReport):
        report = _computed_report(currency, on, tuple(states))
        cache.set(key, report, _REPORT_CACHE_SECONDS)
    return report


def _computed_report(currency: str, on: datetime.date, states: tuple[str, ...]) -> FundingGapReport:
    """The report itself. The database sums each commitment's deliveries; conversion and
    rounding happen here, line by line, over plain rows, in constant queries whatever the
    number of actions."""
    rates = Rates.on_date(on)
    # Each listed action once per district (once with None without any), in one query.
    objective_of: dict[int, int] = {}
    districts_of: defaultdict[int, list[int]] = defaultdict(list)
    for action_id, objective_id, district_id in (
        Action.objects.filter(state__in=states)
        .order_by("id", "districts")
        .values_list("id", "objective_id", "districts")
    ):
        objective_of[action_id] = objective_id
        if district_id is not None:
            districts_of[action_id].append(district_id)
    by_org: dict[int, Figures] = {}
    quantity_totals: defaultdict[str, Quantities] = defaultdict(Quantities)
    # The needs summed by where they count (objective, districts): a few hundred places
    # rather than one addition per need, objective and district.
    by_place: dict[tuple[int, tuple[int, ...]], Figures] = {}
    for action_id, objective_id, need, commitments in _need_rows(
        ResourceNeed.objects.filter(action__state__in=states)
    ):
        money, quantities = _need_figures(need, commitments, rates, currency, by_org)
        if quantities is not None:
            quantity_totals[need.unit].add(quantities)
        if money is not None:
            place = (objective_id, tuple(districts_of.get(action_id, ())))
            # A fresh sum: a need's own unknown gap (None) must not make the place's unknown.
            summed = by_place.get(place)
            if summed is None:
                summed = by_place[place] = Figures()
            summed.add(money)
    # Every objective and district of a listed action has a line, zero when nothing is needed.
    objectives: dict[int, Figures] = {pk: Figures() for pk in set(objective_of.values())}
    districts: dict[int, Figures] = {
        pk: Figures() for pk in {pk for pks in districts_of.values() for pk in pks}
    }
    for (objective_id, district_ids), figures in by_place.items():
        objectives[objective_id].add(figures)
        # An action in several districts counts in full under each: district totals overlap.
        for district_id in district_ids:
            districts[district_id].add(figures)
    totals = Figures()
    for figures in objectives.values():
        totals.add(figures)
    organizations = Organization.objects.in_bulk(list(by_org))
    return FundingGapReport(
        currency=currency,
        on=on,
        states=tuple(states),
        order=_in_priority_order(list(objective_of)),
        totals=totals,
        quantity_totals={
            unit: quantity_totals[unit]
            for unit in NeedUnit.values
            if unit not in MONEY_UNITS and unit in quantity_totals
        },
        by_objective=sorted(
            (
                (objective, objectives[objective.pk])
                for objective in Objective.objects.filter(pk__in=objectives)
            ),
            key=lambda item: (item[0].order, item[0].code),
        ),
        by_district=sorted(
            (
                (district, districts[district.pk])
                for district in District.objects.filter(pk__in=districts).only(
                    "id", "name", "ubigeo"
                )
            ),
            key=lambda item: item[0].name,
        ),
        by_organization=sorted(
            (OrganizationLine(organizations[pk], figures) for pk, figures in by_org.items()),
            key=lambda line: line.organization.name,
        ),
        rates=rates,
    )


def action_lines(
    report: FundingGapReport, entries: Sequence[Entry] | None = None, *, details: bool = True
) -> list[ActionLine]:
    """The lines of `entries` (a page of `report.order`; all of it when None) in their order,
    each with its needs: four queries whatever the number of entries (three without `details`,
    the actions' objectives and districts)."""
    entries = report.order if entries is None else entries
    ids = [pk for pk, _rank in entries]
    # Only what a line shows: not the descriptions.
    actions = Action.objects.filter(pk__in=ids).only("id", "title", "state", "objective")
    if details:
        actions = actions.select_related("objective").prefetch_related(
            Prefetch("districts", queryset=District.objects.only("id", "name", "ubigeo"))
        )
    by_id = actions.in_bulk()
    needs_of: dict[int, list[NeedLine]] = {}
    figures_of: dict[int, Figures] = {}
    for action_id, _objective_id, need, commitments in _need_rows(
        ResourceNeed.objects.filter(action_id__in=ids)
    ):
        money, quantities = _need_figures(need, commitments, report.rates, report.currency, None)
        if money is not None:
            figures_of.setdefault(action_id, Figures()).add(money)
        model = ResourceNeed(
            id=need.id,
            action_id=action_id,
            kind=need.kind,
            unit=need.unit,
            amount=need.amount,
            estimated_value_pen=need.estimated_value_pen,
        )
        needs_of.setdefault(action_id, []).append(
            NeedLine(need=model, money=money, quantities=quantities)
        )
    return [
        ActionLine(
            action=by_id[pk],
            rank=rank,
            needs=needs_of.get(pk, []),
            figures=figures_of.get(pk) or Figures(),
        )
        for pk, rank in entries
        if pk in by_id
    ]


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
    ranked = [entry for entry in report.order if entry[1] is not None]
    candidates = action_lines(report, (ranked or report.order)[:top], details=False)
    with_gap = [line for line in candidates if line.figures.gap]
    return sorted(with_gap, key=lambda line: line.figures.gap or ZERO, reverse=True)
