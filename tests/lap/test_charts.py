"""The charts module (lap/charts.py) and the pages that draw its geometry: plain numbers in
Python, SVG only in templates/includes/charts/, colours only as CSS classes of lap.css."""

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from shapely.geometry import shape

from lap import charts
from tests.factories import ActionFactory
from tests.resources.conftest import action, confirmed, money_need  # noqa: F401
from tests.rounds.conftest import make_round
from tests.territory.fixtures import boundaries, province_series, reference_data  # noqa: F401
from tests.vision.conftest import forest_indicator, lamas  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]

# --- Bars ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "ceiling"),
    [(0, 1.0), (-3, 1.0), (1, 1.0), (3, 5.0), (2000, 2000.0), (2100, 2500.0), (3500, 5000.0)],
)
def test_the_top_of_a_yearly_chart_is_a_round_number_at_least_the_largest_value(value, ceiling):
    assert charts.nice_ceiling(value) == ceiling


def test_yearly_bars_stand_on_the_baseline_scaled_to_the_round_top():
    chart = charts.yearly_bars([(2001, Decimal("10")), (2002, Decimal("20"))])

    assert (chart.orientation, chart.width, chart.height) == ("vertical", 640, 260)
    first, second = chart.groups
    # Inner box 564 × 208 from (64, 16); two slots of 282, bars 70 % of a slot.
    assert first.bars[0] == charts.Bar(
        x=106.3, y=120.0, width=197.4, height=104.0, value=Decimal("10")
    )
    assert (second.bars[0].y, second.bars[0].height) == (16.0, 208.0)
    assert (first.label, first.name, first.label_x, first.label_y) == ("2001", "2001", 205.0, 244)
    assert [(tick.value, tick.y) for tick in chart.ticks] == [
        (0.0, 224.0),
        (5.0, 172.0),
        (10.0, 120.0),
        (15.0, 68.0),
        (20.0, 16.0),
    ]
    assert (chart.grid_left, chart.grid_right, chart.tick_x) == (64, 628, 58)


def test_a_long_yearly_series_labels_every_fifth_year_and_an_empty_one_draws_nothing():
    chart = charts.yearly_bars([(year, Decimal(1)) for year in range(2001, 2024)])
    assert [group.label for group in chart.groups if group.show_label] == [
        "2005",
        "2010",
        "2015",
        "2020",
    ]
    assert all(group.show_label for group in charts.yearly_bars([(2001, 1), (2002, 2)]).groups)
    assert charts.yearly_bars([]) is None


def test_score_bars_draw_b_and_r_per_ranked_action_on_a_scale_of_five():
    """The round results' layout: 480 wide, labels (rank and action) in 170, bars of 9, rows 6
    apart."""
    from types import SimpleNamespace

    from lap.views.rounds import _chart

    def result(rank, title, balanced, raw_mean):
        return SimpleNamespace(
            rank=rank, action=SimpleNamespace(title=title), balanced=balanced, raw_mean=raw_mean
        )

    chart = _chart(
        [
            result(1, "Water", Decimal("3.5"), Decimal("3")),
            result(None, "Unscored", None, None),
            result(None, "Withdrawn", Decimal("5"), Decimal("0")),
        ]
    )

    assert (chart.orientation, chart.width, chart.height) == ("horizontal", 480, 54)
    water, withdrawn = chart.groups
    assert water.bars == (
        charts.Bar(x=170, y=6, width=210.0, height=9, value=Decimal("3.5"), series="B"),
        charts.Bar(
            x=170, y=15, width=180.0, height=9, value=Decimal("3"), series="R", secondary=True
        ),
    )
    assert [bar.y for bar in withdrawn.bars] == [30, 39]
    assert [bar.width for bar in withdrawn.bars] == [300.0, 0.0]
    assert (water.label, water.name, water.label_x, water.label_y) == ("1. Water", "Water", 0, 19.0)
    assert (withdrawn.label, withdrawn.name) == ("Withdrawn", "Withdrawn")
    assert _chart([result(None, "Unscored", None, None)]) is None


