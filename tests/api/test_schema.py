"""The OpenAPI schema partners generate clients from says what the API answers."""

import pytest

from stakeholders.models import Sector

SAFE = {"get", "head", "options"}
METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from rest_framework.test import APIClient

    with django_db_blocker.unblock():
        response = APIClient().get("/api/v1/schema/", {"format": "json"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.json()


def _operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def _resolve(schema, node):
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema["components"]["schemas"][name]
    return node


def _parameter(operation, name):
    return next(p for p in operation.get("parameters", []) if p["name"] == name)


def test_public_reads_declare_that_authentication_is_optional(schema):
    for path in (
        "/api/v1/organizations/",
        "/api/v1/organizations/{id}/",
        "/api/v1/districts/",
        "/api/v1/sources/{key}/",
        "/api/v1/territory/summary/",
    ):
        assert {} in schema["paths"][path]["get"]["security"], path


def test_reads_for_signed_in_people_and_every_write_require_authentication(schema):
    assert {} not in schema["paths"]["/api/v1/me/"]["get"]["security"]
    for path, method, operation in _operations(schema):
        if method not in SAFE and path != "/api/v1/auth/token/":
            assert {} not in operation["security"], f"{method.upper()} {path}"


def test_every_operation_with_an_id_documents_404(schema):
    for path, method, operation in _operations(schema):
        if "{" in path:
            assert "404" in operation["responses"], f"{method.upper()} {path}"


def test_every_paginated_list_documents_404_for_a_page_beyond_the_last(schema):
    for path, method, operation in _operations(schema):
        names = {p["name"] for p in operation.get("parameters", [])}
        if method == "get" and "page" in names:
            assert "404" in operation["responses"], path


def test_every_unsafe_operation_documents_400_401_and_403(schema):
    for path, method, operation in _operations(schema):
        if method in SAFE or path == "/api/v1/auth/token/":
            continue
        assert {"400", "401", "403"} <= set(operation["responses"]), f"{method.upper()} {path}"


def test_every_operation_with_a_body_documents_415_for_a_media_type_it_does_not_take(schema):
    for path, method, operation in _operations(schema):
        if operation.get("requestBody"):
            assert "415" in operation["responses"], f"{method.upper()} {path}"


def test_every_operation_with_parameters_or_a_body_documents_400(schema):
    for path, method, operation in _operations(schema):
        if operation.get("parameters") or operation.get("requestBody"):
            assert "400" in operation["responses"], f"{method.upper()} {path}"


def test_a_public_read_without_a_scope_documents_no_403(schema):
    responses = schema["paths"]["/api/v1/organizations/"]["get"]["responses"]
    assert "403" not in responses
    assert "401" in responses  # a wrong token or key


def test_a_key_without_the_scope_is_documented_on_territory_reads(schema):
    assert "403" in schema["paths"]["/api/v1/districts/"]["get"]["responses"]


def test_throttled_operations_document_429_with_retry_after(schema):
    for path, method, operation in _operations(schema):
        response = operation["responses"]["429"]
        assert "Retry-After" in response["headers"], f"{method.upper()} {path}"


def test_401_tells_the_scheme_to_authenticate_with(schema):
    response = schema["paths"]["/api/v1/me/"]["get"]["responses"]["401"]
    assert "WWW-Authenticate" in response["headers"]


def test_the_error_components_have_one_shape_and_no_list_under_detail(schema):
    components = schema["components"]["schemas"]
    assert components["ErrorDetail"]["properties"]["detail"] == {"type": "string"}
    assert components["ErrorDetail"]["required"] == ["detail"]
    assert components["FieldErrors"]["additionalProperties"] == {
        "type": "array",
        "items": {"type": "string"},
    }
    for path, method, operation in _operations(schema):
        for code, response in operation["responses"].items():
            if code < "400":
                continue
            body = response["content"]["application/json"]["schema"]
            refs = [branch.get("$ref") for branch in body.get("anyOf", [body])]
            expected = ["#/components/schemas/ErrorDetail"]
            if code == "400":
                expected.append("#/components/schemas/FieldErrors")
            assert refs == expected, f"{method.upper()} {path} {code}"


def test_conflicts_are_documented_where_a_stale_version_is_refused(schema):
    assert "409" in schema["paths"]["/api/v1/commitments/{id}/"]["put"]["responses"]
    assert "409" not in schema["paths"]["/api/v1/organizations/"]["post"]["responses"]


def test_the_token_endpoint_is_documented(schema):
    operation = schema["paths"]["/api/v1/auth/token/"]["post"]
    body = _resolve(schema, operation["requestBody"]["content"]["application/json"]["schema"])
    assert set(body["required"]) == {"username", "password"}
    token = _resolve(schema, operation["responses"]["200"]["content"]["application/json"]["schema"])
    assert token["properties"]["token"]["type"] == "string"
    assert {"200", "400", "429"} <= set(operation["responses"])
    # No credentials are read here, so none can be refused.
    assert not {"401", "403"} & set(operation["responses"])
    assert operation["security"] == [{}]


def test_filters_carry_their_types_and_choices(schema):
    organizations = schema["paths"]["/api/v1/organizations/"]["get"]
    assert _parameter(organizations, "is_demo")["schema"]["type"] == "boolean"
    sector = _parameter(organizations, "sector")["schema"]
    assert set(sector["items"]["enum"]) == set(Sector.values)  # all seven, none invented
    sources = schema["paths"]["/api/v1/sources/"]["get"]
    assert _parameter(sources, "year")["schema"] == {
        "type": "integer",
        "minimum": 0,
        "maximum": 32767,
    }
    communities = schema["paths"]["/api/v1/communities/"]["get"]
    assert _parameter(communities, "district_id")["schema"]["minimum"] == 1
    assert _parameter(communities, "page")["schema"]["minimum"] == 1
    assert _parameter(communities, "page_size")["schema"]["minimum"] == 1


def test_figures_without_a_source_are_marked_nullable(schema):
    community = schema["components"]["schemas"]["Community"]["properties"]
    assert community["source"]["nullable"] is True
    forest_loss = schema["components"]["schemas"]["ForestLoss"]["properties"]
    assert not forest_loss["source"].get("nullable", False)


def test_a_view_lists_the_actions_that_may_answer_409():
    from django.urls import path
    from drf_spectacular.generators import SchemaGenerator
    from rest_framework import serializers, viewsets
    from rest_framework.response import Response

    class Versioned(serializers.Serializer):
        version = serializers.IntegerField()

    class VersionedViewSet(viewsets.ViewSet):
        serializer_class = Versioned
        conflict_actions = ("update",)

        def update(self, request, pk=None):
            return Response({})

        def retrieve(self, request, pk=None):
            return Response({})

    view = VersionedViewSet.as_view({"put": "update", "get": "retrieve"})
    generated = SchemaGenerator(patterns=[path("things/<int:pk>/", view)]).get_schema(
        request=None, public=True
    )
    operations = generated["paths"]["/things/{id}/"]
    assert "409" in operations["put"]["responses"]
    assert "409" not in operations["get"]["responses"]
