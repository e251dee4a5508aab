"""Every URL of the project, every persona: the status each gets (see access_table.py)."""

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from stakeholders import services
from tests.factories import UserFactory
from tests.security.access_table import ACCESS, PERSONAS


def _url_names(patterns=None, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


ADMIN_PREFIX = "admin:"


def test_every_url_name_has_a_row_in_the_access_table():
    names = {name for name in _url_names() if not name.startswith(ADMIN_PREFIX)}
    missing = sorted(names - set(ACCESS))
    assert not missing, f"URL names without an access row: {missing}"
    stale = sorted(set(ACCESS) - names)
    assert not stale, f"Access rows for URL names that no longer exist: {stale}"


@pytest.fixture
def objects(world):
    """Objects the rows act on, made fresh for every case."""
    invitation = services.invitation_create(
        acting_user=world.coordinator, organization=world.smallholder, email="invited@example.org"
    )
    applicant = UserFactory(username="applicant")
    join_request = services.join_request_create(
        acting_user=applicant, organization=world.smallholder
    )
    government_membership = world.members["government"].memberships.get()
    return {
        "invitation": invitation,
        "join_request": join_request,
        "government_membership": government_membership,
    }


def _client_for(persona: str, world, client):
    user = world.person(persona)
    if user is not None:
        client.force_login(user)
    extra = {}
    if persona == "partner_key":
        extra["HTTP_AUTHORIZATION"] = f"Api-Key {world.api_key_secret}"
    return extra


CASES = [
    (name, index, persona) for name in sorted(ACCESS) for index, persona in enumerate(PERSONAS)
]


@pytest.mark.parametrize(
    ("url_name", "index", "persona"), CASES, ids=[f"{name}-{persona}" for name, _, persona in CASES]
)
def test_access(url_name, index, persona, world, objects, client):
    spec = ACCESS[url_name]
    kwargs = spec["kwargs"](world, objects) if spec["kwargs"] else {}
    data = spec["data"](world, objects) if spec["data"] else {}
    extra = _client_for(persona, world, client)
    response = getattr(client, spec["method"])(reverse(url_name, kwargs=kwargs), data, **extra)
    assert response.status_code == spec["statuses"][index], (
        f"{url_name} as {persona}: got {response.status_code}"
    )


def _admin_changelists() -> list[str]:
    return [
        f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
        for model in admin.site._registry
    ]


@pytest.mark.parametrize("url_name", ["admin:index", *_admin_changelists()])
@pytest.mark.parametrize("persona", PERSONAS)
def test_admin_site_is_for_the_superuser_only(url_name, persona, world, client):
    """The one rule for the admin site: only staff get in; here only the superuser is staff."""
    extra = _client_for(persona, world, client)
    response = client.get(reverse(url_name), **extra)
    if persona == "superuser":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]
