"""Free, prior and informed consent: who records it, what it needs, and what it blocks."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lap.models.actions import ActionTransition, ConsentProcess, ConsentRecord
from lap.services import actions as services
from stakeholders import services as stakeholder_services
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _minutes():
    return SimpleUploadedFile("acta.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")


def _accepted(world, propose):
    action = propose()
    services.action_submit(acting_user=world.member, action=action)
    services.action_accept(acting_user=world.coordinator, action=action)
    return action


def test_company_representative_cannot_record_consent_and_nothing_changes(
    world, lamas, propose, api_client
):
    action = _accepted(world, propose)
    api_client.force_authenticate(world.representatives["company"])
    response = api_client.post(
        reverse("api:action-consents", args=[action.pk]),
        {"community": lamas["communities"]["chirikyacu"].pk, "state": "consent"},
        format="json",
    )
    assert response.status_code == 403
    assert not ConsentRecord.objects.exists()
    assert set(ConsentProcess.objects.values_list("state", flat=True)) == {"pending"}


def test_company_representative_gets_403_on_the_consent_page(world, lamas, propose, client):
    action = _accepted(world, propose)
    client.force_login(world.representatives["company"])
    url = reverse("action-consent", args=[action.pk, lamas["communities"]["chirikyacu"].pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"state": "consent"}).status_code == 403
    assert not ConsentRecord.objects.exists()


def test_a_member_who_is_not_a_representative_cannot_record_consent(world, lamas, propose):
    action = _accepted(world, propose)
    with pytest.raises(PermissionDenied):
        services.consent_record(
            acting_user=world.members["indigenous"],
            action=action,
            community=lamas["communities"]["chirikyacu"],
            state="consent",
        )


def test_a_coordinator_records_consent_only_with_a_document(world, lamas, propose):
    action = _accepted(world, propose)
    community = lamas["communities"]["chirikyacu"]
    with pytest.raises(ValidationError) as refused:
        services.consent_record(
            acting_user=world.coordinator, action=action, community=community, state="consent"
        )
    assert "document" in refused.value.message_dict
    assert not ConsentRecord.objects.exists()
    entry = services.consent_record(
        acting_user=world.coordinator,
        action=action,
        community=community,
        state="consent",
        document=_minutes(),
    )
    assert entry.document.name.endswith(".pdf")
    assert entry.organization is None
    assert entry.recorded_by == world.coordinator


def test_a_representative_records_consent_for_the_organization_without_a_document(
    world, lamas, propose
):
    action = _accepted(world, propose)
    entry = services.consent_record(
        acting_user=world.representatives["indigenous"],
        action=action,
        community=lamas["communities"]["chirikyacu"],
        state="information_shared",
        information_shared_on="2026-09-01",
        languages="Kichwa",
    )
    assert entry.organization == world.indigenous
    assert entry.process.state == "information_shared"


def test_consent_with_conditions_needs_the_conditions(world, lamas, propose):
    action = _accepted(world, propose)
    with pytest.raises(ValidationError) as refused:
        services.consent_record(
            acting_user=world.representatives["indigenous"],
            action=action,
            community=lamas["communities"]["chirikyacu"],
            state="consent_with_conditions",
        )
    assert "conditions" in refused.value.message_dict


def test_only_consent_that_was_given_can_be_withdrawn(world, lamas, propose):
    action = _accepted(world, propose)
    with pytest.raises(ValidationError):
        services.consent_record(
            acting_user=world.representatives["indigenous"],
            action=action,
            community=lamas["communities"]["chirikyacu"],
            state="withdrawn",
        )


def test_every_change_of_a_consent_process_is_kept_in_its_history(world, lamas, propose):
    action = _accepted(world, propose)
    community = lamas["communities"]["chirikyacu"]
    for state in ("information_shared", "in_deliberation", "consent"):
        services.consent_record(
            acting_user=world.representatives["indigenous"],
            action=action,
            community=community,
            state=state,
        )
    history = list(
        ConsentRecord.objects.filter(process__concerned__community=community).values_list(
            "from_state", "state"
        )
    )
    assert history == [
        ("pending", "information_shared"),
        ("information_shared", "in_deliberation"),
        ("in_deliberation", "consent"),
    ]


def test_a_withdrawal_before_approval_blocks_approval_without_suspending(
    world, lamas, propose, consent_all
):
    action = _accepted(world, propose)
    consent_all(action)
    services.consent_record(
        acting_user=world.representatives["indigenous"],
        action=action,
        community=lamas["communities"]["alto_shamboyacu"],
        state="withdrawn",
    )
    action.refresh_from_db()
    assert action.state == "accepted"
    with pytest.raises(ValidationError) as refused:
        services.action_approve(acting_user=world.coordinator, action=action)
    assert "Alto Shamboyacu (demo)" in refused.value.messages[0]
    assert "Chirikyacu (demo)" not in refused.value.messages[0]


def test_a_withdrawal_while_in_progress_suspends_and_resume_returns_there(
    world, lamas, propose, consent_all
):
    action = _accepted(world, propose)
    consent_all(action)
    services.action_approve(acting_user=world.coordinator, action=action)
    services.action_start(acting_user=world.coordinator, action=action)
    services.consent_record(
        acting_user=world.representatives["indigenous"],
        action=action,
        community=lamas["communities"]["alto_shamboyacu"],
        state="withdrawn",
    )
    action.refresh_from_db()
    assert (action.state, action.suspended_from) == ("suspended", "in_progress")
    services.consent_record(
        acting_user=world.representatives["indigenous"],
        action=action,
        community=lamas["communities"]["alto_shamboyacu"],
        state="consent",
    )
    services.action_resume(acting_user=world.coordinator, action=action)
    action.refresh_from_db()
    assert action.state == "in_progress"
    assert list(ActionTransition.objects.filter(action=action).values_list("verb", flat=True)) == [
        "submit",
        "accept",
        "approve",
        "start",
        "suspend",
        "resume",
    ]


def test_an_action_without_concerned_communities_can_be_approved(world, lamas, propose):
    action = propose(districts=[DistrictWithoutCommunities.make()])
    services.action_submit(acting_user=world.member, action=action)
    services.action_accept(acting_user=world.coordinator, action=action)
    services.action_approve(acting_user=world.coordinator, action=action)
    action.refresh_from_db()
    assert action.state == "approved"


class DistrictWithoutCommunities:
    @staticmethod
    def make():
        from tests.factories import DistrictFactory

        return DistrictFactory(ubigeo="220510", name="Tabalosos")


def test_a_representative_of_another_indigenous_organization_cannot_record(world, lamas, propose):
    from tests.factories import OrganizationFactory

    other = OrganizationFactory(name="Another federation", sector="indigenous")
    someone = UserFactory(username="other-federation-representative")
    MembershipFactory(user=someone, organization=other, role="representative")
    action = _accepted(world, propose)
    with pytest.raises(PermissionDenied):
        services.consent_record(
            acting_user=someone,
            action=action,
            community=lamas["communities"]["chirikyacu"],
            state="consent",
        )


def test_a_revoked_representative_can_no_longer_record(world, lamas, propose):
    action = _accepted(world, propose)
    representative = world.representatives["indigenous"]
    stakeholder_services.membership_revoke(
        acting_user=world.coordinator, membership=representative.memberships.get()
    )
    with pytest.raises(PermissionDenied):
        services.consent_record(
            acting_user=representative,
            action=action,
            community=lamas["communities"]["chirikyacu"],
            state="consent",
        )


def test_the_representative_records_consent_through_the_page_and_sees_it_on_the_action(
    world, lamas, propose, client
):
    action = _accepted(world, propose)
    community = lamas["communities"]["chirikyacu"]
    client.force_login(world.representatives["indigenous"])
    detail = client.get(reverse("action-detail", args=[action.pk])).content.decode()
    consent_url = reverse("action-consent", args=[action.pk, community.pk])
    assert consent_url in detail
    response = client.post(
        consent_url,
        {
            "state": "consent_with_conditions",
            "conditions": "Hire local guides from the community.",
            "assembly_date": "2026-10-10",
            "languages": "Kichwa",
            "document": _minutes(),
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("action-detail", args=[action.pk])).content.decode()
    assert "Hire local guides from the community." in page


def test_the_consent_page_shows_a_missing_condition_as_a_field_error(world, lamas, propose, client):
    action = _accepted(world, propose)
    community = lamas["communities"]["chirikyacu"]
    client.force_login(world.representatives["indigenous"])
    response = client.post(
        reverse("action-consent", args=[action.pk, community.pk]),
        {"state": "consent_with_conditions"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["conditions"]
    assert not ConsentRecord.objects.exists()


def test_a_coordinator_uploads_the_document_through_the_api(world, lamas, propose, api_client):
    action = _accepted(world, propose)
    api_client.force_authenticate(world.coordinator)
    url = reverse("api:action-consents", args=[action.pk])
    data = {"community": lamas["communities"]["chirikyacu"].pk, "state": "consent"}
    assert api_client.post(url, data, format="multipart").status_code == 400
    response = api_client.post(url, {**data, "document": _minutes()}, format="multipart")
    assert response.status_code == 201, response.content
    assert response.json()["has_document"] is True


def test_consent_documents_are_served_to_signed_in_people_only_through_the_app(
    world, lamas, propose, client
):
    action = _accepted(world, propose)
    entry = services.consent_record(
        acting_user=world.coordinator,
        action=action,
        community=lamas["communities"]["chirikyacu"],
        state="consent",
        document=_minutes(),
    )
    url = reverse("action-consent-document", args=[action.pk, entry.pk])
    assert client.get(url).status_code == 302
    client.force_login(world.outsider)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 minutes"
    page = client.get(reverse("action-detail", args=[action.pk])).content.decode()
    assert url in page
