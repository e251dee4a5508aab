"""The base layout: Spanish first, a language switch, accessible landmarks, no outside assets."""

import re

import pytest
from django.urls import reverse

from stakeholders.demo import load_demo
from stakeholders.models import Organization, User

pytestmark = pytest.mark.django_db


def test_the_home_page_says_what_the_plan_is_in_spanish_by_default(client):
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="es">' in page
    assert "Plan de Acción del Paisaje de Lamas" in page
    assert "46 200 ha de bosque primario húmedo" in page


def test_the_language_switch_shows_english_and_remembers_it_on_the_account(world, client):
    client.force_login(world.member)
    response = client.post(reverse("switch-language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    world.member.refresh_from_db()
    assert world.member.language == "en"
    page = client.get(reverse("home")).content.decode()
    assert "Lamas Landscape Action Plan" in page
    assert '<html lang="en">' in page


def test_a_signed_in_persons_saved_language_wins_over_the_browsers(world, client):
    world.member.language = "en"
    world.member.save()
    client.force_login(world.member)
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Sign out" in page


def test_every_page_has_a_skip_link_landmarks_and_labelled_controls(client):
    page = client.get(reverse("login")).content.decode()
    assert 'href="#main"' in page
    assert '<main id="main"' in page
    assert "<nav " in page
    assert "<header" in page
    assert "<footer" in page
    for control_id in re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', page):
        assert f'for="{control_id}"' in page, f"no label for #{control_id}"
    assert 'name="viewport"' in page


@pytest.mark.parametrize("url_name", ["home", "login", "organization-list", "api:docs"])
def test_no_page_loads_anything_from_another_server(url_name, client):
    page = client.get(reverse(url_name)).content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    outside = [url for url in sources if re.match(r"(https?:)?//", url)]
    assert outside == []


def test_the_demo_data_marks_every_person_and_organization_and_loads_twice_the_same():
    load_demo()
    counts = (User.objects.count(), Organization.objects.count())
    load_demo()
    assert (User.objects.count(), Organization.objects.count()) == counts
    assert not Organization.objects.filter(is_demo=False).exists()
    assert not User.objects.filter(is_demo=False).exists()
    assert all("(demo)" in name for name in Organization.objects.values_list("name", flat=True))


def test_every_demo_login_sees_what_its_role_allows(client):
    load_demo()
    for username, can_create in [
        ("coordinadora", 200),
        ("gobierno-miembro", 403),
        ("indigena-representante", 403),
        ("visitante", 403),
    ]:
        client.logout()
        assert client.login(username=username, password="lamas-demo-2026")
        assert client.get(reverse("organization-create")).status_code == can_create


def test_pages_stay_in_spanish_for_a_browser_set_to_english(client):
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="es">' in page


def test_the_api_answers_in_the_requests_language(client):
    response = client.get(reverse("api:me"), HTTP_ACCEPT_LANGUAGE="en")
    assert "credentials were not provided" in response.json()["detail"]
