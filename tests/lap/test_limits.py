"""Free text has limits (DESIGN "Limits, bad input, budgets"): titles 200 characters,
descriptions and narratives 20,000, comments 5,000, reasons 2,000. Page, API and service refuse
more with the field's message, and nothing is stored."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lap import limits
from lap.models import Action, ActionComment, ActionTransition, VisionComment
from lap.services import actions as action_services
from stakeholders.models import Organization
from tests.factories import ActionFactory

HUGE = "x" * 2_000_000


@pytest.fixture
def action(world):
    return ActionFactory(
        state="accepted", proposer=world.member, proposing_organization=world.smallholder
    )


def test_a_two_million_character_comment_is_refused_by_the_page(world, client, action):
    client.force_login(world.member)
    response = client.post(reverse("action-comment", kwargs={"pk": action.pk}), {"body": HUGE})
    page = client.get(response.url).content.decode()
    assert "Asegúrese de que este valor tenga menos de 5000 caracteres (tiene 2000000)." in page
    assert not ActionComment.objects.exists()
    assert len(page) < 200_000


def test_a_two_million_character_comment_is_refused_by_the_api(world, api_client, action):
    api_client.force_authenticate(world.member)
    response = api_client.post(
        f"/api/v1/actions/{action.pk}/comments/", {"body": HUGE}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "body": ["Asegúrese de que este campo no tenga más de 5000 caracteres."]
    }
    assert len(response.content) < 10_000
    assert not ActionComment.objects.exists()


def test_a_two_million_character_comment_is_refused_by_the_service(world, action):
    with pytest.raises(ValidationError) as refused:
        action_services.comment_create(acting_user=world.member, action=action, body=HUGE)
    assert "body" in refused.value.message_dict
    assert not ActionComment.objects.exists()


def test_a_comment_of_exactly_the_limit_is_kept(world, action):
    comment = action_services.comment_create(
        acting_user=world.member, action=action, body="y" * limits.COMMENT
    )
    assert len(comment.body) == limits.COMMENT


def test_a_reason_longer_than_the_limit_is_refused_and_the_action_stays(world, action):
    Action.objects.filter(pk=action.pk).update(state="submitted")
    with pytest.raises(ValidationError) as refused:
        action_services.action_transition(
            acting_user=world.coordinator,
            action=action,
            verb="reject",
            reason="z" * (limits.REASON + 1),
        )
    assert "reason" in refused.value.message_dict
    assert Action.objects.get(pk=action.pk).state == "submitted"
    assert not ActionTransition.objects.filter(action=action, verb="reject").exists()


def test_a_reason_too_long_is_refused_by_the_api_with_the_fields_message(world, api_client, action):
    Action.objects.filter(pk=action.pk).update(state="submitted")
    api_client.force_authenticate(world.coordinator)
    response = api_client.post(
        f"/api/v1/actions/{action.pk}/reject/",
        {"reason": "z" * (limits.REASON + 1)},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["reason"] == ["Ensure this field has no more than 2000 characters."]
    assert Action.objects.get(pk=action.pk).state == "submitted"


def test_an_action_description_too_long_is_refused_on_the_edit_page(world, client):
    draft = ActionFactory(
        state="draft", proposer=world.member, proposing_organization=world.smallholder
    )
    client.force_login(world.member)
    page = client.get(reverse("action-edit", kwargs={"pk": draft.pk}))
    assert 'maxlength="20000"' in page.content.decode()
    response = client.post(
        reverse("action-edit", kwargs={"pk": draft.pk}),
        {"title": draft.title, "description": "d" * 20_001, "objective": draft.objective_id},
    )
    assert response.status_code == 200
    assert "20000" in str(response.context["form"].errors["description"])
    assert Action.objects.get(pk=draft.pk).description == draft.description


def test_no_service_can_store_more_than_a_fields_limit(world):
    """The last line: whichever code saves a row, a text over its limit is refused."""
    organization = Organization.objects.get(pk=world.smallholder.pk)
    organization.description = "o" * (limits.DESCRIPTION + 1)
    with pytest.raises(ValidationError) as refused:
        organization.save()
    assert "description" in refused.value.message_dict
    assert Organization.objects.get(pk=organization.pk).description == ""


@pytest.mark.parametrize(
    ("model", "field", "limit"),
    [
        (ActionComment, "body", limits.COMMENT),
        (VisionComment, "text", limits.COMMENT),
        (ActionTransition, "reason", limits.REASON),
        (Action, "description", limits.DESCRIPTION),
        (Action, "title", limits.TITLE),
        ("lap.ConcernedCommunity", "removal_reason", limits.REASON),
        ("lap.ConsentRecord", "conditions", limits.DESCRIPTION),
        ("lap.ConsentRecord", "notes", limits.COMMENT),
        ("lap.ConsentProcess", "conditions", limits.DESCRIPTION),
        ("lap.ResourceNeed", "description", limits.DESCRIPTION),
        ("lap.Commitment", "note", limits.COMMENT),
        ("lap.Commitment", "cancel_reason", limits.REASON),
        ("lap.Delivery", "note", limits.COMMENT),
        ("lap.Objective", "description", limits.DESCRIPTION),
        ("lap.Indicator", "description", limits.DESCRIPTION),
        ("lap.IndicatorMeasurement", "note", limits.COMMENT),
        ("lap.Round", "description", limits.DESCRIPTION),
        ("lap.Criterion", "description", limits.DESCRIPTION),
        ("lap.VisionVersion", "body", limits.DESCRIPTION),
        ("lap.VisionVersion", "summary", limits.COMMENT),
        ("lap.Endorsement", "note", limits.COMMENT),
        ("stakeholders.Organization", "description", limits.DESCRIPTION),
        ("stakeholders.Membership", "message", limits.COMMENT),
    ],
)
def test_every_typed_text_field_declares_its_limit(model, field, limit):
    from django.apps import apps

    if isinstance(model, str):
        model = apps.get_model(model)
    assert model._meta.get_field(field).max_length == limit
