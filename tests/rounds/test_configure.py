"""Setting a draft round up is one act: one service, one transaction (issue 10, item 2)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lap.models.audit import AuditEvent
from lap.models.rounds import Round
from lap.services import rounds as services
from tests.factories import ActionFactory
from tests.rounds.conftest import make_round, open_round

SECTORS = (
    "government",
    "company",
    "smallholder",
    "indigenous",
    "civil_society",
    "academia",
    "donor",
)


def _state(round_):
    """Everything a set-up changes, read afresh from the database."""
    round_ = Round.objects.get(pk=round_.pk)
    return {
        "name": round_.name,
        "description": round_.description,
        "quorum": round_.quorum,
        "opens_on": round_.opens_on,
        "closes_on": round_.closes_on,
        "criteria": list(round_.criteria.order_by("order").values_list("key", "name", "weight")),
        "weights": dict(round_.sector_weights.values_list("sector", "weight")),
        "candidates": sorted(round_.candidates.values_list("action_id", flat=True)),
    }


def _configure_events(round_):
    return AuditEvent.objects.filter(object_id=str(round_.pk), verb__startswith="round.").exclude(
        verb="round.create"
    )


def _edit_data(**overrides):
    data = {
        "name": "Renamed",
        "description": "",
        "quorum": 1,
        **{f"weight_{sector}": "1" for sector in SECTORS},
        "weight_indigenous": "2.5",
        "criteria-TOTAL_FORMS": "2",
        "criteria-INITIAL_FORMS": "2",
        "criteria-0-key": "impact",
        "criteria-0-name": "Impact",
        "criteria-0-weight": "4",
        "criteria-1-key": "feasibility",
        "criteria-1-name": "Feasibility",
        "criteria-1-weight": "1",
    }
    data.update(overrides)
    return data


def test_a_round_edit_with_a_refused_criterion_changes_nothing(world, client):
    round_ = make_round(world)
    before = _state(round_)
    client.force_login(world.coordinator)
    # Two criteria with the same key: the form takes it, the service refuses it.
    response = client.post(
        reverse("round-edit", kwargs={"pk": round_.pk}),
        _edit_data(**{"criteria-1-key": "impact", "criteria-1-name": "Impact again"}),
    )
    assert response.status_code == 200
    assert "impact" in response.content.decode()
    assert _state(round_) == before  # name, quorum and sector weights too
    assert not _configure_events(round_).exists()


def test_a_round_edit_saves_everything_in_one_audited_act(world, client):
    round_ = make_round(world)
    client.force_login(world.coordinator)
    response = client.post(reverse("round-edit", kwargs={"pk": round_.pk}), _edit_data())
    assert response.status_code == 302
    after = _state(round_)
    assert (after["name"], after["quorum"], str(after["weights"]["indigenous"])) == (
        "Renamed",
        1,
        "2.50",
    )
    assert [(key, str(weight)) for key, _name, weight in after["criteria"]] == [
        ("impact", "4.00"),
        ("feasibility", "1.00"),
    ]
    event = _configure_events(round_).get()
    assert event.verb == "round.configure"
    assert set(event.changes) == {"name", "quorum", "criteria", "sector_weights"}


def test_round_configure_checks_every_part_before_writing_any(world):
    round_ = make_round(world)
    before = _state(round_)
    with pytest.raises(ValidationError):
        services.round_configure(
            acting_user=world.coordinator,
            round=round_,
            name="Renamed",
            quorum=1,
            sector_weights={"donor": 0},
            criteria=[{"key": "water", "name": "Water", "weight": 2}],
            candidates=[ActionFactory(state="submitted")],  # refused, given last
        )
    assert _state(round_) == before
    assert not _configure_events(round_).exists()


def test_round_configure_changes_only_the_parts_given(world):
    round_ = make_round(world)
    before = _state(round_)
    services.round_configure(acting_user=world.coordinator, round=round_, name="Only the name")
    assert _state(round_) == {**before, "name": "Only the name"}
    event = _configure_events(round_).get()
    assert event.changes == {"name": ["Priorities 2026", "Only the name"]}


def test_round_configure_of_an_unchanged_round_records_nothing(world):
    round_ = make_round(world)
    services.round_configure(
        acting_user=world.coordinator,
        round=round_,
        name=round_.name,
        criteria=[
            {"key": "impact", "name": "Impact", "weight": 3},
            {"key": "feasibility", "name": "Feasibility", "weight": 1},
        ],
    )
    assert not _configure_events(round_).exists()


# --- PATCH /api/v1/rounds/{id}/ ------------------------------------------------------------


def detail_url(round_):
    return reverse("api:round-detail", kwargs={"pk": round_.pk})


def test_a_coordinator_patches_a_draft_round_in_one_transaction(world, api_client):
    round_ = make_round(world)
    new_action = ActionFactory(state="accepted")
    api_client.force_authenticate(world.coordinator)
    response = api_client.patch(
        detail_url(round_),
        {
            "name": "2027",
            "opens_on": "2027-01-15",
            "closes_on": "2027-02-15",
            "quorum": 1,
            "criteria": [{"key": "water", "name": "Water", "weight": "2.5"}],
            "sector_weights": {"donor": 0, "indigenous": 2},
            "candidates": [new_action.pk],
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["name"], body["opens_on"], body["closes_on"], body["quorum"]) == (
        "2027",
        "2027-01-15",
        "2027-02-15",
        1,
    )
    assert [(c["key"], c["weight"]) for c in body["criteria"]] == [("water", "2.50")]
    assert (body["sector_weights"]["donor"], body["sector_weights"]["indigenous"]) == (
        "0.00",
        "2.00",
    )
    assert body["sector_weights"]["company"] == "1.00"  # not sent: kept
    assert body["candidates"] == [new_action.pk]
    after = _state(round_)
    assert (after["opens_on"], after["closes_on"]) == (
        datetime.date(2027, 1, 15),
        datetime.date(2027, 2, 15),
    )
    assert _configure_events(round_).count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            {
                "name": "Renamed",
                "quorum": 1,
                "criteria": [
                    {"key": "water", "name": "Water", "weight": 1},
                    {"key": "water", "name": "Water again", "weight": 1},
                ],
            },
            "criteria",
        ),
        ({"name": "Renamed", "opens_on": "2027-02-01", "closes_on": "2027-01-01"}, "closes_on"),
        ({"name": "Renamed", "candidates": [2_000_000_000]}, "candidates"),
        ({"name": "Renamed", "sector_weights": {"martians": 1}}, "sector_weights"),
        ({"name": "Renamed", "quorum": 0}, "quorum"),
        ({"name": "  "}, "name"),
        ({"name": "Renamed", "criteria": []}, "criteria"),
    ],
)
def test_a_refused_patch_changes_nothing(world, api_client, body, field):
    round_ = make_round(world)
    before = _state(round_)
    api_client.force_authenticate(world.coordinator)
    response = api_client.patch(detail_url(round_), body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert _state(round_) == before
    assert not _configure_events(round_).exists()


def test_a_refused_candidate_in_a_patch_changes_nothing(world, api_client):
    round_ = make_round(world)
    before = _state(round_)
    api_client.force_authenticate(world.coordinator)
    response = api_client.patch(
        detail_url(round_),
        {"name": "Renamed", "candidates": [ActionFactory(state="submitted").pk]},
        format="json",
    )
    assert response.status_code == 400
    assert "candidates" in response.json()
    assert _state(round_) == before


def test_only_coordinators_patch_a_round(world, api_client):
    draft, opened = make_round(world), open_round(world, name="Open one")
    before = _state(opened)
    api_client.force_authenticate(world.member)
    assert api_client.patch(detail_url(opened), {"name": "x"}, format="json").status_code == 403
    # A draft is not even seen by members.
    assert api_client.patch(detail_url(draft), {"name": "x"}, format="json").status_code == 404
    api_client.force_authenticate(None)
    key = {"HTTP_AUTHORIZATION": f"Api-Key {world.api_key_secret}"}
    response = api_client.patch(detail_url(draft), {"name": "x"}, format="json", **key)
    assert response.status_code == 403
    assert api_client.patch(detail_url(draft), {"name": "x"}, format="json").status_code == 401
    assert _state(opened) == before
    assert Round.objects.get(pk=draft.pk).name == "Priorities 2026"


def test_patching_a_round_that_does_not_exist_is_a_404(world, api_client):
    api_client.force_authenticate(world.coordinator)
    response = api_client.patch(
        reverse("api:round-detail", kwargs={"pk": 999999}), {"name": "x"}, format="json"
    )
    assert response.status_code == 404


def test_a_round_that_is_no_longer_a_draft_cannot_be_patched(world, api_client):
    round_ = open_round(world)
    before = _state(round_)
    api_client.force_authenticate(world.coordinator)
    response = api_client.patch(detail_url(round_), {"name": "Renamed", "quorum": 1}, format="json")
    assert response.status_code == 400
    assert "detail" in response.json()
    assert _state(round_) == before
    assert not _configure_events(round_).filter(verb="round.configure").exists()
