"""Two last endorsements arriving at the same time record the adoption once (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from lap.models import Endorsement, VisionAdoption
from lap.services import vision as services
from tests.vision.conftest import make_version


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_last_endorsements_record_one_adoption(world):
    from stakeholders.models import MembershipRole
    from tests.factories import OrganizationFactory, member_of

    published = make_version(world, "published")
    # Two Indigenous organizations: both representatives endorse at the same moment, and
    # either one completes the adoption.
    second = OrganizationFactory(name="Second Indigenous organization", sector="indigenous")
    second_rep = member_of(second, role=MembershipRole.REPRESENTATIVE)
    for sector in ("government", "company", "smallholder"):
        services.endorsement_create(acting_user=world.representatives[sector], version=published)

    barrier = threading.Barrier(2)
    errors = []

    def endorse(user):
        try:
            barrier.wait(timeout=10)
            services.endorsement_create(acting_user=user, version=published)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=endorse, args=(user,))
        for user in (world.representatives["indigenous"], second_rep)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert Endorsement.objects.filter(version=published).count() == 5
    assert VisionAdoption.objects.filter(version=published).count() == 1
