"""Endorsing the current version, withdrawing, and the adoption it leads to."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lap.models import Endorsement, VisionAdoption
from lap.selectors.vision import adoption_status
from lap.services import vision as services
from stakeholders.models import MembershipRole
from tests.factories import OrganizationFactory, member_of
from tests.vision.conftest import BODY_V2, make_version


def _endorse(world, sector, version, **kwargs):
    return services.endorsement_create(
        acting_user=world.representatives[sector], version=version, **kwargs
    )


def test_representative_endorses_for_their_organization_with_a_note(world, published):
    endorsement = _endorse(world, "company", published, note="Con compromiso.")
    assert endorsement.organization == world.company
    assert endorsement.note == "Con compromiso."
    assert endorsement.endorsed_by == world.representatives["company"]


def test_an_organization_endorses_a_version_only_once(world, published):
    _endorse(world, "company", published)
    with pytest.raises(ValidationError, match="ya respaldó"):
        _endorse(world, "company", published)
    assert Endorsement.objects.count() == 1


@pytest.mark.parametrize("persona", ["member", "outsider", "coordinator", "facilitator"])
def test_only_representatives_can_endorse(world, published, persona):
    with pytest.raises(PermissionDenied):
        services.endorsement_create(acting_user=getattr(world, persona), version=published)
    assert not Endorsement.objects.exists()


def test_a_representative_of_several_organizations_must_say_which_one(world, published):
    person = world.representatives["company"]
    member_of_civil = OrganizationFactory(name="Civil", sector="civil_society")
    from tests.factories import MembershipFactory

    MembershipFactory(user=person, organization=member_of_civil, role=MembershipRole.MEMBER)
    with pytest.raises(ValidationError) as error:
        services.endorsement_create(acting_user=person, version=published)
    assert "organization" in error.value.message_dict
    # Acting for the organization where they are only a member is refused.
    with pytest.raises(PermissionDenied):
        services.endorsement_create(
            acting_user=person, version=published, organization_id=member_of_civil.pk
        )
    endorsement = services.endorsement_create(
        acting_user=person, version=published, organization_id=world.company.pk
    )
    assert endorsement.organization == world.company


def test_nobody_endorses_for_an_organization_they_do_not_belong_to(world, published):
    with pytest.raises(PermissionDenied):
        services.endorsement_create(
            acting_user=world.representatives["company"],
            version=published,
            organization_id=world.indigenous.pk,
        )
    assert not Endorsement.objects.exists()


def test_only_the_current_published_version_can_be_endorsed(world, published):
    open_version = make_version(world, "open", body=BODY_V2)
    with pytest.raises(ValidationError, match="versión publicada vigente"):
        _endorse(world, "company", open_version)
    services.version_close(acting_user=world.coordinator, version=open_version)
    services.version_publish(acting_user=world.coordinator, version=open_version)
    with pytest.raises(ValidationError, match="versión publicada vigente"):
        _endorse(world, "company", published)
    assert _endorse(world, "company", open_version).version == open_version


def test_publishing_a_new_version_makes_the_old_one_no_longer_current(world, published):
    newer = make_version(world, "published", body=BODY_V2)
    published.refresh_from_db()
    assert newer.is_current
    assert not published.is_current
    assert published.state == "published"


def test_endorsement_can_be_withdrawn_and_given_again_before_adoption(world, published):
    _endorse(world, "company", published)
    withdrawn = services.endorsement_withdraw(
        acting_user=world.representatives["company"], version=published
    )
    assert withdrawn.withdrawn_at is not None
    assert adoption_status(published).endorsements == []
    again = _endorse(world, "company", published)
    assert again.pk != withdrawn.pk


def test_endorsement_cannot_be_withdrawn_after_adoption(world, published):
    for sector in ("government", "company", "smallholder", "indigenous"):
        _endorse(world, sector, published)
    with pytest.raises(ValidationError, match="ya fue adoptada"):
        services.endorsement_withdraw(
            acting_user=world.representatives["company"], version=published
        )
    assert Endorsement.objects.filter(withdrawn_at__isnull=True).count() == 4


def test_adoption_is_recorded_once_with_its_endorsers(world, published):
    for sector in ("government", "company", "smallholder", "indigenous"):
        _endorse(world, sector, published)
    adoption = VisionAdoption.objects.get()
    first_time = adoption.adopted_at
    civil = OrganizationFactory(name="Civil", sector="civil_society")
    civil_rep = member_of(civil, role=MembershipRole.REPRESENTATIVE)
    services.endorsement_create(acting_user=civil_rep, version=published)
    assert VisionAdoption.objects.count() == 1
    adoption.refresh_from_db()
    assert adoption.adopted_at == first_time
    assert adoption.endorsers.count() == 4


def test_an_organization_joining_later_does_not_undo_the_adoption(world, published, client):
    # The Indigenous organization has no active member yet: three sectors suffice.
    world.indigenous.memberships.update(status="revoked")
    for sector in ("government", "company", "smallholder"):
        _endorse(world, sector, published)
    assert VisionAdoption.objects.count() == 1
    member_of(OrganizationFactory(name="New Kichwa federation", sector="indigenous"))
    status = adoption_status(published)
    assert status.is_adopted
    assert not status.is_complete  # the newcomer has not endorsed, yet adoption stands
    page = client.get(reverse("vision")).content.decode()
    assert 'data-testid="adopted"' in page


def test_sector_whose_organizations_have_no_representative_is_missing_no_representative(
    world, published, client
):
    world.indigenous.memberships.filter(role="representative").update(role="member")
    status = adoption_status(published)
    indigenous = next(s for s in status.sectors if s.sector == "indigenous")
    assert indigenous.state == "no_representative"
    assert indigenous in status.missing
    for sector in ("government", "company", "smallholder"):
        _endorse(world, sector, published)
    assert not VisionAdoption.objects.exists()
    page = client.get(reverse("vision")).content.decode()
    assert "missing: no representative" in page


def test_sector_without_active_organization_is_not_needed(world, published):
    world.indigenous.memberships.update(status="revoked")
    status = adoption_status(published)
    indigenous = next(s for s in status.sectors if s.sector == "indigenous")
    assert indigenous.state == "no_active_organization"
    assert indigenous not in status.missing


def test_withdrawing_through_the_page_before_adoption(world, client, published):
    _endorse(world, "company", published)
    client.force_login(world.representatives["company"])
    response = client.post(reverse("vision-withdraw-endorsement", args=[published.pk]))
    assert response.status_code == 302
    assert not Endorsement.objects.filter(withdrawn_at__isnull=True).exists()


def test_a_second_endorsement_on_the_page_shows_a_message_and_changes_nothing(
    world, client, published
):
    _endorse(world, "company", published)
    client.force_login(world.representatives["company"])
    response = client.post(reverse("vision-endorse", args=[published.pk]), follow=True)
    assert "ya respaldó" in response.content.decode()
    assert Endorsement.objects.count() == 1
