"""Chart geometry: bars (horizontal or yearly), a line with its baseline and target, a map.

Each function returns plain numbers and labels (frozen dataclasses, no HTML). The templates
under templates/includes/charts/ draw them as inline SVG, autoescaped; their colours are CSS
classes in static/css/lap.css, so print and high-contrast rules can restyle them. No JavaScript,
no tile server: maps are the stored boundaries projected (equirectangular, scaled by the cosine
of the middle latitude) into the SVG box.

Coordinates are floats rounded to a tenth (or ints); templates print them with
`stringformat:"s"` so that no locale turns a decimal point into a comma.
"""

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, Protocol

from django.utils.text import Truncator
from shapely.coords import CoordinateSequence
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry

Number = Decimal | float | int

# --- Bars ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: Number | None
    series: str = ""  # the series' name in a chart of several ("B", "R"); its tooltip says it
    secondary: bool = False


@dataclass(frozen=True)
class BarGroup:
    """One slot of the chart: a year (vertical) or a row (horizontal), with its bars."""

    label: str  # what the axis shows
    name: str  # what each bar's tooltip names
    label_x: float
    label_y: float
    show_label: bool
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Tick:
    """A horizontal gridline of a vertical chart and its value."""

    value: float
    y: float


@dataclass(frozen=True)
class BarChart:
    orientation: Literal["horizontal", "vertical"]
    width: int
    height: int
    groups: tuple[BarGroup, ...]
    ticks: tuple[Tick, ...] = ()
    # Where the gridlines run and where their values stand (vertical charts).
    grid_left: float = 0
    grid_right: float = 0
    tick_x: float = 0


@dataclass(frozen=True)
class Row:
    """Input of `horizontal_bars`: one row, one value per series (None draws no bar)."""

    label: str
    values: tuple[Number | None, ...]
    name: str = ""  # the full name for the tooltips; the label when empty


YEARLY_WIDTH = 640
YEARLY_HEIGHT = 260
YEARLY_MARGIN = {"top": 16, "right": 12, "bottom": 36, "left": 64}
BAR_RIGHT_PADDING = 10


