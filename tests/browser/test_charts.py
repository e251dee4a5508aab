"""The charts take their colours from the stylesheet, and print and high-contrast modes
restyle them (lap.css; the SVG carries classes only)."""

import pytest

from tests.territory.fixtures import boundaries, province_series, reference_data  # noqa: F401

GREEN = "rgb(29, 92, 58)"  # --green


def _fill(page, selector: str) -> str:
    return page.locator(selector).first.evaluate("element => getComputedStyle(element).fill")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_chart_colours_come_from_the_stylesheet_and_change_for_print_and_contrast(
    live_server,
    page,
    boundaries,  # noqa: F811
    province_series,  # noqa: F811
):
    page.goto(f"{live_server.url}/territory/")
    # The accessible name is the map's <title> (the browser reads the page in Spanish); a map
    # of district links is a group of links.
    assert page.get_by_role(
        "group", name="Mapa de los distritos de la provincia de Lamas"
    ).is_visible()
    assert page.locator("svg.chart--vertical rect.chart-bar").count() == 3
    assert _fill(page, ".chart-bar") == GREEN
    assert _fill(page, ".map-district") == "rgb(230, 240, 234)"  # --green-light

    page.emulate_media(media="print")
    assert _fill(page, ".chart-bar") == "rgb(68, 68, 68)"
    assert _fill(page, ".map-district") == "rgb(255, 255, 255)"

    page.emulate_media(media="screen", contrast="more")
    assert _fill(page, ".chart-bar") == "rgb(11, 46, 27)"

    page.emulate_media(media="screen", contrast="no-preference", forced_colors="active")
    text_colour = page.evaluate("getComputedStyle(document.body).color")  # CanvasText
    assert _fill(page, ".chart-bar") == text_colour
    assert _fill(page, ".chart-bar") != GREEN

    page.emulate_media(forced_colors="none")
    page.goto(f"{live_server.url}/territory/districts/220508/")
    assert _fill(page, ".map-district--highlight") == "rgb(242, 210, 138)"
    assert page.locator(".map-district--highlight").count() == 1
