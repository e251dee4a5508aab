"""The API schema tells the truth about the plan endpoints (issue 10, item 13): what each
operation answers and takes, which fields may be null, every enum value, typed filters; and the
server refuses what the schema does not allow with a 400 (never a 5xx, never silently)."""

import functools

import pytest
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from lap.models import ActionState, ConsentState
from lap.models.rounds import Round, RoundState
from lap.services import actions as action_services
from stakeholders.models import Sector
from tests.factories import ActionFactory
from tests.rounds.conftest import make_round

REASON_VERBS = {"reject", "suspend", "withdraw"}


@functools.cache
def _schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def _component(name: str) -> dict:
    return _schema()["components"]["schemas"][name]


def _ref(schema: dict) -> str:
    return schema["$ref"].rsplit("/", 1)[-1]


def _operation(path: str, method: str) -> dict:
    return _schema()["paths"][path][method]


def _json(content: dict) -> dict:
    return content["content"]["application/json"]["schema"]


def _request_component(path: str, method: str) -> dict:
    return _component(_ref(_json(_operation(path, method)["requestBody"])))


def _parameters(path: str) -> dict:
    return {p["name"]: p["schema"] for p in _operation(path, "get").get("parameters", [])}


def _enum(schema: dict) -> set:
    """The values a property allows, following $ref, allOf and the BlankEnum/NullEnum oneOf."""
    if "$ref" in schema:
        return _enum(_component(_ref(schema)))
    values = set(schema.get("enum", []))
    for key in ("allOf", "oneOf", "anyOf"):
        for part in schema.get(key, []):
            values |= _enum(part)
    return values


def _nullable(schema: dict) -> bool:
    return bool(schema.get("nullable")) or any(
        _nullable(part) or part.get("$ref", "").endswith("/NullEnum")
        for part in schema.get("oneOf", [])
    )


# --- What the operations answer ----------------------------------------------------------------


@pytest.mark.parametrize("verb", sorted(action_services.VERBS))
def test_every_action_verb_answers_the_action_and_says_when_a_reason_is_required(verb):
    operation = _operation(f"/api/v1/actions/{{id}}/{verb}/", "post")
    assert _ref(_json(operation["responses"]["200"])) == "ActionDetail"
    body = _request_component(f"/api/v1/actions/{{id}}/{verb}/", "post")
    assert set(body["properties"]) == {"reason"}
    assert body["additionalProperties"] is False
    assert ("reason" in body.get("required", [])) is (verb in REASON_VERBS)


def test_creates_document_201_and_a_stale_commitment_409():
    for path in (
        "/api/v1/actions/",
        "/api/v1/actions/{id}/comments/",
        "/api/v1/actions/{id}/communities/",
        "/api/v1/actions/{id}/consents/",
        "/api/v1/rounds/",
        "/api/v1/needs/",
        "/api/v1/commitments/",
        "/api/v1/deliveries/",
        "/api/v1/exchange-rates/",
        "/api/v1/vision/versions/",
    ):
        responses = _operation(path, "post")["responses"]
        assert "201" in responses, path
        assert "200" not in responses, path
    for path, method in (
        ("/api/v1/commitments/{id}/", "put"),
        ("/api/v1/commitments/{id}/", "patch"),
        ("/api/v1/commitments/{id}/confirm/", "post"),
        ("/api/v1/commitments/{id}/cancel/", "post"),
    ):
        assert "409" in _operation(path, method)["responses"], (path, method)
    # A PATCH is partial, but the version it edits is still required.
    assert "version" in _request_component("/api/v1/commitments/{id}/", "patch")["required"]


def test_the_funding_gap_envelope_is_documented_as_served(world, api_client):
    envelope = _component(
        _ref(_json(_operation("/api/v1/funding-gaps/", "get")["responses"]["200"]))
    )
    served = api_client.get(reverse("api:funding-gaps")).json()
    assert set(envelope["properties"]) == set(served)
    figures = _component("MoneyFigures")["properties"]
    assert _nullable(figures["gap"])
    assert _nullable(figures["need"])
    assert not _nullable(figures["delivered"])
    assert _enum(_parameters("/api/v1/funding-gaps/")["currency"]) == {"PEN", "USD"}


