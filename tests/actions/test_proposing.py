"""Proposing, editing and commenting: members for their organization, facilitators on behalf of a
named member (both recorded), and the acting organization."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lap.models.actions import Action, ActionComment
from lap.models.audit import AuditEvent
from lap.services import actions as services
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _payload(lamas, **extra):
    return {
        "title": "Community forest patrols",
        "description": "Patrols with the communities to stop illegal clearing.",
        "objective": lamas["objective"].pk,
        "districts": [lamas["caynarachi"].pk],
        **extra,
    }


def test_a_facilitator_proposes_on_behalf_of_a_named_member_and_both_are_recorded(
    world, lamas, api_client
):
    api_client.force_authenticate(world.facilitator)
    response = api_client.post(
        reverse("api:action-list"),
        _payload(lamas, on_behalf_of=world.members["indigenous"].pk),
        format="json",
    )
    assert response.status_code == 201, response.content
    action = Action.objects.get(pk=response.json()["id"])
    assert action.proposer == world.members["indigenous"]
    assert action.entered_by == world.facilitator
    assert action.proposing_organization == world.indigenous
    event = AuditEvent.objects.get(verb="action.create")
    assert (event.actor, event.entered_by, event.organization) == (
        world.members["indigenous"],
        world.facilitator,
        world.indigenous,
    )


def test_a_facilitator_must_name_the_member(world, lamas, api_client):
    api_client.force_authenticate(world.facilitator)
    response = api_client.post(reverse("api:action-list"), _payload(lamas), format="json")
    assert response.status_code == 403
    response = api_client.post(
        reverse("api:action-list"), _payload(lamas, on_behalf_of=world.outsider.pk), format="json"
    )
    assert response.status_code == 400
    assert "on_behalf_of" in response.json()
    assert not Action.objects.exists()


def test_only_facilitators_act_on_behalf_of_someone(world, lamas):
    with pytest.raises(PermissionDenied):
        services.action_create(
            acting_user=world.member,
            on_behalf_of=world.members["company"].pk,
            title="x",
            description="y",
            objective=lamas["objective"],
            districts=[lamas["caynarachi"]],
        )
    assert not Action.objects.exists()


def test_a_person_in_two_organizations_must_say_which_one_they_act_for(world, lamas, api_client):
    MembershipFactory(user=world.member, organization=world.company)
    api_client.force_authenticate(world.member)
    response = api_client.post(reverse("api:action-list"), _payload(lamas), format="json")
    assert response.status_code == 400
    assert "organization" in response.json()
    response = api_client.post(
        reverse("api:action-list"), _payload(lamas, organization=world.company.pk), format="json"
    )
    assert response.status_code == 201
    assert response.json()["proposing_organization"] == world.company.pk


def test_an_outsider_cannot_propose(world, lamas, api_client, client):
    api_client.force_authenticate(world.outsider)
    response = api_client.post(reverse("api:action-list"), _payload(lamas), format="json")
    assert response.status_code == 403
    client.force_login(world.outsider)
    assert client.get(reverse("action-create")).status_code == 403
    assert not Action.objects.exists()


def test_bad_input_gets_a_field_message_and_creates_nothing(world, lamas, api_client):
    api_client.force_authenticate(world.member)
    response = api_client.post(
        reverse("api:action-list"),
        _payload(lamas, starts_on="2027-05-01", ends_on="2027-01-01"),
        format="json",
    )
    assert response.status_code == 400
    assert "ends_on" in response.json()
    response = api_client.post(
        reverse("api:action-list"), _payload(lamas, districts=[]), format="json"
    )
    assert response.status_code == 400
    assert not Action.objects.exists()


def test_a_member_proposes_through_the_page_and_lands_on_the_draft(world, lamas, client):
    client.force_login(world.member)
    response = client.post(
        reverse("action-create"),
        {
            **_payload(lamas),
            "crops": ["cocoa"],
            "estimated_cost_pen": "12000.50",
            "responsible_organizations": [world.smallholder.pk],
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert response["Location"] == reverse("action-detail", args=[action.pk])
    assert (action.state, action.crops, str(action.estimated_cost_pen)) == (
        "draft",
        ["cocoa"],
        "12000.50",
    )
    page = client.get(response["Location"]).content.decode()
    assert "Chirikyacu (demo)" in page


def test_a_facilitator_proposes_through_the_page_for_a_member(world, lamas, client):
    client.force_login(world.facilitator)
    response = client.post(
        reverse("action-create"), {**_payload(lamas), "on_behalf_of": world.member.pk}
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.proposer, action.entered_by) == (world.member, world.facilitator)


def test_the_page_shows_an_end_before_the_start_on_the_field(world, lamas, client):
    client.force_login(world.member)
    response = client.post(
        reverse("action-create"),
        {**_payload(lamas), "starts_on": "2027-05-01", "ends_on": "2027-01-01"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["ends_on"]
    assert not Action.objects.exists()


def test_the_proposer_edits_the_draft_and_the_change_is_audited(world, lamas, propose, client):
    action = propose()
    client.force_login(world.member)
    response = client.post(
        reverse("action-edit", args=[action.pk]),
        {**_payload(lamas), "title": "Patrols and nurseries"},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.title == "Patrols and nurseries"
    assert list(action.districts.all()) == [lamas["caynarachi"]]
    assert AuditEvent.objects.filter(verb="action.update").exists()


def test_an_accepted_action_can_no_longer_be_edited_by_its_proposer(world, lamas, propose):
    action = propose()
    services.action_submit(acting_user=world.member, action=action)
    services.action_accept(acting_user=world.coordinator, action=action)
    with pytest.raises(ValidationError):
        services.action_update(acting_user=world.member, action=action, title="Changed")
    action.refresh_from_db()
    assert action.title != "Changed"


def test_a_facilitator_comments_on_behalf_of_a_member(world, lamas, propose, client):
    action = propose()
    services.action_submit(acting_user=world.member, action=action)
    client.force_login(world.facilitator)
    response = client.post(
        reverse("action-comment", args=[action.pk]),
        {"body": "Said at the Caynarachi meeting.", "on_behalf_of": world.members["company"].pk},
    )
    assert response.status_code == 302
    comment = ActionComment.objects.get()
    assert (comment.author, comment.entered_by, comment.organization) == (
        world.members["company"],
        world.facilitator,
        world.company,
    )
    page = client.get(reverse("action-detail", args=[action.pk])).content.decode()
    assert "Said at the Caynarachi meeting." in page


def test_a_member_comments_through_the_api_for_their_organization(
    world, lamas, propose, api_client
):
    action = propose()
    services.action_submit(acting_user=world.member, action=action)
    api_client.force_authenticate(world.members["government"])
    url = reverse("api:action-comments", args=[action.pk])
    response = api_client.post(url, {"body": "  "}, format="json")
    assert response.status_code == 400
    response = api_client.post(url, {"body": "We can co-finance."}, format="json")
    assert response.status_code == 201
    assert response.json()["organization"] == world.government.pk


def test_an_outsider_cannot_comment(world, lamas, propose, api_client):
    action = propose()
    services.action_submit(acting_user=world.member, action=action)
    api_client.force_authenticate(world.outsider)
    response = api_client.post(
        reverse("api:action-comments", args=[action.pk]), {"body": "Hi"}, format="json"
    )
    assert response.status_code == 403
    assert not ActionComment.objects.exists()


def test_transitions_through_the_page_show_refusals_as_messages(world, lamas, propose, client):
    action = propose()
    services.action_submit(acting_user=world.member, action=action)
    services.action_accept(acting_user=world.coordinator, action=action)
    client.force_login(world.coordinator)
    response = client.post(reverse("action-transition", args=[action.pk, "approve"]), follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any("Chirikyacu (demo)" in m for m in messages)
    action.refresh_from_db()
    assert action.state == "accepted"
    response = client.post(
        reverse("action-transition", args=[action.pk, "reject"]), {"reason": ""}, follow=True
    )
    action.refresh_from_db()
    assert action.state == "accepted"


def test_the_review_queue_lists_what_waits_for_a_coordinator(world, lamas, propose, client):
    waiting = propose(title="Waiting")
    services.action_submit(acting_user=world.member, action=waiting)
    propose(title="Still a draft")
    client.force_login(world.coordinator)
    response = client.get(reverse("action-review-queue"))
    assert [a.title for a in response.context["page"].object_list] == ["Waiting"]


def test_a_facilitator_who_is_also_a_member_proposes_for_the_member_not_for_themselves(
    world, lamas, client
):
    from stakeholders.acting import SESSION_KEY

    MembershipFactory(user=world.facilitator, organization=world.government)
    client.force_login(world.facilitator)
    session = client.session
    session[SESSION_KEY] = world.government.pk
    session.save()
    response = client.post(
        reverse("action-create"), {**_payload(lamas), "on_behalf_of": world.member.pk}
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.proposing_organization == world.smallholder


def test_a_facilitator_naming_an_organization_the_member_is_not_in_gets_a_400(
    world, lamas, api_client
):
    api_client.force_authenticate(world.facilitator)
    response = api_client.post(
        reverse("api:action-list"),
        _payload(lamas, on_behalf_of=world.member.pk, organization=world.company.pk),
        format="json",
    )
    assert response.status_code == 400
    assert "organization" in response.json()
    assert not Action.objects.exists()