def _tenth(value: float) -> float:
    return round(value, 1)


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 or 10 times a power of ten that is at least `value`."""
    if value <= 0:
        return 1.0
    magnitude = 10.0 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def yearly_bars(points: Sequence[tuple[int, Number]]) -> BarChart | None:
    """Vertical bars of a yearly series (year, value) under five gridlines (0 to a round top)."""
    if not points:
        return None
    top = nice_ceiling(float(max(value for _year, value in points)))
    margin = YEARLY_MARGIN
    inner_width = YEARLY_WIDTH - margin["left"] - margin["right"]
    inner_height = YEARLY_HEIGHT - margin["top"] - margin["bottom"]
    baseline = margin["top"] + inner_height
    slot = inner_width / len(points)
    bar_width = max(slot * 0.7, 1)
    groups = []
    for index, (year, value) in enumerate(points):
        bar_height = float(value) / top * inner_height
        x = margin["left"] + index * slot + (slot - bar_width) / 2
        bar = Bar(
            x=_tenth(x),
            y=_tenth(baseline - bar_height),
            width=_tenth(bar_width),
            height=_tenth(bar_height),
            value=value,
        )
        groups.append(
            BarGroup(
                label=str(year),
                name=str(year),
                label_x=_tenth(x + bar_width / 2),
                label_y=baseline + 20,
                # Label every year when they fit, else every fifth.
                show_label=len(points) <= 12 or year % 5 == 0,
                bars=(bar,),
            )
        )
    ticks = tuple(
        Tick(value=top * step / 4, y=_tenth(baseline - inner_height * step / 4))
        for step in range(5)
    )
    return BarChart(
        orientation="vertical",
        width=YEARLY_WIDTH,
        height=YEARLY_HEIGHT,
        groups=tuple(groups),
        ticks=ticks,
        grid_left=margin["left"],
        grid_right=YEARLY_WIDTH - margin["right"],
        tick_x=margin["left"] - 6,
    )


def horizontal_bars(
    rows: Sequence[Row],
    *,
    series: Sequence[str] = ("",),
    maximum: float | None = None,
    width: int = 560,
    label_width: int = 230,
    bar_height: int = 16,
    gap: int = 10,
    padding: int = 5,
    label_chars: int | None = None,
) -> BarChart | None:
    """One row per item, its label on the left and one bar per series, stacked.

    Bars are scaled to `maximum` (the largest value when None). The first series is drawn
    plain, the others as secondary; `label_chars` shortens long labels (with an ellipsis).
    """
    if not rows:
        return None
    largest = maximum
    if largest is None:
        largest = float(max((value for row in rows for value in row.values if value), default=0))
    scale = (width - label_width - BAR_RIGHT_PADDING) / largest if largest > 0 else 0.0
    group_height = bar_height * len(series)
    groups = []
    for index, row in enumerate(rows):
        top = padding + index * (group_height + gap)
        bars = tuple(
            Bar(
                x=label_width,
                y=top + position * bar_height,
                width=_tenth(max(float(value or 0) * scale, 0.0)),
                height=bar_height,
                value=value,
                series=name,
                secondary=position > 0,
            )
            for position, (name, value) in enumerate(zip(series, row.values, strict=True))
        )
        label = Truncator(row.label).chars(label_chars) if label_chars else row.label
        groups.append(
            BarGroup(
                label=label,
                name=row.name or row.label,
                label_x=0,
                label_y=top + group_height / 2 + 4,
                show_label=True,
                bars=bars,
            )
        )
    height = 2 * padding + len(rows) * group_height + (len(rows) - 1) * gap
    return BarChart(orientation="horizontal", width=width, height=height, groups=tuple(groups))


# --- Line ----------------------------------------------------------------------------------------


class Reading(Protocol):
    """A value over a period (start_year may be None: the end year alone)."""

    @property
    def value(self) -> Decimal: ...
    @property
    def period(self) -> str: ...
    @property
    def start_year(self) -> int | None: ...
    @property
    def end_year(self) -> int | None: ...
    @property
    def is_derived(self) -> bool: ...


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: Decimal
    label: str


@dataclass(frozen=True)
class Span:
    """A value held over years: the baseline (dashed when derived)."""

    x1: float
    x2: float
    y: float
    value: Decimal
    derived: bool


@dataclass(frozen=True)
class AxisLabel:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    # The plot's box: the value axis runs along `left`, the year axis along `bottom`.
    left: float
    right: float
    top: float
    bottom: float
    value_labels: tuple[AxisLabel, AxisLabel]  # the top of the axis, then its bottom
    year_labels: tuple[AxisLabel, AxisLabel]  # the first year, then the last
    points: tuple[Point, ...]
    baseline: Span | None
    target: Point | None

    @property
    def polyline(self) -> str:
        """The points as SVG's `points` attribute wants them."""
        return " ".join(f"{point.x},{point.y}" for point in self.points)


LINE_WIDTH, LINE_HEIGHT = 560, 220
LINE_PAD_LEFT, LINE_PAD_RIGHT, LINE_PAD_TOP, LINE_PAD_BOTTOM = 64, 16, 16, 32


def line_chart(
    measurements: Iterable[Reading],
    *,
    baseline: Reading | None = None,
    target: Reading | None = None,
) -> LineChart | None:
    """Measurements joined by a line, the baseline as a segment over its years and the target as
    a ring at its year; only what has an end year is drawn. None when nothing is."""
    dated = [_years(reading) for reading in measurements if reading.end_year]
    baseline_years = _years(baseline) if baseline and baseline.end_year else None
    target_years = _years(target) if target and target.end_year else None
    every = dated + [item for item in (baseline_years, target_years) if item]
    if not every:
        return None
    years = [first for _reading, first, _last in every] + [last for *_rest, last in every]
    low_year, high_year = min(years), max(years)
    if low_year == high_year:
        low_year, high_year = low_year - 1, high_year + 1
    values = [float(reading.value) for reading, *_years_of in every]
    # The axis always shows zero and every value, padded by a tenth of the range.
    high, low = max(max(values), 0.0), min(min(values), 0.0)
    pad = (high - low) * 0.1
    top = high + pad if high > 0 else high
    bottom = low - pad if low < 0 else low
    if top == bottom:  # every value is zero
        top = bottom + 1.0
    plot_bottom = LINE_HEIGHT - LINE_PAD_BOTTOM
    plot_right = LINE_WIDTH - LINE_PAD_RIGHT

    def x(year: int) -> float:
        span = plot_right - LINE_PAD_LEFT
        return _tenth(LINE_PAD_LEFT + (year - low_year) / (high_year - low_year) * span)

    def y(value: Decimal) -> float:
        span = plot_bottom - LINE_PAD_TOP
        return _tenth(LINE_PAD_TOP + (top - float(value)) / (top - bottom) * span)

    def point(item: tuple[Reading, int, int]) -> Point:
        reading, _first, last = item
        return Point(x=x(last), y=y(reading.value), value=reading.value, label=reading.period)

    span = None
    if baseline_years:
        reading, first, last = baseline_years
        span = Span(
            x1=x(first),
            x2=x(last),
            y=y(reading.value),
            value=reading.value,
            derived=reading.is_derived,
        )
    return LineChart(
        width=LINE_WIDTH,
        height=LINE_HEIGHT,
        left=LINE_PAD_LEFT,
        right=plot_right,
        top=LINE_PAD_TOP,
        bottom=plot_bottom,
        value_labels=(
            AxisLabel(x=LINE_PAD_LEFT - 6, y=LINE_PAD_TOP + 4, text=f"{top:,.0f}"),
            AxisLabel(x=LINE_PAD_LEFT - 6, y=plot_bottom, text=f"{bottom:,.0f}"),
        ),
        year_labels=(
            AxisLabel(x=LINE_PAD_LEFT, y=LINE_HEIGHT - 8, text=str(low_year)),
            AxisLabel(x=plot_right, y=LINE_HEIGHT - 8, text=str(high_year)),
        ),
        points=tuple(point(item) for item in dated),
        baseline=span,
        target=point(target_years) if target_years else None,
    )


