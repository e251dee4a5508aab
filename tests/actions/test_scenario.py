"""The CEO's scenario, tried as a new user would, through the API and the action's page."""

from django.core import mail
from django.urls import reverse

from lap.models.actions import Action, ActionTransition


def test_proposal_is_refused_approval_until_every_community_consents_then_a_withdrawal_suspends_it(
    world, lamas, api_client, client, django_capture_on_commit_callbacks
):
    # A smallholder member proposes an action in San Roque de Cumbaza and Caynarachi.
    api_client.force_authenticate(world.member)
    response = api_client.post(
        reverse("api:action-list"),
        {
            "title": "Shade coffee in the Cumbaza valley",
            "description": "Agroforestry with native shade trees instead of new clearings.",
            "objective": lamas["objective"].pk,
            "districts": [lamas["san_roque"].pk, lamas["caynarachi"].pk],
            "crops": ["coffee"],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    action_id = response.json()["id"]
    assert response.json()["state"] == "draft"
    assert sorted(c["community_name"] for c in response.json()["concerned_communities"]) == [
        "Alto Shamboyacu (demo)",
        "Chirikyacu (demo)",
    ]

    # ...and submits it.
    response = api_client.post(reverse("api:action-submit", args=[action_id]), {}, format="json")
    assert response.status_code == 200
    assert response.json()["state"] == "submitted"

    # A coordinator accepts it.
    api_client.force_authenticate(world.coordinator)
    response = api_client.post(reverse("api:action-accept", args=[action_id]), {}, format="json")
    assert response.json()["state"] == "accepted"

    # Approve is refused, naming the communities still missing.
    response = api_client.post(reverse("api:action-approve", args=[action_id]), {}, format="json")
    assert response.status_code == 400
    message = response.json()["detail"]
    assert "Alto Shamboyacu (demo)" in message
    assert "Chirikyacu (demo)" in message
    assert Action.objects.get(pk=action_id).state == "accepted"

    # The Indigenous organization's representative records consent for each, one with conditions.
    api_client.force_authenticate(world.representatives["indigenous"])
    consents = reverse("api:action-consents", args=[action_id])
    response = api_client.post(
        consents,
        {
            "community": lamas["communities"]["alto_shamboyacu"].pk,
            "state": "consent",
            "assembly_date": "2026-10-03",
            "languages": "Kichwa, Spanish",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    response = api_client.post(
        consents,
        {
            "community": lamas["communities"]["chirikyacu"].pk,
            "state": "consent_with_conditions",
            "conditions": "No work in the sacred Yaku Mama spring.",
            "assembly_date": "2026-10-10",
        },
        format="json",
    )
    assert response.status_code == 201, response.content

    # Approve now succeeds, and the conditions show on the action.
    api_client.force_authenticate(world.coordinator)
    response = api_client.post(reverse("api:action-approve", args=[action_id]), {}, format="json")
    assert response.status_code == 200
    assert response.json()["state"] == "approved"
    conditions = [c["conditions"] for c in response.json()["concerned_communities"]]
    assert "No work in the sacred Yaku Mama spring." in conditions
    page = client.get(reverse("action-detail", args=[action_id]))
    assert "No work in the sacred Yaku Mama spring." in page.content.decode()

    # A recorded withdrawal suspends it at once, and tells the coordinators and the proposer.
    mail.outbox.clear()
    api_client.force_authenticate(world.representatives["indigenous"])
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(
            consents,
            {
                "community": lamas["communities"]["chirikyacu"].pk,
                "state": "withdrawn",
                "notes": "The assembly withdrew its consent after the spring was damaged.",
            },
            format="json",
        )
    assert response.status_code == 201
    action = Action.objects.get(pk=action_id)
    assert action.state == "suspended"
    assert action.suspended_from == "approved"
    last = ActionTransition.objects.filter(action=action).last()
    assert (last.verb, last.automatic, last.actor) == (
        "suspend",
        True,
        world.representatives["indigenous"],
    )
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert "coordinator@example.org" in recipients
    assert "smallholder-member@example.org" in recipients
    withdrawn_mail = next(m for m in mail.outbox if m.to == ["coordinator@example.org"])
    # The recipient's language: Spanish by default (the subject names the community either way).
    assert "Chirikyacu (demo)" in withdrawn_mail.subject

    # And it cannot resume until consent is given again.
    api_client.force_authenticate(world.coordinator)
    response = api_client.post(reverse("api:action-resume", args=[action_id]), {}, format="json")
    assert response.status_code == 400
    assert "Chirikyacu (demo)" in response.json()["detail"]
