"""Concerned communities: derived from the districts, added by hand, removed only with a reason."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lap.models.actions import ConcernedCommunity
from lap.services import actions as services

pytestmark = pytest.mark.django_db


def _names(action):
    return sorted(
        ConcernedCommunity.objects.filter(action=action, removed_at__isnull=True).values_list(
            "community__name", flat=True
        )
    )


def test_the_communities_of_the_action_districts_are_concerned(world, lamas, propose):
    action = propose()
    assert _names(action) == ["Alto Shamboyacu (demo)", "Chirikyacu (demo)"]


def test_the_proposer_adds_a_community_from_another_district(world, lamas, propose):
    action = propose(communities=[lamas["communities"]["el_wayku"]])
    assert "El Wayku (demo)" in _names(action)
    assert ConcernedCommunity.objects.get(community__name="El Wayku (demo)").origin == "added"


def test_only_a_coordinator_removes_a_community_and_only_with_a_reason(world, lamas, propose):
    action = propose()
    community = lamas["communities"]["chirikyacu"]
    with pytest.raises(PermissionDenied):
        services.concerned_community_remove(
            acting_user=world.member, action=action, community=community, reason="Far away."
        )
    with pytest.raises(ValidationError) as refused:
        services.concerned_community_remove(
            acting_user=world.coordinator, action=action, community=community, reason=" "
        )
    assert "reason" in refused.value.message_dict
    assert "Chirikyacu (demo)" in _names(action)
    services.concerned_community_remove(
        acting_user=world.coordinator,
        action=action,
        community=community,
        reason="The plots are 30 km away from the community's territory.",
    )
    assert _names(action) == ["Alto Shamboyacu (demo)"]
    removed = ConcernedCommunity.objects.get(community=community)
    assert removed.removed_by == world.coordinator
    assert removed.removal_reason.startswith("The plots")


def test_changing_districts_recomputes_while_keeping_additions_and_removals(world, lamas, propose):
    action = propose(communities=[lamas["communities"]["el_wayku"]])
    services.concerned_community_remove(
        acting_user=world.coordinator,
        action=action,
        community=lamas["communities"]["chirikyacu"],
        reason="Not affected.",
    )
    # Caynarachi leaves and comes back; San Roque leaves.
    services.action_update(acting_user=world.member, action=action, districts=[lamas["other"]])
    assert _names(action) == ["El Wayku (demo)"]
    services.action_update(
        acting_user=world.member, action=action, districts=[lamas["caynarachi"], lamas["other"]]
    )
    # Chirikyacu's removal stands; El Wayku (added, and now in a district) stays.
    assert _names(action) == ["El Wayku (demo)"]
    assert ConcernedCommunity.objects.get(community__name="Chirikyacu (demo)").is_removed


def test_a_derived_community_with_a_started_consent_process_is_kept_when_its_district_leaves(
    world, lamas, propose
):
    action = propose()
    # Submitted: the community's representative sees it (a draft is its proposers' only).
    services.action_submit(acting_user=world.member, action=action)
    services.consent_record(
        acting_user=world.representatives["indigenous"],
        action=action,
        community=lamas["communities"]["chirikyacu"],
        state="information_shared",
    )
    services.action_update(acting_user=world.member, action=action, districts=[lamas["san_roque"]])
    assert _names(action) == ["Alto Shamboyacu (demo)", "Chirikyacu (demo)"]


def test_removing_a_community_lifts_its_missing_consent(world, lamas, propose, consent_all):
    action = propose()
    services.action_submit(acting_user=world.member, action=action)
    services.action_accept(acting_user=world.coordinator, action=action)
    services.consent_record(
        acting_user=world.representatives["indigenous"],
        action=action,
        community=lamas["communities"]["alto_shamboyacu"],
        state="consent",
    )
    services.concerned_community_remove(
        acting_user=world.coordinator,
        action=action,
        community=lamas["communities"]["chirikyacu"],
        reason="Confirmed outside the action's area with the federation.",
    )
    services.action_approve(acting_user=world.coordinator, action=action)
    action.refresh_from_db()
    assert action.state == "approved"


def test_another_organization_member_cannot_add_a_community(world, lamas, propose):
    action = propose()
    services.action_submit(acting_user=world.member, action=action)
    with pytest.raises(PermissionDenied):
        services.concerned_community_add(
            acting_user=world.members["company"],
            action=action,
            community=lamas["communities"]["el_wayku"],
        )
    assert "El Wayku (demo)" not in _names(action)


def test_api_lists_removed_communities_with_their_reason(world, lamas, propose, api_client):
    action = propose()
    services.action_submit(acting_user=world.member, action=action)
    api_client.force_authenticate(world.coordinator)
    url = reverse(
        "api:action-community-remove",
        args=[action.pk, lamas["communities"]["chirikyacu"].pk],
    )
    assert api_client.post(url, {}, format="json").status_code == 400
    response = api_client.post(url, {"reason": "Not affected."}, format="json")
    assert response.status_code == 200
    listing = api_client.get(reverse("api:action-communities", args=[action.pk])).json()
    removed = [row for row in listing["results"] if row["removed_at"]]
    assert [(row["community_name"], row["removal_reason"]) for row in removed] == [
        ("Chirikyacu (demo)", "Not affected.")
    ]
    response = api_client.post(
        reverse("api:action-communities", args=[action.pk]),
        {"community": lamas["communities"]["el_wayku"].pk},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["origin"] == "added"
