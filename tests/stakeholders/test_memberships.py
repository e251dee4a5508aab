"""Joining, representation and revocation."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from stakeholders import services
from stakeholders.acting import resolve_acting_organization
from stakeholders.models import Membership
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_representative_admits_a_request_to_their_organization_as_member(world, client):
    applicant = UserFactory(username="applicant")
    request = services.join_request_create(acting_user=applicant, organization=world.smallholder)
    client.force_login(world.representative)
    response = client.post(
        reverse("join-request-decide", kwargs={"pk": request.pk}), {"decision": "approve"}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.role) == ("active", "member")
    assert request.decided_by == world.representative


def test_a_representative_of_another_organization_cannot_admit(world, client):
    applicant = UserFactory(username="applicant")
    request = services.join_request_create(acting_user=applicant, organization=world.smallholder)
    client.force_login(world.representatives["company"])
    response = client.post(
        reverse("join-request-decide", kwargs={"pk": request.pk}), {"decision": "approve"}
    )
    assert response.status_code == 403
    request.refresh_from_db()
    assert request.status == "pending"


def test_asking_twice_to_join_is_refused_with_a_clear_message(world):
    applicant = UserFactory(username="applicant")
    services.join_request_create(acting_user=applicant, organization=world.smallholder)
    with pytest.raises(ValidationError):
        services.join_request_create(acting_user=applicant, organization=world.smallholder)
    assert Membership.objects.filter(user=applicant).count() == 1


def test_only_a_coordinator_grants_representation(world):
    membership = world.member.memberships.get()
    with pytest.raises(PermissionDenied):
        services.membership_set_role(
            acting_user=world.representative, membership=membership, role="representative"
        )
    services.membership_set_role(
        acting_user=world.coordinator, membership=membership, role="representative"
    )
    membership.refresh_from_db()
    assert membership.role == "representative"


def test_an_organization_may_have_several_representatives(world):
    membership = world.member.memberships.get()
    services.membership_set_role(
        acting_user=world.coordinator, membership=membership, role="representative"
    )
    assert world.smallholder.memberships.filter(role="representative", status="active").count() == 2


def test_a_revoked_representative_loses_their_rights_at_once(world, client):
    applicant = UserFactory(username="applicant")
    request = services.join_request_create(acting_user=applicant, organization=world.smallholder)
    services.membership_revoke(
        acting_user=world.coordinator, membership=world.representative.memberships.get()
    )
    client.force_login(world.representative)
    response = client.post(
        reverse("join-request-decide", kwargs={"pk": request.pk}), {"decision": "approve"}
    )
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        resolve_acting_organization(user=world.representative)


def test_with_several_memberships_the_acting_organization_must_be_chosen(world, client):
    MembershipFactory(user=world.member, organization=world.company)
    with pytest.raises(ValidationError):
        resolve_acting_organization(user=world.member)
    assert (
        resolve_acting_organization(user=world.member, organization_id=world.company.pk)
        == world.company
    )

    client.force_login(world.member)
    client.post(reverse("switch-organization"), {"organization": world.company.pk})
    response = client.get(reverse("account"))
    assert "Company organization" in response.context["acting_organization"].name


def test_nobody_acts_for_an_organization_they_do_not_belong_to(world, client):
    client.force_login(world.member)
    client.post(reverse("switch-organization"), {"organization": world.company.pk})
    assert client.session.get("acting_organization_id") is None
    with pytest.raises(PermissionDenied):
        resolve_acting_organization(user=world.member, organization_id=world.company.pk)


def test_a_person_may_leave_an_organization(world):
    membership = world.member.memberships.get()
    services.membership_revoke(acting_user=world.member, membership=membership)
    membership.refresh_from_db()
    assert membership.status == "revoked"


def test_the_coordinator_sees_the_audit_trail_of_an_organization(world, client):
    services.organization_update(
        acting_user=world.coordinator, organization=world.smallholder, description="Café y cacao"
    )
    client.force_login(world.coordinator)
    response = client.get(
        reverse(
            "audit-trail",
            kwargs={
                "app_label": "stakeholders",
                "model_name": "organization",
                "object_id": world.smallholder.pk,
            },
        )
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "organization.update" in page
    assert "Café y cacao" in page
    assert world.coordinator.username in page or str(world.coordinator) in page


@pytest.mark.parametrize(
    "path",
    [
        "/audit/stakeholders/organization/abc/",
        "/audit/authtoken/token/x/",
        "/audit/stakeholders/nomodel/1/",
    ],
)
def test_the_audit_trail_answers_404_for_what_it_does_not_show(world, client, path):
    client.force_login(world.coordinator)
    assert client.get(path).status_code == 404
