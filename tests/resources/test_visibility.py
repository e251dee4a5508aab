"""Who reads needs, commitments and deliveries: members of any organization, coordinators, the
superuser and keys with the `resources` scope; not outsiders nor anonymous visitors. The public
funding-gap summary stays open to everyone."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from lap.selectors import resources as selectors
from tests.resources.conftest import client_for

pytestmark = pytest.mark.django_db

READ_ENDPOINTS = ["api:need-list", "api:commitment-list", "api:delivery-list"]


@pytest.mark.parametrize("name", READ_ENDPOINTS)
def test_an_outsider_is_refused_needs_commitments_and_deliveries_through_the_api(
    world, confirmed, name
):
    response = client_for(world.outsider).get(reverse(name))
    assert response.status_code == 403
    assert "miembros de una organización" in response.json()["detail"]


@pytest.mark.parametrize("name", READ_ENDPOINTS)
def test_an_anonymous_visitor_is_asked_to_sign_in_for_resources_through_the_api(confirmed, name):
    assert APIClient().get(reverse(name)).status_code == 401


@pytest.mark.parametrize("persona", ["member", "coordinator", "superuser"])
def test_members_coordinators_and_the_superuser_read_commitments_through_the_api(
    world, confirmed, persona
):
    user = {"member": world.members["indigenous"]}.get(persona) or getattr(world, persona)
    response = client_for(user).get(reverse("api:commitment-list"))
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["results"]] == [confirmed.pk]


def test_an_outsider_cannot_read_a_single_commitment_by_its_id(world, confirmed):
    url = reverse("api:commitment-detail", kwargs={"pk": confirmed.pk})
    assert client_for(world.outsider).get(url).status_code == 403


def test_an_outsider_is_refused_the_action_resources_page(world, action, confirmed, client):
    client.force_login(world.outsider)
    response = client.get(reverse("resources-action", kwargs={"pk": action.pk}))
    assert response.status_code == 403
    assert b"30,000" not in response.content


def test_an_anonymous_visitor_is_sent_to_sign_in_for_the_action_resources_page(
    action, confirmed, client
):
    response = client.get(reverse("resources-action", kwargs={"pk": action.pk}))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_member_of_another_organization_reads_the_action_resources_page(
    world, action, confirmed, client
):
    client.force_login(world.members["indigenous"])
    response = client.get(reverse("resources-action", kwargs={"pk": action.pk}))
    assert response.status_code == 200
    assert f'data-commitment="{confirmed.pk}"' in response.content.decode()


def test_the_public_funding_gap_summary_stays_open_to_outsiders_and_visitors(
    world, confirmed, client
):
    assert client.get(reverse("resources-funding-gaps")).status_code == 200
    assert APIClient().get(reverse("api:funding-gaps")).status_code == 200
    client.force_login(world.outsider)
    assert client.get(reverse("resources-funding-gaps")).status_code == 200


def test_the_selectors_show_outsiders_nothing_and_members_everything(world, confirmed):
    assert not selectors.visible_commitments(world.outsider).exists()
    assert not selectors.visible_deliveries(world.outsider).exists()
    assert not selectors.visible_needs(world.outsider).exists()
    assert selectors.visible_commitments(world.members["company"]).count() == 1
    assert selectors.visible_deliveries(world.members["company"]).count() == 0
    assert selectors.visible_needs(world.members["company"]).count() == 1


def test_a_former_member_no_longer_reads_commitments(world, confirmed):
    world.members["indigenous"].memberships.update(status="revoked")
    response = client_for(world.members["indigenous"]).get(reverse("api:commitment-list"))
    assert response.status_code == 403


def test_the_funding_gap_page_links_to_an_actions_resources_only_for_those_who_may_read_them(
    world, action, confirmed, client
):
    link = reverse("resources-action", kwargs={"pk": action.pk})
    client.force_login(world.outsider)
    assert link not in client.get(reverse("resources-funding-gaps")).content.decode()
    client.force_login(world.members["indigenous"])
    assert link in client.get(reverse("resources-funding-gaps")).content.decode()
