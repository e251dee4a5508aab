"""Playwright driving Debian's Chromium (never a downloaded browser)."""

import pytest

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def page(monkeypatch, tmp_path):
    yield from _page(monkeypatch)


@pytest.fixture
def page_without_javascript(monkeypatch):
    yield from _page(monkeypatch, java_script_enabled=False)


def _page(monkeypatch, **context_options):
    # Playwright's sync API keeps an event loop in this thread; the test's own ORM calls are
    # still synchronous, so Django's async guard does not apply to them.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True
        )
        context = browser.new_context(
            locale="es-PE", viewport={"width": 390, "height": 844}, **context_options
        )
        yield context.new_page()
        context.close()
        browser.close()


def open_menu(page) -> None:
    """Unfold the header's menu, as a person on a phone does (a label: no JavaScript)."""
    button = page.get_by_test_id("menu-button")
    if button.is_visible() and not page.locator("#menu-toggle").is_checked():
        button.click()