def test_fields_that_can_be_null_or_empty_say_so():
    action = _component("Action")["properties"]
    assert _nullable(action["proposer_name"])
    assert _nullable(action["entered_by_name"])
    assert _enum(action["suspended_from"]) == {*ActionState.values, ""}
    assert "" not in _enum(action["state"])
    consent = _component("ConsentSummary")["properties"]
    for name in ("information_shared_on", "assembly_date", "decided_on", "organization"):
        assert _nullable(consent[name]), name
    assert _nullable(_component("Comment")["properties"]["organization_name"])
    assert _nullable(_component("Delivery")["properties"]["document"])
    assert _nullable(_component("VisionComment")["properties"]["organization"])


def test_enums_hold_every_choice():
    assert _enum(_component("Action")["properties"]["state"]) == set(ActionState.values)
    assert _enum(_component("ConsentSummary")["properties"]["consent_state"]) == set(
        ConsentState.values
    )
    assert _enum(_component("Round")["properties"]["state"]) == set(RoundState.values)
    assert _enum(_component("SectorResult")["properties"]["sector"]) == set(Sector.values)
    assert _enum(_component("SectorStatus")["properties"]["state"]) == {
        "endorsed",
        "waiting",
        "no_representative",
        "no_active_organization",
    }


def test_filters_carry_their_types_and_choices():
    actions = _parameters("/api/v1/actions/")
    assert _enum(actions["state"]["items"]) == set(ActionState.values)
    assert actions["objective"]["type"] == actions["district"]["type"] == "integer"
    needs = _parameters("/api/v1/needs/")
    assert needs["organization"] == {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}
    assert _parameters("/api/v1/commitments/")["overdue"]["type"] == "boolean"
    assert _parameters("/api/v1/deliveries/")["delivered_after"]["format"] == "date"
    assert _enum(_parameters("/api/v1/rounds/")["state"]) == set(RoundState.values)
    # The round's own lists (scores, participation, results) take no filter of the round list.
    for verb in ("scores", "participation", "results"):
        assert set(_parameters(f"/api/v1/rounds/{{id}}/{verb}/")) == {"id", "page", "page_size"}


def test_request_bodies_are_closed_and_numbers_bounded():
    body = _request_component("/api/v1/rounds/", "post")
    assert body["additionalProperties"] is False
    assert (body["properties"]["quorum"]["minimum"], body["properties"]["quorum"]["maximum"]) == (
        1,
        len(Sector.values),
    )
    weights = _component(_ref(body["properties"]["sector_weights"]["allOf"][0]))
    assert set(weights["properties"]) == set(Sector.values)
    assert weights["additionalProperties"] is False
    need = _request_component("/api/v1/needs/", "post")
    assert need["properties"]["action"]["maximum"] == 2**63 - 1
    # Amounts are taken as decimal strings or numbers, with the column's digits.
    amount_as_string, amount_as_number = need["properties"]["amount"]["oneOf"]
    assert amount_as_string["pattern"] == r"^-?\d{0,12}(?:\.\d{0,2})?$"
    assert amount_as_number["type"] == "number"


# --- What the server refuses -------------------------------------------------------------------


def test_a_quorum_beyond_the_sectors_is_refused_with_a_translated_400(world, api_client):
    api_client.force_authenticate(world.coordinator)
    for quorum in (2**40, len(Sector.values) + 1):
        response = api_client.post(
            reverse("api:round-list"), {"name": "Priorities", "quorum": quorum}, format="json"
        )
        assert response.status_code == 400
        assert "menor o igual a 7" in response.json()["quorum"][0]
    assert not Round.objects.exists()


