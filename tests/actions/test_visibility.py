"""Who sees which action (DESIGN.md "Who sees what"), on pages, in the API and in selectors."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from lap.models.actions import Action
from lap.selectors.actions import actions_in_district, actions_visible_to
from lap.services import actions as services
from tests.factories import ActionFactory

pytestmark = pytest.mark.django_db


def test_a_member_of_another_organization_cannot_see_or_edit_the_draft(
    world, lamas, propose, client, api_client
):
    action = propose()
    before = Action.objects.values().get(pk=action.pk)
    stranger = world.members["company"]
    client.force_login(stranger)
    assert client.get(reverse("action-detail", args=[action.pk])).status_code == 404
    assert client.get(reverse("action-edit", args=[action.pk])).status_code == 404
    response = client.post(
        reverse("action-edit", args=[action.pk]),
        {"title": "Taken over", "description": "x", "objective": lamas["objective"].pk},
    )
    assert response.status_code == 404
    api_client.force_authenticate(stranger)
    assert api_client.get(reverse("api:action-detail", args=[action.pk])).status_code == 404
    response = api_client.patch(
        reverse("api:action-detail", args=[action.pk]), {"title": "Taken over"}, format="json"
    )
    assert response.status_code == 404
    response = api_client.post(reverse("api:action-submit", args=[action.pk]), {}, format="json")
    assert response.status_code == 404
    assert Action.objects.values().get(pk=action.pk) == before
    assert action.pk not in [
        row["id"] for row in api_client.get("/api/v1/actions/").json()["results"]
    ]


def test_a_member_of_another_organization_cannot_edit_a_submitted_action(
    world, lamas, propose, client, api_client
):
    action = propose()
    services.action_submit(acting_user=world.member, action=action)
    stranger = world.members["company"]
    client.force_login(stranger)
    assert client.get(reverse("action-detail", args=[action.pk])).status_code == 200
    assert client.get(reverse("action-edit", args=[action.pk])).status_code == 403
    api_client.force_authenticate(stranger)
    response = api_client.patch(
        reverse("api:action-detail", args=[action.pk]), {"title": "Taken over"}, format="json"
    )
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.title == "Agroforestry coffee with shade trees"


def test_the_proposing_organization_and_coordinators_see_the_draft(world, lamas, propose):
    action = propose()
    for user in (world.member, world.representative, world.coordinator):
        assert actions_visible_to(user).filter(pk=action.pk).exists()
    for user in (world.members["company"], world.outsider, world.facilitator, AnonymousUser()):
        assert not actions_visible_to(user).filter(pk=action.pk).exists()


def test_submitted_actions_are_for_signed_in_people_and_keys_accepted_ones_for_everyone(
    world, client, api_client
):
    submitted = ActionFactory(state="submitted", title="Submitted one")
    accepted = ActionFactory(state="accepted", title="Accepted one")
    anonymous = [row["title"] for row in api_client.get("/api/v1/actions/").json()["results"]]
    assert anonymous == ["Accepted one"]
    keyed = api_client.get(
        "/api/v1/actions/", HTTP_AUTHORIZATION=f"Api-Key {world.api_key_secret}"
    ).json()["results"]
    assert sorted(row["title"] for row in keyed) == ["Accepted one", "Submitted one"]
    assert client.get(reverse("action-detail", args=[submitted.pk])).status_code == 404
    assert client.get(reverse("action-detail", args=[accepted.pk])).status_code == 200
    client.force_login(world.outsider)
    assert client.get(reverse("action-detail", args=[submitted.pk])).status_code == 200


def test_a_withdrawn_draft_stays_private_and_a_withdrawn_accepted_action_stays_public(
    world, lamas, propose
):
    draft = propose()
    services.action_withdraw(acting_user=world.member, action=draft, reason="Duplicate.")
    accepted = propose(title="Second")
    services.action_submit(acting_user=world.member, action=accepted)
    services.action_accept(acting_user=world.coordinator, action=accepted)
    services.action_withdraw(acting_user=world.member, action=accepted, reason="Merged.")
    public = set(actions_visible_to(AnonymousUser()).values_list("pk", flat=True))
    assert accepted.pk in public
    assert draft.pk not in public
    assert draft.pk not in set(actions_visible_to(world.outsider).values_list("pk", flat=True))


def test_anonymous_visitors_do_not_see_people_names(world, api_client):
    action = ActionFactory(state="accepted", proposer=world.member)
    data = api_client.get(reverse("api:action-detail", args=[action.pk])).json()
    assert data["proposer_name"] is None
    assert data["proposing_organization_name"]
    api_client.force_authenticate(world.outsider)
    data = api_client.get(reverse("api:action-detail", args=[action.pk])).json()
    assert data["proposer_name"] == world.member.get_full_name()


def test_comments_are_for_signed_in_people(world, api_client):
    action = ActionFactory(state="accepted")
    services.comment_create(acting_user=world.members["company"], action=action, body="Yes!")
    url = reverse("api:action-comments", args=[action.pk])
    assert api_client.get(url).status_code == 401
    api_client.force_authenticate(world.outsider)
    assert [row["body"] for row in api_client.get(url).json()["results"]] == ["Yes!"]


def test_the_district_selector_lists_only_the_visible_actions_of_that_district(
    world, lamas, propose
):
    draft = propose(districts=[lamas["caynarachi"]])
    accepted = ActionFactory(state="accepted", districts=[lamas["caynarachi"]])
    elsewhere = ActionFactory(state="accepted", districts=[lamas["san_roque"]])
    public = list(actions_in_district(district=lamas["caynarachi"], user=AnonymousUser()))
    assert public == [accepted]
    own = set(actions_in_district(district=lamas["caynarachi"], user=world.member))
    assert own == {draft, accepted}
    assert elsewhere not in own


def test_the_district_include_renders_its_actions(world, lamas, rf):
    from django.template.loader import render_to_string

    ActionFactory(state="accepted", title="Cocoa nursery", districts=[lamas["caynarachi"]])
    html = render_to_string(
        "lap/actions/_district_actions.html",
        {
            "district_actions": actions_in_district(
                district=lamas["caynarachi"], user=AnonymousUser()
            )
        },
    )
    assert "Cocoa nursery" in html
