"""The organization directory and profile pages, and creating organizations."""

import pytest
from django.urls import reverse

from stakeholders.models import Organization
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_a_coordinator_creates_a_government_organization_with_its_level(world, client):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("organization-create"),
        {
            "name": "Municipalidad Distrital de Shanao",
            "sector": "government",
            "government_level": "district",
        },
    )
    organization = Organization.objects.get(name="Municipalidad Distrital de Shanao")
    assert response.status_code == 302
    assert organization.government_level == "district"


def test_a_government_organization_without_a_level_is_refused_in_spanish(world, client):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("organization-create"), {"name": "Municipalidad X", "sector": "government"}
    )
    assert response.status_code == 200
    assert "necesita un nivel" in response.content.decode()
    assert not Organization.objects.filter(name="Municipalidad X").exists()


def test_a_duplicate_name_is_refused(world, client):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("organization-create"), {"name": "company ORGANIZATION", "sector": "company"}
    )
    assert response.status_code == 200
    assert Organization.objects.filter(name__iexact="company organization").count() == 1


def test_a_member_cannot_create_an_organization(world, client):
    client.force_login(world.member)
    response = client.post(reverse("organization-create"), {"name": "X", "sector": "company"})
    assert response.status_code == 403
    assert not Organization.objects.filter(name="X").exists()


def test_the_directory_filters_by_sector(world, client):
    response = client.get(reverse("organization-list"), {"sector": "indigenous"})
    names = [organization.name for organization in response.context["page"]]
    assert names == ["Indigenous organization"]


def test_the_directory_shows_an_empty_state(world, client):
    response = client.get(reverse("organization-list"), {"q": "nothing like this"})
    assert "Ninguna organización" in response.content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_the_directory_query_count_does_not_grow(count, client, django_assert_max_num_queries):
    OrganizationFactory.create_batch(count)
    with django_assert_max_num_queries(4):
        response = client.get(reverse("organization-list"))
    assert response.status_code == 200


def test_people_are_not_shown_to_anonymous_visitors(world, client):
    response = client.get(reverse("organization-detail", kwargs={"pk": world.smallholder.pk}))
    assert world.member.username not in response.content.decode()
    assert str(world.member) not in response.content.decode()


def test_members_see_the_people_of_their_organization(world, client):
    client.force_login(world.member)
    response = client.get(reverse("organization-detail", kwargs={"pk": world.smallholder.pk}))
    assert str(world.representative) in response.content.decode()


@pytest.mark.parametrize("extra_members", [2, 20])
def test_the_profile_query_count_does_not_grow_with_the_members(
    extra_members, world, client, django_assert_max_num_queries
):
    from tests.factories import member_of

    for number in range(extra_members):
        member_of(world.smallholder, username=f"extra-{number}")
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("organization-detail", kwargs={"pk": world.smallholder.pk}))
    assert response.status_code == 200


@pytest.mark.parametrize("events", [2, 40])
def test_the_audit_trail_query_count_does_not_grow(
    events, world, client, django_assert_max_num_queries
):
    from stakeholders import services

    for number in range(events):
        services.organization_update(
            acting_user=world.coordinator, organization=world.company, description=f"v{number}"
        )
    client.force_login(world.coordinator)
    url = reverse(
        "audit-trail",
        kwargs={
            "app_label": "stakeholders",
            "model_name": "organization",
            "object_id": world.company.pk,
        },
    )
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert len(response.context["page"].object_list) == min(events, 50)
