import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lap.models.audit import AuditEvent
from territory import services
from territory.models import District, IndigenousCommunity, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def san_roque(reference_data):
    return District.objects.get(ubigeo="220508")


def test_coordinator_enters_a_sourced_community_represented_by_an_indigenous_organization(
    world, san_roque
):
    source = Source.objects.get(key="kichwa-communities-public-records")

    community = services.community_create(
        acting_user=world.coordinator,
        name="  Aviación  ",
        district=san_roque,
        category="Comunidad Nativa",
        organization=world.indigenous,
        source=source,
    )

    assert community.name == "Aviación"
    assert community in san_roque.communities.all()
    event = AuditEvent.objects.get(verb="territory.community.create", object_id=community.pk)
    assert event.actor == world.coordinator


def test_member_cannot_enter_a_community(world, san_roque):
    with pytest.raises(PermissionDenied):
        services.community_create(
            acting_user=world.representatives["indigenous"],
            name="X (demo)",
            district=san_roque,
            is_demo=True,
        )
    assert not IndigenousCommunity.objects.filter(name="X (demo)").exists()


def test_a_community_needs_a_source_or_the_demo_mark(world, san_roque):
    with pytest.raises(ValidationError) as refused:
        services.community_create(acting_user=world.coordinator, name="Nueva", district=san_roque)
    assert "source" in refused.value.message_dict


def test_a_community_is_represented_only_by_an_indigenous_organization(world, san_roque):
    with pytest.raises(ValidationError) as refused:
        services.community_create(
            acting_user=world.coordinator,
            name="Nueva (demo)",
            district=san_roque,
            organization=world.company,
            is_demo=True,
        )
    assert "organization" in refused.value.message_dict


def test_the_same_name_twice_in_a_district_is_refused(world, san_roque):
    with pytest.raises(ValidationError) as refused:
        services.community_create(
            acting_user=world.coordinator, name="chirikyacu", district=san_roque, is_demo=True
        )
    assert "name" in refused.value.message_dict


def test_update_records_only_what_changed(world, san_roque):
    chirikyacu = IndigenousCommunity.objects.get(name="Chirikyacu")

    services.community_update(
        acting_user=world.coordinator, community=chirikyacu, organization=world.indigenous
    )
    services.community_update(
        acting_user=world.coordinator, community=chirikyacu, organization=world.indigenous
    )

    events = AuditEvent.objects.filter(verb="territory.community.update")
    assert events.count() == 1
    assert set(events.get().changes) == {"organization"}
    chirikyacu.refresh_from_db()
    assert chirikyacu.organization == world.indigenous


def test_coordinator_adds_a_community_through_the_page(client, world, san_roque):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("territory-community-create"),
        {
            "name": "Comunidad de prueba (demo)",
            "district": san_roque.pk,
            "people": "kichwa",
            "organization": world.indigenous.pk,
            "is_demo": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("territory-district", args=["220508"])
    assert IndigenousCommunity.objects.get(name="Comunidad de prueba (demo)").is_demo


def test_the_page_shows_the_service_error_and_saves_nothing(client, world, san_roque):
    world.coordinator.language = "en"  # a signed-in person's own language wins
    world.coordinator.save(update_fields=["language"])
    client.force_login(world.coordinator)
    response = client.post(
        reverse("territory-community-create"),
        {"name": "Sin fuente", "district": san_roque.pk, "people": "kichwa"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "Give the source of the community" in response.content.decode()
    assert not IndigenousCommunity.objects.filter(name="Sin fuente").exists()


def test_coordinator_edits_a_community_through_the_page(client, world, san_roque):
    chirikyacu = IndigenousCommunity.objects.get(name="Chirikyacu")
    client.force_login(world.coordinator)
    response = client.post(
        reverse("territory-community-edit", args=[chirikyacu.pk]),
        {
            "name": "Chirikyacu",
            "district": san_roque.pk,
            "people": "kichwa",
            "category": "Comunidad Nativa",
            "organization": world.indigenous.pk,
            "source": chirikyacu.source_id,
        },
    )
    assert response.status_code == 302
    chirikyacu.refresh_from_db()
    assert chirikyacu.organization == world.indigenous


def test_members_do_not_see_the_new_community_button(client, world, san_roque):
    client.force_login(world.member)
    assert (
        "territory/communities/new/"
        not in client.get(reverse("territory-communities")).content.decode()
    )
    assert client.get(reverse("territory-community-create")).status_code == 403


def test_superuser_adds_a_community_in_the_admin_through_the_service(client, world, san_roque):
    client.force_login(world.superuser)
    url = reverse("admin:territory_indigenouscommunity_add")
    refused = client.post(url, {"name": "Sin fuente", "district": san_roque.pk, "people": "kichwa"})
    assert refused.status_code == 200  # the form shows the service's rule
    assert not IndigenousCommunity.objects.filter(name="Sin fuente").exists()

    response = client.post(
        url,
        {"name": "Admin (demo)", "district": san_roque.pk, "people": "kichwa", "is_demo": "on"},
    )

    assert response.status_code == 302
    community = IndigenousCommunity.objects.get(name="Admin (demo)")
    assert AuditEvent.objects.filter(
        verb="territory.community.create", object_id=community.pk, actor=world.superuser
    ).exists()
