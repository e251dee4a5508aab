"""`me/`, `organizations/` and partner keys through the API."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from stakeholders import services
from stakeholders.models import ApiKey, Organization
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def _key_client(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {secret}")
    return client


def test_me_lists_the_callers_memberships_and_roles(world, api_client):
    api_client.force_authenticate(world.representative)
    body = api_client.get(reverse("api:me")).json()
    assert body["username"] == "smallholder-representative"
    assert body["is_coordinator"] is False
    assert [(m["organization_name"], m["role"]) for m in body["memberships"]] == [
        ("Smallholder organization", "representative")
    ]


def test_me_sets_the_language(world, api_client):
    api_client.force_authenticate(world.member)
    response = api_client.patch(reverse("api:me"), {"language": "en"}, format="json")
    assert response.status_code == 200
    world.member.refresh_from_db()
    assert world.member.language == "en"


@pytest.mark.parametrize("body_format", ["json", "multipart"])
def test_me_refuses_an_empty_language_instead_of_ignoring_it(world, api_client, body_format):
    api_client.force_authenticate(world.member)
    response = api_client.patch(
        reverse("api:me"), {"language": ""}, format=body_format, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert response.json() == {"language": ["Choose Spanish or English."]}


@pytest.mark.parametrize("body_format", ["json", "multipart"])
def test_me_refuses_fields_it_does_not_change(world, api_client, body_format):
    api_client.force_authenticate(world.member)
    response = api_client.patch(
        reverse("api:me"),
        {"lang": "en", "username": "someone-else"},
        format=body_format,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert response.json() == {
        "lang": ["Only the language can be changed here."],
        "username": ["Only the language can be changed here."],
    }
    world.member.refresh_from_db()
    assert world.member.username == "smallholder-member"


def test_organizations_filter_by_sector(world, api_client):
    body = api_client.get(reverse("api:organization-list"), {"sector": "company"}).json()
    assert body["count"] == 1
    assert body["results"][0]["name"] == "Company organization"
    assert body["results"][0]["active_member_count"] == 2


@pytest.mark.parametrize("page_size", [5, 100])
def test_the_organization_list_query_count_does_not_grow_with_the_page_size(
    page_size, api_client, django_assert_max_num_queries, db
):
    OrganizationFactory.create_batch(120)
    with django_assert_max_num_queries(3):
        body = api_client.get(reverse("api:organization-list"), {"page_size": page_size}).json()
    assert len(body["results"]) == page_size


def test_page_size_is_capped_at_200(api_client, db):
    OrganizationFactory.create_batch(205)
    body = api_client.get(reverse("api:organization-list"), {"page_size": 500}).json()
    assert len(body["results"]) == 200
    assert body["count"] == 205
    assert body["next"]


def test_a_coordinator_creates_an_organization(world, api_client):
    api_client.force_authenticate(world.coordinator)
    response = api_client.post(
        reverse("api:organization-list"),
        {"name": "Gobierno Regional", "sector": "government", "government_level": "regional"},
        format="json",
    )
    assert response.status_code == 201
    assert Organization.objects.filter(name="Gobierno Regional").exists()


def test_a_member_cannot_create_an_organization(world, api_client):
    api_client.force_authenticate(world.member)
    response = api_client.post(
        reverse("api:organization-list"), {"name": "X", "sector": "company"}, format="json"
    )
    assert response.status_code == 403
    assert not Organization.objects.filter(name="X").exists()


def test_bad_input_gets_field_errors_in_the_requests_language(world, api_client):
    api_client.force_authenticate(world.coordinator)
    url = reverse("api:organization-list")
    data = {"name": "Municipalidad", "sector": "government"}
    english = api_client.post(url, data, format="json", HTTP_ACCEPT_LANGUAGE="en")
    spanish = api_client.post(url, data, format="json", HTTP_ACCEPT_LANGUAGE="es")
    assert english.status_code == spanish.status_code == 400
    assert english.json()["government_level"] == ["A government organization needs a level."]
    assert "nivel" in spanish.json()["government_level"][0]


def test_a_partner_key_reads_but_cannot_write(world):
    client = _key_client(world.api_key_secret)
    assert client.get(reverse("api:organization-list")).status_code == 200
    response = client.post(
        reverse("api:organization-list"), {"name": "X", "sector": "company"}, format="json"
    )
    assert response.status_code == 403
    assert not Organization.objects.filter(name="X").exists()


def test_a_key_is_stored_hashed_and_shown_once(world):
    stored = ApiKey.objects.get(pk=world.api_key.pk)
    assert world.api_key_secret not in (stored.key_hash, stored.prefix)
    assert world.api_key_secret.startswith(stored.prefix)


def test_a_revoked_key_is_refused_at_once(world):
    services.api_key_revoke(acting_user=world.coordinator, api_key=world.api_key)
    response = _key_client(world.api_key_secret).get(reverse("api:organization-list"))
    assert response.status_code == 401


def test_a_wrong_key_is_refused(world):
    response = _key_client(world.api_key_secret[:-2] + "xx").get(reverse("api:organization-list"))
    assert response.status_code == 401


def test_a_key_authenticates_as_no_user(world):
    assert _key_client(world.api_key_secret).get(reverse("api:me")).status_code == 403


def test_keys_are_throttled_on_their_own(world, monkeypatch):
    from stakeholders.api.throttling import ApiKeyRateThrottle

    monkeypatch.setattr(ApiKeyRateThrottle, "rate", "3/minute", raising=False)
    client = _key_client(world.api_key_secret)
    statuses = [client.get(reverse("api:organization-list")).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    # Another key is not slowed down by the first one.
    _key, other_secret = services.api_key_create(
        acting_user=world.coordinator,
        organization=world.government,
        name="Other",
        scopes=["plan"],
    )
    assert _key_client(other_secret).get(reverse("api:organization-list")).status_code == 200


def test_a_key_is_not_held_to_the_anonymous_rate(world, monkeypatch):
    from stakeholders.api.throttling import AnonymousRateThrottle

    monkeypatch.setattr(AnonymousRateThrottle, "rate", "2/minute", raising=False)
    client = _key_client(world.api_key_secret)
    statuses = [client.get(reverse("api:organization-list")).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 200]
    anonymous = APIClient()
    statuses = [anonymous.get(reverse("api:organization-list")).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_a_forged_forwarded_header_does_not_escape_the_anonymous_rate(db, monkeypatch):
    from stakeholders.api.throttling import AnonymousRateThrottle

    monkeypatch.setattr(AnonymousRateThrottle, "rate", "2/minute", raising=False)
    client = APIClient()
    statuses = [
        client.get(reverse("api:organization-list"), HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]


def test_a_coordinator_issues_a_key_on_the_page_and_sees_it_once(world, client):
    client.force_login(world.coordinator)
    url = reverse("api-key-create", kwargs={"pk": world.government.pk})
    response = client.post(url, {"name": "GORE dashboard", "scopes": ["territory", "plan"]})
    secret = response.context["secret"]
    assert secret
    assert secret in response.content.decode()
    key = ApiKey.objects.get(name="GORE dashboard")
    assert key.scopes == ["plan", "territory"]
    page = client.get(reverse("organization-detail", kwargs={"pk": world.government.pk}))
    assert secret not in page.content.decode()


def test_a_key_without_the_views_scope_is_refused():
    from rest_framework.test import APIRequestFactory
    from rest_framework.views import APIView

    from lap.api.permissions import ReadOnlyForKeysAndAnonymous

    class ResourcesView(APIView):
        api_scope = "resources"

    key = ApiKey(scopes=["territory"])
    request = APIRequestFactory().get("/")
    request.auth = key
    assert not ReadOnlyForKeysAndAnonymous().has_permission(request, ResourcesView())
    key.scopes = ["resources"]
    assert ReadOnlyForKeysAndAnonymous().has_permission(request, ResourcesView())


def test_the_schema_and_docs_are_served_without_any_outside_asset(client, db):
    schema = client.get(reverse("api:schema"))
    assert schema.status_code == 200
    assert b"/api/v1/organizations/" in schema.content
    docs = client.get(reverse("api:docs")).content.decode()
    assert "cdn" not in docs.lower()
    assert "/static/drf_spectacular_sidecar/" in docs