def test_bars_without_a_maximum_scale_to_the_largest_and_a_missing_value_draws_no_bar():
    long_title = "Agroforestry cacao in the buffer zones of the park"
    chart = charts.horizontal_bars(
        [
            charts.Row(label=long_title, values=(Decimal("70000"),)),
            charts.Row(label="Water", values=(Decimal("35000"),)),
            charts.Row(label="Roads", values=(None,)),
            charts.Row(label="Refund", values=(Decimal("-10"),)),
        ],
        label_chars=30,
    )

    assert chart.height == 4 * 26
    assert [group.bars[0].width for group in chart.groups] == [320.0, 160.0, 0.0, 0.0]
    assert [group.bars[0].y for group in chart.groups] == [5, 31, 57, 83]
    assert all(group.bars[0].x == 230 for group in chart.groups)
    first = chart.groups[0]
    assert first.label == long_title[:29] + "…"
    assert first.name == long_title  # the tooltip keeps the whole title
    assert not any(bar.secondary for group in chart.groups for bar in group.bars)


def test_bars_of_nothing_are_no_chart_and_bars_of_zeros_have_no_length():
    assert charts.horizontal_bars([]) is None
    chart = charts.horizontal_bars([charts.Row(label="A", values=(Decimal(0),))])
    assert chart.groups[0].bars[0].width == 0.0


# --- Line ----------------------------------------------------------------------------------------


@dataclass
class Reading:
    value: Decimal
    end_year: int | None
    start_year: int | None = None
    period: str = ""
    is_derived: bool = False


def test_a_line_joins_the_measurements_with_the_baseline_over_its_years_and_the_target():
    chart = charts.line_chart(
        [
            Reading(Decimal("10"), 2020, period="2020"),
            Reading(Decimal("20"), 2021, period="2021"),
            Reading(Decimal("99"), None, period="undated"),
        ],
        baseline=Reading(Decimal("5"), 2015, start_year=2010, period="2010–2015", is_derived=True),
        target=Reading(Decimal("2"), 2030, period="2030"),
    )

    # Years 2010 to 2030 over x 64..544; values 0 to 22 (20 and a tenth) over y 188..16.
    assert (chart.width, chart.height, chart.left, chart.right) == (560, 220, 64, 544)
    assert (chart.top, chart.bottom) == (16, 188)
    assert chart.points == (
        charts.Point(x=304.0, y=109.8, value=Decimal("10"), label="2020"),
        charts.Point(x=328.0, y=31.6, value=Decimal("20"), label="2021"),
    )
    assert chart.polyline == "304.0,109.8 328.0,31.6"
    assert chart.baseline == charts.Span(
        x1=64.0, x2=184.0, y=148.9, value=Decimal("5"), derived=True
    )
    assert chart.target == charts.Point(x=544.0, y=172.4, value=Decimal("2"), label="2030")
    assert [label.text for label in chart.value_labels] == ["22", "0"]
    assert [label.text for label in chart.year_labels] == ["2010", "2030"]
    assert [(label.x, label.y) for label in chart.year_labels] == [(64, 212), (544, 212)]


def test_a_line_of_one_year_spans_the_years_around_it_and_nothing_dated_is_no_chart():
    chart = charts.line_chart([Reading(Decimal("1900"), 2023, period="2023")])
    assert [label.text for label in chart.year_labels] == ["2022", "2024"]
    assert chart.points[0].x == 304.0  # in the middle
    assert (chart.baseline, chart.target) == (None, None)
    assert [label.text for label in chart.value_labels] == ["2,090", "0"]
    assert (
        charts.line_chart([Reading(Decimal("1"), None)], target=Reading(Decimal(1), None)) is None
    )


# --- Map -----------------------------------------------------------------------------------------


def _square(west: float, south: float, size: float = 1.0) -> list[list[float]]:
    return [
        [west, south],
        [west + size, south],
        [west + size, south + size],
        [west, south + size],
        [west, south],
    ]


