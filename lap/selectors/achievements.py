"""Achievements to date (DESIGN.md "Implementation tracking and results"): the plan's headline
figures for the home page, each from the area that owns it, in a constant number of queries.
What is public only: the published vision, actions from `accepted` on, published rounds and
updates, money totals (never by organization)."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from lap.models.actions import (
    FUNDING_LISTED_STATES,
    ActionState,
    ConcernedCommunity,
    ConsentState,
)
from lap.models.implementation import ProgressUpdate, UpdateStatus
from lap.models.objectives import Indicator, IndicatorSeries
from lap.models.resources import MONEY_UNITS, Commitment, CommitmentStatus, Delivery
from lap.models.rounds import Round, RoundState
from lap.selectors.actions import PUBLIC_STATES
from lap.selectors.implementation import actions_by_state
from lap.selectors.resources import Rates
from lap.selectors.vision import AdoptionStatus, adoption_status, attach_figures, current_version

GIVEN = (ConsentState.CONSENT, ConsentState.CONSENT_WITH_CONDITIONS)


@dataclass(frozen=True, slots=True)
class ForestLossAgainstTarget:
    indicator: Indicator
    year: int
    value: Decimal
    source: str
    path_value: Decimal | None  # the target path's value that year; None without a path
    on_track: bool | None  # None without a path


@dataclass(slots=True)
class Money:
    confirmed_pen: Decimal = Decimal(0)
    delivered_pen: Decimal = Decimal(0)
    rates_used: list[str] = field(default_factory=list)  # "USD 3.75 (2026-11-01)"
    unconverted: list[str] = field(default_factory=list)  # currencies with no rate


@dataclass(slots=True)
class Achievements:
    adoption: AdoptionStatus | None
    actions: dict[str, int]
    communities_consenting: int
    money: Money
    latest_round: Round | None
    forest_loss: ForestLossAgainstTarget | None
    latest_updates: list[ProgressUpdate]


def path_value(indicator: Indicator, year: int) -> Decimal | None:
    """The indicator's target path at `year`: linear from baseline to target, None when either
    is missing (DESIGN: no path without baseline and target)."""
    start, end = indicator.baseline_year, indicator.target_year
    baseline, target = indicator.baseline_value, indicator.target_value
    if start is None or end is None or baseline is None or target is None:
        return None
    if end == start:
        return target
    share = Decimal(min(max(year - start, 0), end - start)) / Decimal(end - start)
    return (baseline + (target - baseline) * share).quantize(Decimal("0.01"))


def forest_loss_indicator() -> Indicator | None:
    """The indicator fed by the province's annual humid primary forest loss, with its figures
    attached (lap.selectors.vision), or None."""
    indicator = (
        Indicator.objects.filter(
            series=IndicatorSeries.HUMID_PRIMARY_FOREST_LOSS, series_province__isnull=False
        )
        .order_by("pk")
        .first()
    )
    return attach_figures([indicator])[0] if indicator else None


def against_target(indicator: Indicator) -> list[ForestLossAgainstTarget]:
    """Each year with data (annual figures only: a period total and its derived annual mean get
    no mark), with the target path's value that year and whether it is on track."""
    years = []
    decreasing = indicator.direction == "decrease"
    for figure in indicator.figures.measurements:  # type: ignore[attr-defined]
        if figure.start_year is None or figure.start_year != figure.end_year:
            continue
        on_path = path_value(indicator, figure.start_year)
        on_track = None
        if on_path is not None:
            on_track = figure.value <= on_path if decreasing else figure.value >= on_path
        years.append(
            ForestLossAgainstTarget(
                indicator=indicator,
                year=figure.start_year,
                value=figure.value,
                source=figure.source,
                path_value=on_path,
                on_track=on_track,
            )
        )
    return years


def _forest_loss() -> ForestLossAgainstTarget | None:
    indicator = forest_loss_indicator()
    if indicator is None:
        return None
    years = against_target(indicator)
    return years[-1] if years else None


def _money(on: datetime.date) -> Money:
    listed = {"need__action__state__in": FUNDING_LISTED_STATES}
    confirmed = (
        Commitment.objects.filter(status=CommitmentStatus.CONFIRMED, unit__in=MONEY_UNITS, **listed)
        .values_list("unit")
        .annotate(total=Sum("amount"))
        .order_by("unit")
    )
    delivered = (
        Delivery.objects.filter(
            commitment__status=CommitmentStatus.CONFIRMED,
            commitment__unit__in=MONEY_UNITS,
            **{f"commitment__{key}": value for key, value in listed.items()},
        )
        .values_list("commitment__unit")
        .annotate(total=Sum("amount"))
        .order_by("commitment__unit")
    )
    rates, money = Rates.on_date(on), Money()
    for figure, rows in (("confirmed_pen", confirmed), ("delivered_pen", delivered)):
        for unit, total in rows:
            converted = rates.convert(total, unit, "PEN")
            if converted is None:
                money.unconverted.append(unit)
            else:
                setattr(money, figure, getattr(money, figure) + converted)
    money.rates_used = [
        f"{currency} {rate.rate_to_pen.normalize()} ({rate.date.isoformat()})"
        for currency, rate in sorted(rates.used.items())
    ]
    money.unconverted = sorted(set(money.unconverted))
    return money


def achievements(*, on: datetime.date | None = None, updates: int = 3) -> Achievements:
    version = current_version()
    return Achievements(
        adoption=adoption_status(version) if version else None,
        actions={
            state: count
            for state, count in actions_by_state().items()
            if state in (ActionState.APPROVED, ActionState.IN_PROGRESS, ActionState.COMPLETED)
        },
        communities_consenting=ConcernedCommunity.objects.filter(
            removed_at__isnull=True,
            consent__state__in=GIVEN,
            action__state__in=PUBLIC_STATES,
        )
        .values("community")
        .distinct()
        .count(),
        money=_money(on or timezone.localdate()),
        latest_round=Round.objects.filter(state=RoundState.PUBLISHED)
        .order_by("-published_at", "-pk")
        .first(),
        forest_loss=_forest_loss(),
        latest_updates=list(
            ProgressUpdate.objects.filter(
                status=UpdateStatus.PUBLISHED, action__state__in=PUBLIC_STATES
            )
            .select_related("action", "organization")
            .order_by("-published_at", "-id")[:updates]
        ),
    )
