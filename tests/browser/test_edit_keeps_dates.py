"""A proposer who edits only an action's title keeps its start and end dates (in Spanish, where
a localized "15/01/2026" in a date input used to show as empty and save as no date)."""

import datetime

import pytest

from lap.models import Action
from lap.services import actions as action_services
from tests.factories import PASSWORD, DistrictFactory, ObjectiveFactory

START = datetime.date(2026, 1, 15)
END = datetime.date(2027, 11, 30)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_proposer_who_edits_only_the_title_keeps_the_dates(live_server, page, world):
    action = action_services.action_create(
        acting_user=world.member,
        title="Café bajo sombra",
        description="Árboles de sombra en parcelas de café.",
        objective=ObjectiveFactory(code="O1"),
        districts=[DistrictFactory(ubigeo="220501", name="Lamas")],
        starts_on=START,
        ends_on=END,
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nombre de usuario").fill(world.member.username)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click()
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/actions/{action.pk}/edit/")
    assert page.locator("html").get_attribute("lang") == "es"
    # What the browser shows in the date pickers: the saved dates, not empty fields.
    assert page.locator("#id_starts_on").input_value() == "2026-01-15"
    assert page.locator("#id_ends_on").input_value() == "2027-11-30"
    page.get_by_label("Título").fill("Café bajo sombra con árboles nativos")
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_url(f"{live_server.url}/actions/{action.pk}/")

    assert (
        page.get_by_role("heading", level=1)
        .inner_text()
        .startswith("Café bajo sombra con árboles nativos")
    )
    assert "2026-01-15 – 2027-11-30" in page.locator("main").inner_text()
    action = Action.objects.get(pk=action.pk)
    assert action.title == "Café bajo sombra con árboles nativos"
    assert (action.starts_on, action.ends_on) == (START, END)
