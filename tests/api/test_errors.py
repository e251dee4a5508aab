"""One error shape for partners: `{"detail": "message"}` or `{field: [messages]}`, translated,
never a list under `detail`, never a model's name (DESIGN "REST API")."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import translation
from rest_framework import exceptions, serializers
from rest_framework.test import APIRequestFactory
from rest_framework.throttling import SimpleRateThrottle

from lap.api.exceptions import error_body, exception_handler
from tests.factories import OrganizationFactory

BASE = "/api/v1"


def _english(client):
    client.credentials(HTTP_ACCEPT_LANGUAGE="en")
    return client


def _handled(exc, language="en"):
    request = APIRequestFactory().get("/api/v1/", HTTP_ACCEPT_LANGUAGE=language)
    with translation.override(language):
        response = exception_handler(exc, {"request": request, "view": None})
        return response.status_code, error_body(response.data)


# --- Not found ---


def test_an_unknown_organization_is_not_found_without_naming_the_model(api_client, db):
    response = _english(api_client).get(f"{BASE}/organizations/999999/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_not_found_is_translated_to_spanish(api_client, db):
    response = api_client.get(f"{BASE}/organizations/999999/", HTTP_ACCEPT_LANGUAGE="es")

    assert response.status_code == 404
    assert response.json() == {"detail": "No encontrado."}


def test_django_not_found_messages_never_reach_the_partner():
    status, body = _handled(Http404("No Action matches the given query."))

    assert status == 404
    assert body == {"detail": "Not found."}


def test_a_page_beyond_the_last_is_not_found(api_client, db):
    OrganizationFactory()
    response = _english(api_client).get(f"{BASE}/organizations/", {"page": 99})

    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page."}


@pytest.mark.parametrize("value", ["abc", "0", "-1", "", "last", "1.5"])
def test_a_page_that_is_not_a_whole_number_is_refused(api_client, db, value):
    response = _english(api_client).get(f"{BASE}/organizations/", {"page": value})

    assert response.status_code == 400
    assert response.json() == {"page": ["Enter a whole number of 1 or more."]}


@pytest.mark.parametrize("value", ["abc", "0", ""])
def test_a_page_size_that_is_not_a_whole_number_is_refused(api_client, db, value):
    response = _english(api_client).get(f"{BASE}/organizations/", {"page_size": value})

    assert response.status_code == 400
    assert list(response.json()) == ["page_size"]


# --- Refused input ---


def test_a_wrong_password_gets_one_message_not_a_list(api_client, world):
    response = _english(api_client).post(
        f"{BASE}/auth/token/", {"username": "coordinator", "password": "wrong"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "Unable to sign in with the username and password given."}


def test_a_refused_field_names_the_field_with_a_list_of_messages(api_client, world):
    api_client.force_authenticate(world.coordinator)
    response = _english(api_client).post(
        f"{BASE}/organizations/", {"name": "Gobierno Regional", "sector": "government"}
    )

    assert response.status_code == 400
    assert response.json() == {"government_level": ["A government organization needs a level."]}


def test_a_service_message_without_a_field_is_one_detail_string():
    status, body = _handled(DjangoValidationError(["First problem.", "Second problem."]))

    assert status == 400
    assert body == {"detail": "First problem. Second problem."}


def test_a_service_error_dict_keeps_its_fields():
    status, body = _handled(DjangoValidationError({"title": ["Too long."]}))

    assert (status, body) == (400, {"title": ["Too long."]})


def test_a_general_message_beside_field_errors_becomes_a_non_field_error():
    _status, body = _handled(exceptions.ValidationError({"detail": ["Stale."], "amount": ["Bad."]}))

    assert body == {"non_field_errors": ["Stale."], "amount": ["Bad."]}


def test_nested_errors_are_flattened_to_dotted_fields():
    class Score(serializers.Serializer):
        value = serializers.IntegerField(max_value=5)

    class Scores(serializers.Serializer):
        scores = Score(many=True)

    write = Scores(data={"scores": [{"value": 1}, {"value": 9}]})
    with translation.override("en"):
        assert not write.is_valid()
    _status, body = _handled(exceptions.ValidationError(write.errors))

    assert body == {"scores.1.value": ["Ensure this value is less than or equal to 5."]}


def test_a_bare_list_of_messages_becomes_one_detail():
    _status, body = _handled(exceptions.ValidationError(["One.", "Two."]))

    assert body == {"detail": "One. Two."}


def test_a_list_refused_whole_names_each_item():
    _status, body = _handled(exceptions.ValidationError([{}, {"score": ["Out of range."]}]))

    assert body == {"1.score": ["Out of range."]}


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("organizations/", {"is_demo": "null"}, "is_demo"),
        ("organizations/", {"sector": ""}, "sector"),
        ("organizations/", {"government_level": ""}, "government_level"),
        ("sources/", {"year": "0.5"}, "year"),
        ("sources/", {"year_to": "99999999999999999999"}, "year_to"),
        ("districts/", {"has_boundary": "maybe"}, "has_boundary"),
        ("communities/", {"people": ""}, "people"),
        ("forest-loss/", {"canopy_threshold": "101"}, "canopy_threshold"),
    ],
)
def test_a_filter_value_of_the_wrong_type_is_refused_not_ignored(
    api_client, db, path, params, field
):
    response = _english(api_client).get(f"{BASE}/{path}", params)

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert all(isinstance(message, str) for message in response.json()[field])


def test_a_filter_value_of_the_right_type_filters(api_client, db):
    OrganizationFactory(name="Demo org", is_demo=True)
    OrganizationFactory(name="Real org", is_demo=False)

    response = api_client.get(f"{BASE}/organizations/", {"is_demo": "true"})

    assert [row["name"] for row in response.json()["results"]] == ["Demo org"]


# --- Who may ---


def test_anonymous_writes_get_401_with_the_scheme_to_use(api_client, db):
    response = _english(api_client).post(f"{BASE}/organizations/", {"name": "X"})

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": "Authentication credentials were not provided."}


def test_a_wrong_token_gets_401_even_on_a_public_read(api_client, db):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-token", HTTP_ACCEPT_LANGUAGE="en")
    response = api_client.get(f"{BASE}/organizations/")

    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}


def test_a_service_refusal_is_403_with_its_translated_message(api_client, world):
    api_client.force_authenticate(world.member)
    response = api_client.post(
        f"{BASE}/organizations/", {"name": "Nueva", "sector": "company"}, HTTP_ACCEPT_LANGUAGE="es"
    )

    assert response.status_code == 403
    assert set(response.json()) == {"detail"}
    assert isinstance(response.json()["detail"], str)


def test_django_permission_denied_keeps_its_message():
    status, body = _handled(PermissionDenied("Only coordinators create organizations."))

    assert (status, body) == (403, {"detail": "Only coordinators create organizations."})


# --- Throttled ---


@pytest.fixture
def one_request_a_minute(monkeypatch):
    monkeypatch.setattr(
        SimpleRateThrottle,
        "THROTTLE_RATES",
        {"anon": "1/minute", "user": "1/minute", "api_key": "1/minute"},
    )


def test_throttled_callers_are_told_when_to_come_back(api_client, db, one_request_a_minute):
    api_client.get(f"{BASE}/organizations/")
    response = _english(api_client).get(f"{BASE}/organizations/")

    assert response.status_code == 429
    seconds = int(response["Retry-After"])
    assert 1 <= seconds <= 60
    assert response.json() == {"detail": f"Too many requests. Try again in {seconds} seconds."}


def test_throttled_message_in_spanish(api_client, db, one_request_a_minute):
    api_client.get(f"{BASE}/organizations/")
    response = api_client.get(f"{BASE}/organizations/", HTTP_ACCEPT_LANGUAGE="es")

    assert response.status_code == 429
    assert response.json()["detail"].startswith("Demasiadas solicitudes. Vuelva a intentarlo en")


def test_django_whole_object_errors_are_non_field_errors():
    status, body = _handled(DjangoValidationError({"__all__": ["Ends before it starts."]}))

    assert (status, body) == (400, {"non_field_errors": ["Ends before it starts."]})


def test_a_body_in_a_media_type_not_taken_is_415_in_the_same_shape(api_client, world):
    api_client.force_authenticate(world.coordinator)
    response = _english(api_client).post(
        f"{BASE}/organizations/", data="name=X", content_type="text/plain"
    )

    assert response.status_code == 415
    assert response.json() == {"detail": 'Unsupported media type "text/plain" in request.'}
