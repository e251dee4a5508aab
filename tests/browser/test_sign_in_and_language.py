"""A person signs in on a phone-sized screen, switches to English and signs out."""

import pytest

from tests.browser.conftest import open_menu
from tests.factories import PASSWORD, UserFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_sign_in_switch_language_and_sign_out(live_server, page):
    UserFactory(username="elena", first_name="Elena", last_name="Productora")
    page.goto(f"{live_server.url}/")
    assert page.locator("html").get_attribute("lang") == "es"
    open_menu(page)  # a phone-sized screen: the header's menu is folded
    page.get_by_role("link", name="Iniciar sesión", exact=True).click()

    page.get_by_label("Nombre de usuario").fill("elena")
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click()
    page.wait_for_url(f"{live_server.url}/")
    open_menu(page)
    assert page.get_by_test_id("account-link").inner_text() == "elena"

    page.select_option("#language-switch", "en")
    page.get_by_test_id("language-submit").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Lamas Landscape Action Plan"

    open_menu(page)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    open_menu(page)
    assert page.get_by_role("link", name="Sign in", exact=True).is_visible()
    assert page.get_by_test_id("account-link").count() == 0


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_wrong_password_shows_a_clear_message(live_server, page):
    UserFactory(username="elena")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nombre de usuario").fill("elena")
    page.get_by_label("Contraseña").fill("not the password")
    page.get_by_role("button", name="Iniciar sesión").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").first.is_visible()
    assert "usuario" in page.get_by_role("alert").first.inner_text().lower()