def test_the_service_refuses_a_quorum_no_round_could_meet(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        make_round(world, quorum=len(Sector.values) + 1)
    assert "quorum" in refused.value.message_dict


def test_an_unknown_field_is_refused_not_dropped(world, api_client):
    api_client.force_authenticate(world.coordinator)
    response = api_client.post(
        reverse("api:round-list"), {"name": "Priorities", "quorom": 2}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["quorom"]
    action = ActionFactory(state="submitted")
    response = api_client.post(
        reverse("api:action-reject", args=[action.pk]), {"reasn": "Out of scope"}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["reasn"]
    action.refresh_from_db()
    assert action.state == "submitted"


def test_an_unknown_sector_weight_is_named_under_sector_weights(world, api_client):
    api_client.force_authenticate(world.coordinator)
    response = api_client.post(
        reverse("api:round-list"),
        {"name": "Priorities", "sector_weights": {"martians": 1}},
        format="json",
    )
    assert response.status_code == 400
    assert "martians" in " ".join(str(message) for message in response.json()["sector_weights"])


def test_a_wrong_json_type_is_refused(world, api_client):
    api_client.force_authenticate(world.coordinator)
    response = api_client.post(
        reverse("api:vision-version-list"), {"title": "T", "body": "B", "summary": 0}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["summary"]
    response = api_client.post(
        reverse("api:round-list"), {"name": "Priorities", "quorum": "3"}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["quorum"]


def test_a_round_with_numeric_weights_is_still_accepted(world, api_client):
    api_client.force_authenticate(world.coordinator)
    response = api_client.post(
        reverse("api:round-list"),
        {
            "name": "Priorities",
            "quorum": 2,
            "criteria": [{"key": "impact", "name": "Impact", "weight": 1.5}],
            "sector_weights": {"indigenous": 2},
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["sector_weights"]["indigenous"] == "2.00"


@pytest.mark.parametrize(
    "params",
    [
        {"overdue": "null"},
        {"organization": "0.5"},
        {"organization": str(2**70)},
        {"action": ""},
        {"status": "lost"},
    ],
)
def test_a_filter_value_the_schema_does_not_allow_is_a_400(world, api_client, params):
    api_client.force_authenticate(world.coordinator)
    response = api_client.get(reverse("api:commitment-list"), params)
    assert response.status_code == 400
    assert set(response.json()) == set(params)


def test_filter_values_the_schema_allows_are_served(world, api_client):
    api_client.force_authenticate(world.coordinator)
    for url, params in (
        ("api:commitment-list", {"overdue": "true", "organization": 2**63 - 1}),
        ("api:delivery-list", {"delivered_after": "2026-01-01"}),
        ("api:indicator-list", {"fed_by_series": "false", "is_demo": "true"}),
        ("api:round-list", {"state": "draft"}),
        ("api:action-list", {"state": ["draft", "accepted"], "q": ""}),
    ):
        assert api_client.get(reverse(url), params).status_code == 200, url
    response = api_client.get(reverse("api:funding-gaps"), {"date": ""})
    assert response.status_code == 400


def test_a_round_id_that_is_not_a_number_is_a_json_404(world, api_client):
    api_client.force_authenticate(world.coordinator)
    response = api_client.post("/api/v1/rounds/null,null/close/")
    assert response.status_code == 404
    assert set(response.json()) == {"detail"}


def test_a_round_takes_json_only(world, api_client):
    round_ = make_round(world)
    api_client.force_authenticate(world.coordinator)
    response = api_client.patch(
        reverse("api:round-detail", args=[round_.pk]), {"name": "Renamed"}, format="multipart"
    )
    assert response.status_code == 415
    assert Round.objects.get(pk=round_.pk).name == round_.name


@pytest.mark.parametrize("content_type", ["json", "form"])
def test_a_text_over_its_limit_is_refused_even_with_white_space_around_it(
    api_client, world, content_type
):
    """DRF trims before it checks the length: 20,000 characters plus two spaces were stored,
    although the schema's maxLength (20,000) says such a body is refused."""
    from lap import limits
    from lap.models import VisionVersion

    api_client.force_authenticate(world.coordinator)
    body = {"title": "Vision", "body": " " + "x" * limits.DESCRIPTION + " "}
    if content_type == "json":
        response = api_client.post("/api/v1/vision/versions/", body, format="json")
    else:
        response = api_client.post("/api/v1/vision/versions/", body)

    assert response.status_code == 400
    assert "body" in response.json()
    assert not VisionVersion.objects.exists()