def test_a_map_projects_each_area_into_the_box_and_marks_the_highlighted_one():
    west = {"type": "Polygon", "coordinates": [_square(0, 0, 2), _square(0.5, 0.5)]}  # a hole
    east = {"type": "MultiPolygon", "coordinates": [[_square(2, 0)], [_square(2, 1)]]}
    chart = charts.map_chart(
        [
            charts.Area(key="w", label="West", geometry=west, href="/w/"),
            charts.Area(key="none", label="No boundary", geometry=None),
            charts.Area(key="e", label="East", geometry=east),
        ],
        highlight="e",
    )

    assert [shape_.key for shape_ in chart.shapes] == ["w", "e"]
    assert chart.width == 640
    # 3° wide and 2° high near the equator: 616 wide inside the padding, so about 411 high.
    assert chart.height == round(2 * 616 / (3 * 0.99996192) + 24)
    drawn_west, drawn_east = chart.shapes
    assert drawn_west.path.count("M") == 2  # the exterior and the hole
    assert drawn_east.path.count("M") == 2  # two polygons
    assert drawn_west.path.startswith("M12.0,")
    assert all(part.endswith(" Z") for part in drawn_west.path.split(" M"))
    assert (drawn_west.href, drawn_east.href) == ("/w/", "")
    assert (drawn_west.highlight, drawn_east.highlight) == (False, True)
    for drawn in chart.shapes:
        assert 0 <= drawn.label_x <= chart.width
        assert 0 <= drawn.label_y <= chart.height
    assert charts.map_chart([charts.Area(key="x", label="X", geometry=None)]) is None


def test_geometry_in_the_map_is_the_stored_boundary(boundaries):  # noqa: F811
    """Moved from tests/territory/test_pages.py (territory/svg.py's district_map)."""
    from territory.models import District
    from territory.views import district_map

    districts = list(District.objects.select_related("boundary_source").order_by("ubigeo"))
    drawing, source = district_map(districts)

    assert len(drawing.shapes) == 11
    assert source == districts[0].boundary_source
    by_key = {district.ubigeo: district for district in districts}
    assert {drawn.key for drawn in drawing.shapes} == set(by_key)
    assert all(0 <= drawn.label_x <= drawing.width for drawn in drawing.shapes)
    assert all(0 <= drawn.label_y <= drawing.height for drawn in drawing.shapes)
    for drawn in drawing.shapes:
        geometry = shape(by_key[drawn.key].boundary)
        assert geometry.is_valid
        polygons = geometry.geoms if geometry.geom_type == "MultiPolygon" else [geometry]
        rings = [ring for polygon in polygons for ring in (polygon.exterior, *polygon.interiors)]
        assert drawn.path.count("M") == len(rings)
        assert drawn.path.count(",") == sum(len(ring.coords) for ring in rings)
        assert drawn.label == by_key[drawn.key].name
        assert drawn.href == f"/territory/districts/{drawn.key}/"


# --- Pages ---------------------------------------------------------------------------------------

# Presentation attributes that would carry a colour or a style past the stylesheet.
INLINE_STYLE = re.compile(r"\s(fill|stroke|stroke-width|stroke-dasharray|font-size|style)=")
NUMBER_ATTRIBUTE = re.compile(r'\s(x|y|x1|x2|y1|y2|cx|cy|r|dy|width|height)="([^"]*)"')


def _get(client, url: str, language: str = "en") -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _svgs(html: str) -> list[str]:
    """The page's drawings, the header's accessibility icon apart."""
    return [svg for svg in re.findall(r"<svg .*?</svg>", html, re.S) if "display-icon" not in svg]


