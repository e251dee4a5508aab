"""Reads about the territory, shared by pages and the API. The territory is public: everyone,
anonymous visitors included, sees all of it (DESIGN.md "Who sees what")."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from territory.models import (
    CarbonStock,
    ConservationArea,
    ConservationShare,
    DeforestationRanking,
    District,
    ForestLoss,
    IndigenousCommunity,
    LandUse,
    PopulationFigure,
    PopulationKind,
    Province,
    Source,
)

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    # Labels are translated when shown: a lazy string until then.
    Text = str | _StrPromise

PROVINCE_UBIGEO = "2205"


@dataclass
class Figure:
    """One figure as the pages and the API show it: value, unit, source, stated or derived."""

    key: str
    label: "Text"
    value: Decimal | int | None
    unit: "Text" = ""
    source: Source | None = None
    is_derived: bool = False
    derivation: "Text" = ""
    is_approximate: bool = False
    is_lower_bound: bool = False
    decimals: int = 0
    note: str = ""

    @property
    def format(self) -> str:
        """The floatformat argument: grouped thousands, localized separators."""
        return f"{self.decimals}g"


def _grouped(value: Decimal | int) -> str:
    """A whole number with the thousands separator of the current language."""
    return number_format(value, 0, force_grouping=True)


def _round(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def province(ubigeo: str = PROVINCE_UBIGEO) -> Province | None:
    return (
        Province.objects.select_related("official_area_source", "stated_area_source")
        .filter(ubigeo=ubigeo)
        .first()
    )


def sources() -> QuerySet[Source]:
    return Source.objects.order_by("title")


def districts() -> QuerySet[District]:
    """Districts with their area sources and their number of communities."""
    return (
        District.objects.select_related(
            "province", "official_area_source", "gis_area_source", "boundary_source"
        )
        .annotate(community_count=Count("communities", distinct=True))
        .order_by("ubigeo")
    )


def districts_with_population() -> QuerySet[District]:
    return districts().prefetch_related(
        Prefetch(
            "population_figures",
            queryset=PopulationFigure.objects.select_related("source").order_by("year", "kind"),
        )
    )


def district_detail() -> QuerySet[District]:
    """Districts with everything their page shows, fetched once."""
    return districts_with_population().prefetch_related(
        Prefetch(
            "communities",
            queryset=IndigenousCommunity.objects.select_related("organization", "source"),
        ),
        Prefetch(
            "conservation_shares",
            queryset=ConservationShare.objects.select_related("conservation_area", "source"),
        ),
        Prefetch("land_use", queryset=LandUse.objects.select_related("source")),
        Prefetch(
            "forest_loss",
            queryset=ForestLoss.objects.select_related("source").order_by("start_year", "end_year"),
        ),
        Prefetch("carbon_stocks", queryset=CarbonStock.objects.select_related("source")),
    )


def communities() -> QuerySet[IndigenousCommunity]:
    return IndigenousCommunity.objects.select_related(
        "district", "organization", "source"
    ).order_by("district__ubigeo", "name")


def conservation_areas() -> QuerySet[ConservationArea]:
    return ConservationArea.objects.select_related("source").prefetch_related(
        Prefetch(
            "shares",
            queryset=ConservationShare.objects.select_related("district", "source"),
        )
    )


def forest_loss() -> QuerySet[ForestLoss]:
    return ForestLoss.objects.select_related("province", "district", "source").order_by(
        "start_year", "end_year", "province", "district__ubigeo", "pk"
    )


def land_use() -> QuerySet[LandUse]:
    return LandUse.objects.select_related("province", "district", "source").order_by(
        "crop", "district__ubigeo", "pk"
    )


def period_forest_loss(province_obj: Province) -> ForestLoss | None:
    """The province's loss over the longest stated period (the brief's 2002–2021 totals)."""
    return (
        ForestLoss.objects.select_related("source")
        .filter(province=province_obj, end_year__gt=F("start_year"))
        .order_by("-end_year", "start_year")
        .first()
    )


class AnnualSeries(TypedDict):
    points: list[tuple[int, Decimal]]  # (year, hectares)
    basis: str  # "province" or "districts"
    threshold: int
    sources: list[Source]


def annual_series(province_obj: Province, *, threshold: int = 30) -> AnnualSeries:
    """The yearly tree cover loss of the province from imported Global Forest Watch data.

    The province's own annual rows when there are any; otherwise the sum of its districts'
    annual rows (said so). Never an invented figure: no annual data, no series."""
    annual = ForestLoss.objects.filter(
        start_year=F("start_year"), end_year=F("start_year"), canopy_threshold=threshold
    )
    own = annual.filter(province=province_obj, tree_cover_loss_ha__isnull=False)
    if own.exists():
        rows = own.values("start_year", "source_id").annotate(total=Sum("tree_cover_loss_ha"))
        basis = "province"
    else:
        rows = (
            annual.filter(district__province=province_obj, tree_cover_loss_ha__isnull=False)
            .values("start_year", "source_id")
            .annotate(total=Sum("tree_cover_loss_ha"), districts=Count("district"))
        )
        basis = "districts"
    points = [(row["start_year"], row["total"]) for row in rows.order_by("start_year")]
    source_ids = {row["source_id"] for row in rows}
    return {
        "points": points,
        "basis": basis,
        "threshold": threshold,
        "sources": list(Source.objects.filter(pk__in=source_ids)),
    }


def district_annual_humid_loss(province_id: int) -> dict[str, dict[int, Decimal]]:
    """Each district's annual humid primary forest loss (ha) by year, districts by name."""
    rows = (
        ForestLoss.objects.filter(
            district__province_id=province_id,
            start_year=F("end_year"),
            humid_primary_forest_loss_ha__isnull=False,
        )
        .order_by("district__name", "start_year")
        .values_list("district__name", "start_year", "humid_primary_forest_loss_ha")
    )
    series: dict[str, dict[int, Decimal]] = {}
    for name, year, hectares in rows:
        if hectares is not None:  # (filtered in SQL; the row type allows None)
            series.setdefault(name, {})[year] = hectares
    return series


