"""Reads about the vision, objectives and indicators, shared by pages and the API.

Who sees what: drafts are for coordinators, versions open or closed for comment for anyone
signed in, published versions for everyone. Objectives and indicators are public.
"""

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, TypedDict

import markdown
import nh3
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from lap.models import (
    Endorsement,
    Indicator,
    IndicatorMeasurement,
    Objective,
    VisionAdoption,
    VisionComment,
    VisionSection,
    VisionState,
    VisionVersion,
)
from lap.models.objectives import CONFIRMATIONS_NEEDED
from stakeholders.models import (
    CORE_SECTORS,
    MembershipRole,
    MembershipStatus,
    Organization,
    Sector,
    User,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django_stubs_ext import WithAnnotations

    from territory.models import ForestLoss

# --- Versions ------------------------------------------------------------------------------------


def visible_versions(
    user: "User | AnonymousUser", *, as_outsider: bool = False
) -> "QuerySet[VisionVersion]":
    """Versions the person may see, newest first, with their comment and endorsement counts.

    `as_outsider` is for partner keys, which see what a signed-in outsider sees.
    """
    versions = (
        VisionVersion.objects.select_related("created_by")
        .annotate(
            comment_count=Count("comments", distinct=True),
            endorsement_count=Count(
                "endorsements", filter=Q(endorsements__withdrawn_at__isnull=True), distinct=True
            ),
        )
        .order_by("-number")
    )
    if user.has_perm("lap.manage_vision"):
        return versions
    if as_outsider or getattr(user, "is_authenticated", False):
        return versions.exclude(state=VisionState.DRAFT)
    return versions.filter(state=VisionState.PUBLISHED)


def current_version() -> VisionVersion | None:
    """The current published version (everyone may see it), or None before the first."""
    return VisionVersion.objects.filter(is_current=True).select_related("adoption").first()


def render_markdown(text: str) -> SafeString:
    """Markdown to HTML, cleaned of anything a browser could run."""
    return mark_safe(nh3.clean(markdown.markdown(text or "")))  # noqa: S308 - cleaned by nh3


@dataclass
class RenderedSection:
    number: int
    heading: str
    html: SafeString
    comments: list[VisionComment] = field(default_factory=list)


def rendered_sections(
    version: VisionVersion, comments: Iterable[VisionComment] | None = None
) -> list[RenderedSection]:
    by_section: dict[int, list[VisionComment]] = {}
    for comment in comments or []:
        by_section.setdefault(comment.section, []).append(comment)
    return [
        RenderedSection(
            number=section.number,
            heading=section.heading,
            html=render_markdown(section.text),
            comments=by_section.get(section.number, []),
        )
        for section in version.sections
    ]


def comments_of(version: VisionVersion) -> "QuerySet[VisionComment]":
    return VisionComment.objects.filter(version=version).select_related(
        "author", "organization", "entered_by"
    )


def living_endorsements_of(version: VisionVersion) -> "QuerySet[Endorsement]":
    return (
        Endorsement.objects.filter(version=version, withdrawn_at__isnull=True)
        .select_related("organization", "endorsed_by")
        .order_by("organization__sector", "organization__name")
    )


# --- Adoption ------------------------------------------------------------------------------------

ENDORSED = "endorsed"
WAITING = "waiting"
NO_REPRESENTATIVE = "no_representative"
NO_ACTIVE_ORGANIZATION = "no_active_organization"


@dataclass
class SectorStatus:
    sector: str
    label: str
    state: str
    endorsers: list[Organization]
    organizations: Sequence[Organization]

    @property
    def state_label(self) -> str:
        return {
            ENDORSED: _("endorsed"),
            WAITING: _("missing: waiting for an endorsement"),
            NO_REPRESENTATIVE: _("missing: no representative"),
            NO_ACTIVE_ORGANIZATION: _("no active organization (not needed)"),
        }[self.state]

    @property
    def is_missing(self) -> bool:
        return self.state in (WAITING, NO_REPRESENTATIVE)


@dataclass
class AdoptionStatus:
    version: VisionVersion
    sectors: list[SectorStatus]
    endorsements: list[Endorsement]
    adoption: VisionAdoption | None

    @property
    def is_complete(self) -> bool:
        """Every core sector with an active organization has an endorsing organization."""
        needed = [s for s in self.sectors if s.state != NO_ACTIVE_ORGANIZATION]
        return bool(needed) and all(s.state == ENDORSED for s in needed)

    @property
    def is_adopted(self) -> bool:
        return self.adoption is not None

    @property
    def missing(self) -> list[SectorStatus]:
        return [s for s in self.sectors if s.is_missing]

    @property
    def endorsed(self) -> list[SectorStatus]:
        return [s for s in self.sectors if s.state == ENDORSED]


class _Represented(TypedDict):
    has_representative: bool


def adoption_status(version: VisionVersion) -> AdoptionStatus:
    """Which core sectors endorsed the version, which are missing and why (3 queries)."""
    from stakeholders.models import Membership

    representative = Membership.objects.filter(
        organization=OuterRef("pk"),
        status=MembershipStatus.ACTIVE,
        role=MembershipRole.REPRESENTATIVE,
    )
    active = (
        Organization.objects.filter(
            sector__in=CORE_SECTORS, memberships__status=MembershipStatus.ACTIVE
        )
        .distinct()
        .annotate(has_representative=Exists(representative))
        .order_by("name")
    )
    endorsements = list(living_endorsements_of(version))
    adoption = VisionAdoption.objects.filter(version=version).prefetch_related("endorsers").first()
    organizations_by_sector: dict[str, list[WithAnnotations[Organization, _Represented]]] = {}
    for organization in active:
        organizations_by_sector.setdefault(organization.sector, []).append(organization)
    endorsers_by_sector: dict[str, list[Organization]] = {}
    for endorsement in endorsements:
        endorsers_by_sector.setdefault(endorsement.organization.sector, []).append(
            endorsement.organization
        )
    sectors = []
    for sector in CORE_SECTORS:
        organizations = organizations_by_sector.get(sector, [])
        endorsers = endorsers_by_sector.get(sector, [])
        if endorsers:
            state = ENDORSED
        elif not organizations:
            state = NO_ACTIVE_ORGANIZATION
        elif not any(o.has_representative for o in organizations):
            state = NO_REPRESENTATIVE
        else:
            state = WAITING
        sectors.append(
            SectorStatus(
                sector=str(sector),
                label=str(Sector(sector).label),
                state=state,
                endorsers=endorsers,
                organizations=organizations,
            )
        )
    return AdoptionStatus(
        version=version, sectors=sectors, endorsements=endorsements, adoption=adoption
    )


# --- Differences between two versions ----------------------------------------------------------

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass
class SectionDiff:
    left_heading: str | None
    right_heading: str | None
    left_html: SafeString
    right_html: SafeString
    changed: bool


# (changed, start, end): a run of tokens that did or did not change.
Span = tuple[bool, int, int]


def _marked(tokens: list[str], spans: list[Span], tag: str) -> SafeString:
    out = []
    for changed, start, end in spans:
        text = escape("".join(tokens[start:end]))
        out.append(f"<{tag}>{text}</{tag}>" if changed and text.strip() else text)
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


def _diff_texts(old: str, new: str) -> tuple[SafeString, SafeString, bool]:
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    left: list[Span] = []
    right: list[Span] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        left.append((op != "equal", i1, i2))
        right.append((op != "equal", j1, j2))
    changed = any(op != "equal" for op, *_rest in matcher.get_opcodes())
    return _marked(a, left, "del"), _marked(b, right, "ins"), changed


def diff_versions(old: VisionVersion, new: VisionVersion) -> list[SectionDiff]:
    """Pair the sections of two versions by heading and mark the words that changed."""
    old_sections, new_sections = old.sections, new.sections
    matcher = difflib.SequenceMatcher(
        None,
        [s.heading for s in old_sections],
        [s.heading for s in new_sections],
        autojunk=False,
    )
    rows: list[SectionDiff] = []

    def pair(left: VisionSection | None, right: VisionSection | None) -> None:
        left_html, right_html, changed = _diff_texts(
            left.text if left else "", right.text if right else ""
        )
        rows.append(
            SectionDiff(
                left_heading=left.heading if left else None,
                right_heading=right.heading if right else None,
                left_html=left_html,
                right_html=right_html,
                changed=changed or left is None or right is None or left.heading != right.heading,
            )
        )

    for _op, i1, i2, j1, j2 in matcher.get_opcodes():
        lefts, rights = old_sections[i1:i2], new_sections[j1:j2]
        for index in range(max(len(lefts), len(rights))):
            pair(
                lefts[index] if index < len(lefts) else None,
                rights[index] if index < len(rights) else None,
            )
    return rows


# --- Objectives and indicators -------------------------------------------------------------------


def measurements_with_confirmations() -> "QuerySet[IndicatorMeasurement]":
    """Measurements in date order, each with `confirmation_count` (verified at
    CONFIRMATIONS_NEEDED)."""
    return IndicatorMeasurement.objects.annotate(
        confirmation_count=Count("confirmations")
    ).order_by("measured_on", "pk")


def may_confirm_measurements(user: "User | AnonymousUser") -> bool:
    """Coordinators and representatives of an active organization confirm measured values
    (superusers as such do not count)."""
    if not isinstance(user, User):
        return False
    if user.is_coordinator:
        return True
    from stakeholders.models import Membership

    return Membership.objects.filter(
        user=user, status=MembershipStatus.ACTIVE, role=MembershipRole.REPRESENTATIVE
    ).exists()


def objectives_with_indicators() -> "QuerySet[Objective]":
    """Objectives (public) with indicators, their places and measurements, prefetched once."""
    objectives = Objective.objects.annotate(indicator_count=Count("indicators")).order_by(
        "order", "code"
    )
    return objectives.prefetch_related(
        Prefetch(
            "indicators",
            queryset=Indicator.objects.select_related(
                "series_province", "series_district"
            ).prefetch_related(
                Prefetch("measurements", queryset=measurements_with_confirmations())
            ),
        )
    )


def indicators_visible() -> "QuerySet[Indicator]":
    return Indicator.objects.select_related(
        "objective", "series_province", "series_district"
    ).prefetch_related(Prefetch("measurements", queryset=measurements_with_confirmations()))


@dataclass
class Figure:
    value: Decimal
    period: str  # "2021" or "2002–2021"
    start_year: int | None
    end_year: int | None
    is_derived: bool = False
    source: str = ""
    note: str = ""
    unit: str = ""  # set where it differs from the indicator's (a period total is in ha)
    # A measured value: "verified", "unverified" (hand-entered, not yet confirmed by two
    # people) or "source" (a territory series, verified by its source); empty otherwise.
    verification: str = ""
    measurement_id: int | None = None  # the hand-entered row, to confirm it


@dataclass
class IndicatorFigures:
    baseline: Figure | None
    latest: Figure | None
    target: Figure | None
    measurements: list[Figure]
    period_totals: list[Figure]


def _cent(value: Decimal | int | str) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# Where a series is read: ("province", id) or ("district", id).
Place = tuple[str, int | None]


def _series_rows(indicators: Sequence[Indicator]) -> "dict[Place, list[ForestLoss]]":
    """ForestLoss rows for every series-fed indicator, in one query, keyed by place."""
    from territory.models import ForestLoss

    provinces = {i.series_province_id for i in indicators if i.series and i.series_province_id}
    districts = {i.series_district_id for i in indicators if i.series and i.series_district_id}
    if not provinces and not districts:
        return {}
    rows = ForestLoss.objects.filter(
        Q(province_id__in=provinces) | Q(district_id__in=districts)
    ).select_related("source")
    by_place: dict[Place, list[ForestLoss]] = {}
    for row in rows.order_by("start_year", "end_year", "pk"):
        key = ("province", row.province_id) if row.province_id else ("district", row.district_id)
        by_place.setdefault(key, []).append(row)
    return by_place


# The unit of a series' period totals (the indicator's own unit is per year).
SERIES_UNITS = {
    "humid_primary_forest_loss_ha": "ha",
    "tree_cover_loss_ha": "ha",
    "emissions_t_co2e": "t CO2e",
}


def _figures_from_series(indicator: Indicator, rows: "list[ForestLoss]") -> IndicatorFigures:
    column = indicator.series
    annual: list[Figure] = []
    totals: list[tuple[Figure, int, int]] = []  # with the row's start and end years
    for row in rows:
        value = getattr(row, column)
        if value is None:
            continue
        figure = Figure(
            value=_cent(value),
            period=str(row.start_year)
            if row.start_year == row.end_year
            else f"{row.start_year}–{row.end_year}",
            start_year=row.start_year,
            end_year=row.end_year,
            is_derived=row.is_derived,
            source=row.source.title,
            note=row.derivation,
            verification="source",
        )
        if row.start_year == row.end_year:
            annual.append(figure)
        else:
            figure.unit = SERIES_UNITS.get(column, "")
            totals.append((figure, row.start_year, row.end_year))
    baseline = None
    if indicator.baseline_year:
        baseline = next((f for f in annual if f.start_year == indicator.baseline_year), None)
    if baseline is None and totals:
        # Only a period total: its annual mean is the baseline, and it says it is derived.
        total, start, end = max(totals, key=lambda t: (t[2], t[2] - t[1]))
        years = end - start + 1
        baseline = Figure(
            value=_cent(total.value / years),
            period=total.period,
            start_year=total.start_year,
            end_year=total.end_year,
            is_derived=True,
            source=total.source,
            note=_("annual mean of the %(period)s total (%(total)s ÷ %(years)s years)")
            % {
                "period": total.period,
                "total": number_format(total.value, 0, force_grouping=True),
                "years": years,
            },
        )
    if baseline is None and annual:
        baseline = annual[0]
    after_baseline = [
        f for f in annual if baseline is None or (f.start_year or 0) > (baseline.end_year or 0)
    ]
    return IndicatorFigures(
        baseline=baseline,
        latest=after_baseline[-1] if after_baseline else None,
        target=_target(indicator),
        measurements=annual,
        period_totals=[figure for figure, _start, _end in totals],
    )


def _target(indicator: Indicator) -> Figure | None:
    if indicator.target_value is None:
        return None
    year = indicator.target_year
    return Figure(
        value=indicator.target_value,
        period=str(year or ""),
        start_year=year,
        end_year=year,
    )


def _figures_by_hand(indicator: Indicator) -> IndicatorFigures:
    measurements = [
        Figure(
            value=m.value,
            period=m.measured_on.isoformat()
            if m.period_start == m.measured_on
            else f"{m.period_start.isoformat()} – {m.measured_on.isoformat()}",
            start_year=m.period_start.year,
            end_year=m.measured_on.year,
            source=m.source,
            note=m.note,
            verification="verified"
            if getattr(m, "confirmation_count", 0) >= CONFIRMATIONS_NEEDED
            else "unverified",
            measurement_id=m.pk,
        )
        for m in indicator.measurements.all()
    ]
    baseline = None
    if indicator.baseline_value is not None:
        baseline = Figure(
            value=indicator.baseline_value,
            period=str(indicator.baseline_year or ""),
            start_year=indicator.baseline_year,
            end_year=indicator.baseline_year,
        )
    return IndicatorFigures(
        baseline=baseline,
        latest=measurements[-1] if measurements else None,
        target=_target(indicator),
        measurements=measurements,
        period_totals=[],
    )


# Not a model field: the attribute attach_figures sets for the pages and the API to read.
FIGURES = "figures"


def attach_figures(indicators: Iterable[Indicator]) -> list[Indicator]:
    """Set `figures` on each indicator (one query for every series-fed one together)."""
    indicators = list(indicators)
    rows = _series_rows(indicators)
    for indicator in indicators:
        if indicator.series:
            key = (
                ("province", indicator.series_province_id)
                if indicator.series_province_id
                else ("district", indicator.series_district_id)
            )
            figures = _figures_from_series(indicator, rows.get(key, []))
        else:
            figures = _figures_by_hand(indicator)
        setattr(indicator, FIGURES, figures)
    return indicators


def attach_objective_figures(objectives: Iterable[Objective]) -> list[Objective]:
    objectives = list(objectives)
    attach_figures([i for o in objectives for i in o.indicators.all()])
    return objectives