def _years(reading: Reading) -> tuple[Reading, int, int]:
    """The reading with its first and last year (the end year alone when it has no start)."""
    last = reading.end_year or 0  # callers pass only readings with an end year
    return reading, reading.start_year or last, last


# --- Map -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Area:
    """Input of `map_chart`: a place and its boundary (a GeoJSON geometry; None is not drawn)."""

    key: str
    label: str
    geometry: dict[str, Any] | None
    href: str = ""


@dataclass(frozen=True)
class MapShape:
    key: str
    label: str
    href: str
    path: str  # SVG path data: one closed ring per exterior and hole
    label_x: float
    label_y: float
    highlight: bool


@dataclass(frozen=True)
class MapChart:
    width: int
    height: int
    shapes: tuple[MapShape, ...]


MAP_WIDTH = 640
MAP_PADDING = 12


def _rings(geometry: BaseGeometry) -> Iterator[CoordinateSequence]:
    parts: list[BaseGeometry] = (
        list(geometry.geoms) if isinstance(geometry, MultiPolygon) else [geometry]
    )
    for polygon in parts:
        if isinstance(polygon, Polygon):  # boundaries are polygons; anything else has no area
            yield polygon.exterior.coords
            for interior in polygon.interiors:
                yield interior.coords


def map_chart(
    areas: Iterable[Area], *, width: int = MAP_WIDTH, highlight: str | None = None
) -> MapChart | None:
    """Paths and label positions of the areas that have a boundary; None when none has.
    The area whose key is `highlight` is marked."""
    shapes = [(area, shape(area.geometry)) for area in areas if area.geometry]
    if not shapes:
        return None
    min_x = min(geom.bounds[0] for _area, geom in shapes)
    min_y = min(geom.bounds[1] for _area, geom in shapes)
    max_x = max(geom.bounds[2] for _area, geom in shapes)
    max_y = max(geom.bounds[3] for _area, geom in shapes)
    x_factor = math.cos(math.radians((min_y + max_y) / 2))
    span_x = max((max_x - min_x) * x_factor, 1e-9)
    span_y = max(max_y - min_y, 1e-9)
    scale = (width - 2 * MAP_PADDING) / span_x
    height = round(span_y * scale + 2 * MAP_PADDING)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (
            _tenth(MAP_PADDING + (lon - min_x) * x_factor * scale),
            _tenth(MAP_PADDING + (max_y - lat) * scale),
        )

    drawn = []
    for area, geom in shapes:
        parts = []
        for ring in _rings(geom):
            points = [project(lon, lat) for lon, lat, *_z in ring]
            parts.append("M" + " L".join(f"{x},{y}" for x, y in points) + " Z")
        label = geom.representative_point()
        label_x, label_y = project(label.x, label.y)
        drawn.append(
            MapShape(
                key=area.key,
                label=area.label,
                href=area.href,
                path=" ".join(parts),
                label_x=label_x,
                label_y=label_y,
                highlight=area.key == highlight,
            )
        )
    return MapChart(width=width, height=height, shapes=tuple(drawn))
