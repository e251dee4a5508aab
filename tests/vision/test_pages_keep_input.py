"""On the vision pages, a refused comment or endorsement keeps what was typed, the
organization can be chosen where it is needed, and a stale organization choice only asks."""

from django.urls import reverse

from lap.models import Endorsement, VisionComment
from stakeholders.acting import SESSION_KEY
from stakeholders.models import MembershipRole
from tests.factories import MembershipFactory, OrganizationFactory
from tests.vision.conftest import make_version

TEXT = "Nuestro bosque necesita guardianes comunales"


def _set_session(client, **values):
    session = client.session
    session.update(values)
    session.save()


def test_a_refused_comment_shows_the_page_again_with_the_typed_text(world, client):
    version = make_version(world, "open")
    client.force_login(world.member)
    response = client.post(
        reverse("vision-comment-create", args=[version.pk]), {"section": 99, "text": TEXT}
    )
    assert response.status_code == 400
    assert TEXT in response.content.decode()
    assert not VisionComment.objects.exists()


def test_a_member_of_several_organizations_chooses_one_in_the_comment_form(world, client):
    version = make_version(world, "open")
    civil = OrganizationFactory(name="Civil", sector="civil_society")
    MembershipFactory(user=world.member, organization=civil, role=MembershipRole.MEMBER)
    client.force_login(world.member)
    url = reverse("vision-comment-create", args=[version.pk])
    refused = client.post(url, {"section": 1, "text": TEXT})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert TEXT in page
    assert 'name="organization"' in page
    response = client.post(url, {"section": 1, "text": TEXT, "organization": civil.pk})
    assert response.status_code == 302
    assert VisionComment.objects.get().organization == civil


def test_a_facilitator_chooses_the_organization_of_a_member_with_several(world, client):
    version = make_version(world, "open")
    civil = OrganizationFactory(name="Civil", sector="civil_society")
    MembershipFactory(user=world.member, organization=civil, role=MembershipRole.MEMBER)
    client.force_login(world.facilitator)
    url = reverse("vision-comment-create", args=[version.pk])
    assert (
        'name="organization"'
        in client.get(reverse("vision-version-detail", args=[version.pk])).content.decode()
    )
    response = client.post(
        url,
        {"section": 1, "text": TEXT, "on_behalf_of": world.member.pk, "organization": civil.pk},
    )
    assert response.status_code == 302
    comment = VisionComment.objects.get()
    assert (comment.author, comment.organization, comment.entered_by) == (
        world.member,
        civil,
        world.facilitator,
    )


def test_a_facilitator_naming_an_organization_the_member_is_not_in_keeps_the_text(world, client):
    version = make_version(world, "open")
    client.force_login(world.facilitator)
    response = client.post(
        reverse("vision-comment-create", args=[version.pk]),
        {
            "section": 1,
            "text": TEXT,
            "on_behalf_of": world.member.pk,
            "organization": world.company.pk,
        },
    )
    assert response.status_code == 400
    assert TEXT in response.content.decode()
    assert not VisionComment.objects.exists()


def test_a_stale_organization_choice_does_not_refuse_a_comment(world, client):
    version = make_version(world, "open")
    civil = OrganizationFactory(name="Civil", sector="civil_society")
    MembershipFactory(
        user=world.member, organization=civil, role=MembershipRole.MEMBER, status="revoked"
    )
    client.force_login(world.member)
    _set_session(client, **{SESSION_KEY: civil.pk})
    response = client.post(
        reverse("vision-comment-create", args=[version.pk]), {"section": 1, "text": TEXT}
    )
    assert response.status_code == 302
    assert VisionComment.objects.get().organization == world.smallholder


def test_a_stale_organization_choice_does_not_refuse_an_endorsement(world, client, published):
    representative = world.representatives["company"]
    civil = OrganizationFactory(name="Civil", sector="civil_society")
    MembershipFactory(
        user=representative,
        organization=civil,
        role=MembershipRole.REPRESENTATIVE,
        status="revoked",
    )
    client.force_login(representative)
    _set_session(client, **{SESSION_KEY: civil.pk})
    response = client.post(reverse("vision-endorse", args=[published.pk]), {"note": "Sí"})
    assert response.status_code == 302
    assert Endorsement.objects.get().organization == world.company


def test_a_representative_of_several_organizations_chooses_in_the_endorsement_form(
    world, client, published
):
    representative = world.representatives["company"]
    civil = OrganizationFactory(name="Civil", sector="civil_society")
    MembershipFactory(user=representative, organization=civil, role=MembershipRole.REPRESENTATIVE)
    client.force_login(representative)
    assert 'name="organization"' in client.get(reverse("vision")).content.decode()
    url = reverse("vision-endorse", args=[published.pk])
    refused = client.post(url, {"note": TEXT})
    assert refused.status_code == 400
    assert TEXT in refused.content.decode()
    assert not Endorsement.objects.exists()
    assert client.post(url, {"note": TEXT, "organization": civil.pk}).status_code == 302
    endorsement = Endorsement.objects.get()
    assert (endorsement.organization, endorsement.note) == (civil, TEXT)