def key_figures(province_obj: Province) -> list[Figure]:
    """The province's key figures, each with its source, stated or derived."""
    figures: list[Figure] = []
    district_count = province_obj.districts.count()
    figures.append(
        Figure(
            "districts",
            _("Districts"),
            district_count,
            source=province_obj.official_area_source,
        )
    )
    if province_obj.official_area_ha is not None:
        figures.append(
            Figure(
                "official_area",
                _("Official area"),
                province_obj.official_area_ha,
                "ha",
                source=province_obj.official_area_source,
                is_derived=bool(province_obj.official_area_derivation),
                derivation=gettext(province_obj.official_area_derivation)
                if province_obj.official_area_derivation
                else "",
            )
        )
    estimate = (
        PopulationFigure.objects.select_related("source")
        .filter(province=province_obj, kind=PopulationKind.ESTIMATE)
        .first()
    )
    if estimate:
        figures.append(
            Figure(
                "population_estimate",
                _("Inhabitants (the brief's estimate)"),
                estimate.population,
                source=estimate.source,
                is_approximate=estimate.is_approximate,
            )
        )
    loss = period_forest_loss(province_obj)
    if loss:
        period = f"{loss.start_year}–{loss.end_year}"
        if loss.tree_cover_loss_ha is not None:
            figures.append(
                Figure(
                    "tree_cover_loss",
                    _("Tree cover loss %(period)s") % {"period": period},
                    loss.tree_cover_loss_ha,
                    "ha",
                    source=loss.source,
                    is_derived=loss.is_derived,
                )
            )
        primary_loss = loss.humid_primary_forest_loss_ha
        if primary_loss is not None:
            figures.append(
                Figure(
                    "humid_primary_forest_loss",
                    _("Humid primary forest loss %(period)s") % {"period": period},
                    primary_loss,
                    "ha",
                    source=loss.source,
                    is_derived=loss.is_derived,
                )
            )
            mean = _round(primary_loss / loss.years, 0)
            figures.append(
                Figure(
                    "humid_primary_forest_loss_annual_mean",
                    _("Humid primary forest loss, annual mean %(period)s") % {"period": period},
                    mean,
                    _("ha/yr"),
                    source=loss.source,
                    is_derived=True,
                    derivation=_("%(total)s ha ÷ %(years)s years")
                    % {"total": _grouped(primary_loss), "years": loss.years},
                )
            )
        if loss.emissions_t_co2e is not None:
            figures.append(
                Figure(
                    "emissions",
                    _("Emissions from tree cover loss %(period)s") % {"period": period},
                    _round(loss.emissions_t_co2e / Decimal(1_000_000), 1),
                    "Mt CO₂e",
                    source=loss.source,
                    is_derived=loss.is_derived,
                    decimals=1,
                )
            )
        if loss.tree_cover_decrease_pct is not None:
            figures.append(
                Figure(
                    "tree_cover_decrease",
                    _("Decrease in tree cover since 2000"),
                    loss.tree_cover_decrease_pct,
                    "%",
                    source=loss.source,
                )
            )
    carbon = (
        CarbonStock.objects.select_related("source")
        .filter(province=province_obj, tonnes_carbon__isnull=False)
        .first()
    )
    if carbon and carbon.tonnes_carbon is not None:
        figures.append(
            Figure(
                "carbon",
                _("Carbon stored"),
                _round(carbon.tonnes_carbon / Decimal(1_000_000), 1),
                _("million t"),
                source=carbon.source,
                is_lower_bound=carbon.is_lower_bound,
                decimals=0,
            )
        )
    return figures


