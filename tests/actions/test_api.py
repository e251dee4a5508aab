"""API details: error bodies, methods, schema and e-mails."""

import pytest
from django.core import mail
from django.urls import reverse

from lap.models.actions import Action
from lap.services import actions as services
from tests.factories import ActionFactory

pytestmark = pytest.mark.django_db


def test_reject_without_a_reason_is_a_400_naming_the_field(world, api_client):
    action = ActionFactory(state="submitted")
    api_client.force_authenticate(world.coordinator)
    response = api_client.post(reverse("api:action-reject", args=[action.pk]), {}, format="json")
    assert response.status_code == 400
    assert "reason" in response.json()
    action.refresh_from_db()
    assert action.state == "submitted"


def test_a_transition_from_the_wrong_state_is_a_400_in_the_callers_language(world, api_client):
    action = ActionFactory(state="draft", proposer=world.member)
    api_client.force_authenticate(world.coordinator)
    response = api_client.post(
        reverse("api:action-accept", args=[action.pk]),
        {},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "An action that is “Draft” cannot be accepted."


def test_actions_cannot_be_deleted_through_the_api(world, api_client):
    action = ActionFactory(state="accepted")
    api_client.force_authenticate(world.coordinator)
    assert api_client.delete(reverse("api:action-detail", args=[action.pk])).status_code == 405
    assert Action.objects.filter(pk=action.pk).exists()


def test_an_unknown_action_is_a_404(world, api_client):
    api_client.force_authenticate(world.coordinator)
    assert api_client.get(reverse("api:action-detail", args=[999])).status_code == 404
    response = api_client.post(reverse("api:action-accept", args=[999]), {}, format="json")
    assert response.status_code == 404


def test_an_unknown_verb_on_the_page_is_a_404(world, client):
    action = ActionFactory(state="submitted")
    client.force_login(world.coordinator)
    response = client.post(reverse("action-transition", args=[action.pk, "delete"]))
    assert response.status_code == 404


def test_the_schema_lists_the_action_endpoints(api_client):
    response = api_client.get(reverse("api:schema"))
    assert response.status_code == 200
    text = response.content.decode()
    for path in (
        "/api/v1/actions/{id}/approve/",
        "/api/v1/actions/{id}/consents/",
        "/api/v1/actions/{id}/communities/{community_pk}/remove/",
    ):
        assert path in text


def test_the_proposer_is_not_mailed_about_what_they_did_themselves(
    world, propose, django_capture_on_commit_callbacks
):
    action = propose()
    with django_capture_on_commit_callbacks(execute=True):
        services.action_submit(acting_user=world.member, action=action)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        services.action_accept(acting_user=world.coordinator, action=action)
    assert [message.to for message in mail.outbox] == [[world.member.email]]


def test_a_coordinator_edits_an_accepted_action_through_the_api(world, lamas, api_client):
    action = ActionFactory(state="accepted", objective=lamas["objective"])
    api_client.force_authenticate(world.coordinator)
    response = api_client.patch(
        reverse("api:action-detail", args=[action.pk]),
        {"estimated_cost_pen": "2500.00", "districts": [lamas["caynarachi"].pk]},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["estimated_cost_pen"] == "2500.00"
    assert [c["community_name"] for c in response.json()["concerned_communities"]] == [
        "Chirikyacu (demo)"
    ]