def _assert_drawn_by_the_stylesheet(html: str, count: int) -> list[str]:
    """`count` charts, each a labelled image with no inline colour and unlocalized numbers."""
    svgs = _svgs(html)
    assert len(svgs) == count
    for svg in svgs:
        assert INLINE_STYLE.search(svg) is None, svg[:300]
        # A map of links is a group of links; every other drawing an image.
        role = "group" if svg.startswith('<svg class="chart chart--map"') else "img"
        assert re.match(rf'<svg class="chart chart--\w+" viewBox="0 0 \d+ \d+" role="{role}"', svg)
        labelled_by = re.search(r'aria-labelledby="([^"]+)"', svg).group(1)
        assert re.search(rf'<title id="{labelled_by}">[^<]+</title>', svg)
        for _name, value in NUMBER_ATTRIBUTE.findall(svg):
            assert re.fullmatch(r"-?\d+(\.\d+)?", value), value
        for value in re.findall(r'\s(?:d|points)="([^"]*)"', svg):
            assert re.fullmatch(r"[MLZ0-9., -]+", value), value
    return svgs


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_territory_overview_draws_the_map_and_the_yearly_bars_with_classes(
    client,
    boundaries,  # noqa: F811
    province_series,  # noqa: F811
    language,
):
    html = _get(client, reverse("territory-overview"), language)

    drawn_map, bars = _assert_drawn_by_the_stylesheet(html, 2)
    assert drawn_map.startswith('<svg class="chart chart--map"')
    assert 'aria-labelledby="map-title"' in drawn_map
    assert drawn_map.count('<path class="map-district" d="') == 11
    assert "map-district--highlight" not in drawn_map
    assert drawn_map.count('<text class="map-label"') == 11
    assert bars.startswith('<svg class="chart chart--vertical"')
    assert 'aria-labelledby="chart-province-title"' in bars
    assert bars.count('<rect class="chart-bar"') == 3
    assert bars.count('<line class="chart-grid"') == 5
    assert bars.count('<text class="chart-tick"') == 5
    assert bars.count('<text class="chart-label"') == 3


def test_the_district_page_highlights_its_district_on_the_map(
    client,
    boundaries,  # noqa: F811
):
    html = _get(client, reverse("territory-district", args=["220508"]))

    (drawn_map,) = _assert_drawn_by_the_stylesheet(html, 1)
    assert drawn_map.count("map-district--highlight") == 1
    assert (
        '<a href="/territory/districts/220508/" data-key="220508">'
        '<path class="map-district map-district--highlight" d="'
    ) in drawn_map
    assert drawn_map.count('<path class="map-district" d="') == 10


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_indicator_page_draws_its_line_baseline_and_target_with_classes(
    world,
    client,
    forest_indicator,  # noqa: F811
    lamas,  # noqa: F811
    language,
):
    from territory.models import ForestLoss, Source

    source = Source.objects.create(key="gfw", title="Global Forest Watch")
    for year, hectares in ((2022, "2100"), (2023, "1900")):
        ForestLoss.objects.create(
            province=lamas,
            start_year=year,
            end_year=year,
            humid_primary_forest_loss_ha=Decimal(hectares),
            source=source,
        )
    html = _get(client, reverse("objective-detail", args=[forest_indicator.objective_id]), language)

    (line,) = _assert_drawn_by_the_stylesheet(html, 1)
    assert line.startswith('<svg class="chart chart--line"')
    assert f'aria-labelledby="indicator-chart-{forest_indicator.pk}-title"' in line
    assert line.count('<line class="chart-axis"') == 2
    assert line.count('<polyline class="chart-line" points="') == 1
    assert line.count('<circle class="chart-point"') == 2
    assert line.count('<circle class="chart-target"') == 1
    assert line.count('<line class="chart-baseline') == 1
    assert "<title>2023: 1900.00</title>" in line  # plain numbers, as before
    if language == "en":
        assert "Chart of the indicator; the table below gives the figures." in line


