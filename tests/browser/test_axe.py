"""axe-core (shipped inside axe-playwright-python: nothing is downloaded) on the public pages and
a coordinator's pages, in Spanish and English: no serious or critical violation (WCAG 2.1 AA)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings

from tests.browser.conftest import open_menu
from tests.factories import PASSWORD
from tests.territory.fixtures import boundaries, reference_data  # noqa: F401

PUBLIC_PAGES = [
    "/",
    "/territory/",
    "/territory/districts/220508/",
    "/territory/sources/",
    "/vision/",
    "/objectives/",
    "/actions/",
    "/results/",
    "/resources/funding-gaps/",
    "/rounds/",
    "/organizations/",
    "/accessibility/",
    "/accounts/login/",
    "/no-such-page/",
]
COORDINATOR_PAGES = ["/", "/updates/bulk/", "/resources/dashboard/", "/actions/review/"]
SERIOUS = ("serious", "critical")


def _serious(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{page.url} {violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
    ]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["es", "en"])
def test_public_pages_have_no_serious_accessibility_violation(
    live_server,
    page,
    boundaries,  # noqa: F811
    language,
):
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    found = []
    for path in PUBLIC_PAGES:
        page.goto(f"{live_server.url}{path}")
        found += _serious(page)
        open_menu(page)  # the unfolded menu too
        found += _serious(page)
    assert found == [], "\n".join(found)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_coordinators_pages_have_no_serious_accessibility_violation(live_server, page, world):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nombre de usuario").fill(world.coordinator.username)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click()
    page.wait_for_load_state()
    found = []
    for path in COORDINATOR_PAGES:
        page.goto(f"{live_server.url}{path}")
        found += _serious(page)
    assert found == []


# Every page of the access table with its fixture object, as the personas who may see it (the
# admin site, the API and its docs apart; downloads are not pages).
AXE_PERSONAS = [
    ("anonymous", "es"),
    ("anonymous", "en"),
    ("outsider", "es"),
    ("member", "es"),
    ("representative", "es"),
    ("facilitator", "es"),
    ("coordinator", "es"),
    ("coordinator", "en"),
]


def _page_rows() -> list[str]:
    from tests.security.access_table import ACCESS

    return sorted(
        name
        for name, spec in ACCESS.items()
        if not name.startswith(("api:", "admin:")) and spec["method"] == "get"
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("url_name", _page_rows())
def test_every_page_of_the_access_table_as_each_persona_has_no_serious_violation(
    live_server,
    page,
    world,
    boundaries,  # noqa: F811
    url_name,
):
    from django.test import Client
    from django.urls import reverse

    from tests.security.access_table import ACCESS, PERSONAS
    from tests.security.test_access import objects as objects_fixture

    spec = ACCESS[url_name]
    objects = objects_fixture.__wrapped__(world)
    kwargs = spec["kwargs"](world, objects) if spec["kwargs"] else {}
    path = reverse(url_name, kwargs=kwargs)
    found = []
    for persona, language in AXE_PERSONAS:
        if spec["statuses"][PERSONAS.index(persona)] != 200:
            continue
        client = Client()
        user = world.person(persona)
        if user is not None:
            user.language = language
            user.save(update_fields=["language"])
            client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        answer = client.get(path)
        if answer.status_code != 200 or "text/html" not in answer["Content-Type"]:
            continue  # a download, not a page
        page.context.clear_cookies()
        page.context.add_cookies(
            [
                {"name": name, "value": morsel.value, "url": live_server.url}
                for name, morsel in client.cookies.items()
            ]
        )
        page.goto(f"{live_server.url}{path}")
        found += [f"{persona}/{language} {issue}" for issue in _serious(page)]
    assert found == [], "\n".join(found)
