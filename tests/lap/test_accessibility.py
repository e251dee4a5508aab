"""Accessibility controls (text size, contrast, underlined links, reduced motion) without
JavaScript, remembered in a cookie and on the account; and the 403 and 500 pages, which say what
to do next (DESIGN "Participation and inclusion")."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse

from lap.errors import server_error
from stakeholders.display import COOKIE
from tests.factories import PASSWORD, UserFactory
from tests.territory.fixtures import boundaries, reference_data  # noqa: F401

ACCESSIBILITY = reverse("accessibility")
HTML_TAG = re.compile(r"<html[^>]*>")


def _html_tag(client, url="/") -> str:
    return HTML_TAG.search(client.get(url).content.decode()).group(0)


@pytest.mark.django_db
def test_a_visitor_chooses_larger_text_and_contrast_with_a_plain_form(client):
    home = client.get("/").content.decode()
    assert f'action="{ACCESSIBILITY}" method="post"' in home  # in the header of every page
    assert _html_tag(client) == '<html lang="es">'
    response = client.post(
        ACCESSIBILITY, {"size": "large", "contrast": "on", "next": "/territory/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/territory/"
    assert response.cookies[COOKIE].value == "large.contrast"
    assert _html_tag(client) == '<html lang="es" class="text-large high-contrast">'
    # The header's controls show what is chosen.
    page = client.get("/").content.decode()
    assert 'name="size" value="large" checked' in page
    assert 'name="contrast" checked' in page


@pytest.mark.django_db
def test_bad_choices_and_foreign_addresses_change_nothing(client):
    refused = client.post(ACCESSIBILITY, {"size": "huge"})
    assert refused.status_code == 200
    assert "Escoja una opción válida" in refused.content.decode()
    assert COOKIE not in refused.cookies
    elsewhere = client.post(ACCESSIBILITY, {"size": "larger", "next": "https://evil.example/"})
    assert elsewhere["Location"] == ACCESSIBILITY
    client.cookies[COOKIE] = "larger.still.<script>"
    assert _html_tag(client) == '<html lang="es" class="text-larger reduce-motion">'


@pytest.mark.django_db
def test_the_account_keeps_the_choice_and_it_wins_at_sign_in(client):
    person = UserFactory(username="ana")
    client.force_login(person)
    client.post(ACCESSIBILITY, {"size": "larger", "underline": "on", "next": "/"})
    person.refresh_from_db()
    assert person.display == "larger.underline"
    # Another device, where a visitor had chosen large text: the account's choice wins.
    other = type(client)()
    other.cookies[COOKIE] = "large"
    other.post(reverse("login"), {"username": "ana", "password": PASSWORD})
    assert _html_tag(other) == '<html lang="es" class="text-larger underline-links">'


@pytest.mark.django_db
def test_an_account_that_never_chose_keeps_the_devices_choice_at_sign_in(client):
    person = UserFactory(username="beto")
    client.cookies[COOKIE] = "large.still"
    client.post(reverse("login"), {"username": "beto", "password": PASSWORD})
    person.refresh_from_db()
    assert person.display == "large.still"


def test_the_territory_map_is_the_same_drawing_whatever_the_display(
    client,
    boundaries,  # noqa: F811
):
    def map_of(cookie: str) -> str:
        client.cookies[COOKIE] = cookie
        html = client.get(reverse("territory-overview")).content.decode()
        start = html.index('<svg class="chart chart--map"')
        return html[start : html.index("</svg>", start)]

    assert map_of("contrast.larger") == map_of("")


def test_a_refusal_says_what_to_do_next_for_each_kind_of_person(world, client):
    coordinator_page = reverse("implementation-uploads")
    client.force_login(world.outsider)
    outsider = client.get(coordinator_page)
    assert outsider.status_code == 403
    html = outsider.content.decode()
    assert "<h1>No permitido</h1>" in html
    assert reverse("organization-list") in html
    assert 'class="site-header"' in html  # the site's layout
    client.force_login(world.member)
    member = client.get(coordinator_page).content.decode()
    assert "Un representante de su organización o la coordinación puede ayudarle." in member


@pytest.mark.django_db
def test_the_500_page_is_in_the_sites_layout_and_json_under_the_api():
    request = RequestFactory().get("/results/")
    request.user = AnonymousUser()
    page = server_error(request)
    assert page.status_code == 500
    assert "Algo salió mal" in page.content.decode()
    api = server_error(RequestFactory().get("/api/v1/actions/"))
    assert api.status_code == 500
    assert api["Content-Type"] == "application/json"
