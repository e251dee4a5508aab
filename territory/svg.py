"""Server-rendered inline SVG for the map of the districts and the yearly forest-loss chart.

No JavaScript, no tile server: the geometry comes from the stored boundaries and is projected
(equirectangular, scaled by the cosine of the middle latitude) into the SVG box; templates draw
the shapes this module computes."""

import math
from decimal import Decimal

from shapely.geometry import shape

MAP_WIDTH = 640
MAP_PADDING = 12
CHART_WIDTH = 640
CHART_HEIGHT = 260
CHART_MARGIN = {"top": 16, "right": 12, "bottom": 36, "left": 64}


def _rings(geometry):
    polygons = geometry.geoms if geometry.geom_type == "MultiPolygon" else [geometry]
    for polygon in polygons:
        yield polygon.exterior.coords
        for interior in polygon.interiors:
            yield interior.coords


def district_map(districts, *, width: int = MAP_WIDTH, highlight: str | None = None) -> dict | None:
    """Paths and label positions of the districts that have a boundary; None when none has."""
    shapes = [(district, shape(district.boundary)) for district in districts if district.boundary]
    if not shapes:
        return None
    min_x = min(geom.bounds[0] for _district, geom in shapes)
    min_y = min(geom.bounds[1] for _district, geom in shapes)
    max_x = max(geom.bounds[2] for _district, geom in shapes)
    max_y = max(geom.bounds[3] for _district, geom in shapes)
    x_factor = math.cos(math.radians((min_y + max_y) / 2))
    span_x = max((max_x - min_x) * x_factor, 1e-9)
    span_y = max(max_y - min_y, 1e-9)
    scale = (width - 2 * MAP_PADDING) / span_x
    height = round(span_y * scale + 2 * MAP_PADDING)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (
            round(MAP_PADDING + (lon - min_x) * x_factor * scale, 1),
            round(MAP_PADDING + (max_y - lat) * scale, 1),
        )

    items = []
    for district, geom in shapes:
        parts = []
        for ring in _rings(geom):
            points = [project(lon, lat) for lon, lat, *_z in ring]
            parts.append("M" + " L".join(f"{x},{y}" for x, y in points) + " Z")
        label = geom.representative_point()
        label_x, label_y = project(label.x, label.y)
        items.append(
            {
                "district": district,
                "path": " ".join(parts),
                "label_x": label_x,
                "label_y": label_y,
                "highlight": district.ubigeo == highlight,
            }
        )
    return {"width": width, "height": height, "districts": items}


def _nice_ceiling(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def bar_chart(points: list[tuple[int, Decimal]]) -> dict | None:
    """Bars of a yearly series (year, hectares) with four horizontal gridlines."""
    if not points:
        return None
    top = _nice_ceiling(float(max(value for _year, value in points)))
    inner_width = CHART_WIDTH - CHART_MARGIN["left"] - CHART_MARGIN["right"]
    inner_height = CHART_HEIGHT - CHART_MARGIN["top"] - CHART_MARGIN["bottom"]
    slot = inner_width / len(points)
    bar_width = max(slot * 0.7, 1)
    bars = []
    for index, (year, value) in enumerate(points):
        bar_height = float(value) / top * inner_height
        x = CHART_MARGIN["left"] + index * slot + (slot - bar_width) / 2
        bars.append(
            {
                "year": year,
                "value": value,
                "x": round(x, 1),
                "y": round(CHART_MARGIN["top"] + inner_height - bar_height, 1),
                "width": round(bar_width, 1),
                "height": round(bar_height, 1),
                "label_x": round(x + bar_width / 2, 1),
                # Label every year when they fit, else every fifth.
                "show_label": len(points) <= 12 or year % 5 == 0,
            }
        )
    ticks = []
    for step in range(5):
        value = top * step / 4
        ticks.append(
            {
                "value": value,
                "y": round(CHART_MARGIN["top"] + inner_height - inner_height * step / 4, 1),
            }
        )
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": CHART_MARGIN["left"],
        "right": CHART_WIDTH - CHART_MARGIN["right"],
        "baseline": CHART_MARGIN["top"] + inner_height,
        "label_y": CHART_MARGIN["top"] + inner_height + 20,
        "bars": bars,
        "ticks": ticks,
    }