def rankings(province_obj: Province) -> QuerySet[DeforestationRanking]:
    return DeforestationRanking.objects.select_related("source").filter(province=province_obj)


def province_crops(province_obj: Province) -> list[dict[str, Any]]:
    """Each crop with its province figure (if any) and its district shares."""
    rows = list(
        LandUse.objects.select_related("district", "source")
        .filter(Q(province=province_obj) | Q(district__province=province_obj))
        .order_by("crop", "district__ubigeo")
    )
    crops: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = crops.setdefault(
            row.crop,
            {"crop": row.crop, "label": row.get_crop_display(), "total": None, "shares": []},
        )
        if row.district_id is None:
            entry["total"] = row
        else:
            entry["shares"].append(row)
    for entry in crops.values():
        entry["shares"].sort(key=lambda row: -(row.share_pct or 0))
    return list(crops.values())


def consistency(province_obj: Province) -> dict[str, Any]:
    """Stated figures beside the figures derived from others, and the three district areas."""
    rows: list[dict[str, Any]] = []
    loss = period_forest_loss(province_obj)
    if loss and loss.tree_cover_loss_ha and loss.humid_primary_forest_loss_ha:
        derived = _round(loss.humid_primary_forest_loss_ha * 100 / loss.tree_cover_loss_ha, 1)
        rows.append(
            {
                "label": _("Humid primary forest share of tree cover loss"),
                "stated": Figure(
                    "primary_share_stated",
                    _("stated"),
                    loss.primary_share_pct,
                    "%",
                    source=loss.source,
                ),
                "derived": Figure(
                    "primary_share_derived",
                    _("derived"),
                    derived,
                    "%",
                    source=loss.source,
                    is_derived=True,
                    derivation=f"{_grouped(loss.humid_primary_forest_loss_ha)} / "
                    f"{_grouped(loss.tree_cover_loss_ha)}",
                    decimals=1,
                ),
                "note": _(
                    "The stated share comes from unrounded hectares; both are shown as they are."
                ),
            }
        )
    estimate = (
        PopulationFigure.objects.select_related("source")
        .filter(province=province_obj, kind=PopulationKind.ESTIMATE)
        .first()
    )
    projections = PopulationFigure.objects.filter(
        district__province=province_obj, kind=PopulationKind.PROJECTION
    )
    projected = projections.aggregate(total=Sum("population"), count=Count("pk"))
    if (
        estimate
        and projected["total"]
        and (projection := projections.select_related("source").order_by("-year").first())
    ):
        rows.append(
            {
                "label": _("Inhabitants of the province"),
                "stated": Figure(
                    "population_stated",
                    _("stated"),
                    estimate.population,
                    source=estimate.source,
                    is_approximate=estimate.is_approximate,
                ),
                "derived": Figure(
                    "population_projected",
                    _("derived"),
                    projected["total"],
                    source=projection.source,
                    is_derived=True,
                    derivation=_("sum of the %(count)s district projections for %(year)s")
                    % {"count": projected["count"], "year": projection.year},
                ),
                "note": _("The brief's estimate is older or rounder than the official projection."),
            }
        )
    district_rows = list(districts())
    official_sum = sum((row.official_area_ha or 0) for row in district_rows)
    if province_obj.stated_area_ha and official_sum:
        rows.append(
            {
                "label": _("Area of the province"),
                "stated": Figure(
                    "area_stated",
                    _("stated"),
                    province_obj.stated_area_ha,
                    "ha",
                    source=province_obj.stated_area_source,
                    is_approximate=True,
                ),
                "derived": Figure(
                    "area_official_sum",
                    _("derived"),
                    official_sum,
                    "ha",
                    source=province_obj.official_area_source,
                    is_derived=True,
                    derivation=_("sum of the official areas of the districts"),
                ),
                "note": "",
            }
        )
    if loss and loss.tree_cover_loss_ha:
        series = ForestLoss.objects.filter(
            province=province_obj,
            start_year=F("start_year"),
            end_year=F("start_year"),
            start_year__gte=loss.start_year,
            start_year__lte=loss.end_year,
            canopy_threshold=loss.canopy_threshold,
        )
        annual = series.aggregate(total=Sum("tree_cover_loss_ha"), years=Count("pk"))
        if annual["total"] is not None and (first := series.select_related("source").first()):
            rows.append(
                {
                    "label": _("Tree cover loss %(start)s–%(end)s")
                    % {"start": loss.start_year, "end": loss.end_year},
                    "stated": Figure(
                        "tree_cover_loss_stated",
                        _("stated"),
                        loss.tree_cover_loss_ha,
                        "ha",
                        source=loss.source,
                    ),
                    "derived": Figure(
                        "tree_cover_loss_annual_sum",
                        _("derived"),
                        annual["total"],
                        "ha",
                        source=first.source,
                        is_derived=True,
                        derivation=_("sum of %(years)s imported annual figures")
                        % {"years": annual["years"]},
                    ),
                    "note": "",
                }
            )
    areas = []
    for row in district_rows:
        areas.append(
            {
                "district": row,
                "official": row.official_area_ha,
                "gis": row.gis_area_ha,
                "computed": row.computed_area_ha,
                "gis_vs_official_pct": _percent_difference(row.gis_area_ha, row.official_area_ha),
                "computed_vs_gis_pct": _percent_difference(row.computed_area_ha, row.gis_area_ha),
            }
        )
    totals = {
        "official": official_sum or None,
        "gis": _sum_or_none(row.gis_area_ha for row in district_rows),
        "computed": _sum_or_none(row.computed_area_ha for row in district_rows),
    }
    return {"rows": rows, "areas": areas, "area_totals": totals}


def _sum_or_none(values: Iterable[Decimal | None]) -> Decimal | None:
    present = [value for value in values if value is not None]
    return sum(present, Decimal(0)) if present else None


def _percent_difference(value: Decimal | None, reference: Decimal | None) -> Decimal | None:
    if value is None or not reference:
        return None
    return _round((Decimal(value) - Decimal(reference)) * 100 / Decimal(reference), 1)
