"""On a phone, with JavaScript off: the header folds into a menu, and the accessibility controls
enlarge the text and raise the contrast of every page, remembered from page to page."""

import pytest

from tests.browser.conftest import open_menu


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_larger_text_and_high_contrast_without_javascript_on_a_phone(
    live_server, page_without_javascript
):
    page = page_without_javascript
    page.goto(f"{live_server.url}/")
    header = page.locator("header.site-header").bounding_box()
    assert header is not None
    assert header["height"] < 100  # folded: the page's content starts on the first screen
    assert not page.get_by_role("link", name="Territorio").is_visible()

    open_menu(page)
    assert page.get_by_role("link", name="Territorio").is_visible()
    normal = page.evaluate("getComputedStyle(document.documentElement).fontSize")
    page.locator("details.display-controls summary").click()
    page.get_by_label("Más grande").check()
    page.get_by_label("Alto contraste").check()
    page.get_by_test_id("display-submit").click()
    page.wait_for_load_state()

    assert page.url == f"{live_server.url}/"
    assert page.locator("html").get_attribute("class") == "text-larger high-contrast"
    larger = page.evaluate("getComputedStyle(document.documentElement).fontSize")
    assert float(larger.removesuffix("px")) > float(normal.removesuffix("px"))
    header_colour = page.evaluate(
        "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
    )
    assert header_colour == "rgb(0, 0, 0)"
    # Remembered on the next page.
    page.goto(f"{live_server.url}/results/")
    assert page.locator("html").get_attribute("class") == "text-larger high-contrast"