def test_the_round_results_draw_b_and_r_bars_with_classes(world, client):
    from lap.models.rounds import ActionResult, Round

    action_ = ActionFactory(state="accepted", title="Water for Pinto Recodo")
    unscored = ActionFactory(state="accepted", title="Roads")
    round_ = make_round(world, actions=[action_, unscored])
    Round.objects.filter(pk=round_.pk).update(state="published", results_status="ready")
    ActionResult.objects.create(
        round=round_, action=action_, rank=1, balanced="3.5", raw_mean="3", persons=3
    )
    ActionResult.objects.create(round=round_, action=unscored, insufficient=True)
    html = _get(client, reverse("round-results", kwargs={"pk": round_.pk}))

    (bars,) = _assert_drawn_by_the_stylesheet(html, 1)
    assert 'aria-labelledby="results-chart-title"' in bars
    # B = 3.5 and R = 3 on a scale of 5 over 300 units, after the 170 of the labels.
    assert (
        '<rect class="chart-bar" x="170" y="6" width="210.0" height="9">'
        "<title>Water for Pinto Recodo: B</title></rect>"
    ) in bars
    assert (
        '<rect class="chart-bar chart-bar--secondary" x="170" y="15" width="180.0" height="9">'
        "<title>Water for Pinto Recodo: R</title></rect>"
    ) in bars
    assert '<text class="chart-label" x="0" y="19.0">1. Water for Pinto Recodo</text>' in bars
    assert bars.count("<rect ") == 2  # no bars for the action without a score


def test_the_funding_gaps_and_the_dashboard_draw_their_bars_with_classes(
    world,
    client,
    confirmed,  # noqa: F811
):
    html = _get(client, reverse("resources-funding-gaps"))
    (gaps,) = _assert_drawn_by_the_stylesheet(html, 1)
    assert gaps.startswith('<svg class="chart chart--horizontal" viewBox="0 0 560 26"')
    assert 'aria-labelledby="gap-chart-title"' in gaps
    assert '<rect class="chart-bar" x="230" y="5" width="320.0" height="16">' in gaps
    assert "<title>Agroforestry cacao in buffer zones: 70,000 PEN</title>" in gaps
    assert '<text class="chart-label" x="0" y="17.0">Agroforestry cacao in buffer …</text>' in gaps

    client.force_login(world.coordinator)
    html = _get(client, reverse("resources-dashboard"))
    (sectors,) = _assert_drawn_by_the_stylesheet(html, 1)
    assert 'aria-labelledby="sector-chart-title"' in sectors
    assert sectors.count('<rect class="chart-bar"') == sectors.count('<text class="chart-label"')
    assert sectors.count('<rect class="chart-bar"') >= 1


# --- Where presentation lives --------------------------------------------------------------------


def _media_block(css: str, query: str) -> str:
    start = css.index(f"@media {query} {{")
    return css[start : css.index("\n}", start)]


def test_every_chart_class_has_a_colour_in_the_stylesheet_and_print_and_contrast_restyle_them():
    css = (ROOT / "static/css/lap.css").read_text()
    used = set()
    for template in (ROOT / "templates/includes/charts").glob("*.html"):
        used |= set(re.findall(r"\b((?:chart|map)-(?!-)[a-z-]+[a-z])\b", template.read_text()))
    assert {"chart-bar", "chart-bar--secondary", "chart-line", "chart-baseline"} <= used
    assert {"chart-target", "chart-axis", "map-district", "map-district--highlight"} <= used
    for name in used:
        assert f".{name}" in css, name
    coloured = [
        "chart-bar",
        "chart-line",
        "chart-target",
        "map-district",
        "map-district--highlight",
    ]
    for query in ("print", "(prefers-contrast: more)", "(forced-colors: active)"):
        block = _media_block(css, query)
        for name in coloured:
            assert f".{name}" in block, (query, name)


def test_no_python_module_writes_svg_markup():
    """SVG lives in templates (autoescaped); Python computes geometry only."""
    for app in ("lap", "stakeholders", "territory"):
        for module in (ROOT / app).rglob("*.py"):
            text = module.read_text()
            assert "<svg" not in text, module
            assert "<rect" not in text, module
            assert "<polyline" not in text, module
