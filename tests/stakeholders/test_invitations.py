"""Coordinators invite people by e-mail; a link works once and expires."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from stakeholders import services
from stakeholders.models import Invitation, Membership
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _invite(world, **kwargs):
    return services.invitation_create(
        acting_user=world.coordinator,
        organization=world.indigenous,
        email=kwargs.pop("email", "Nueva@Example.org"),
        **kwargs,
    )


def test_the_invitation_email_carries_a_working_link_in_the_invitees_language(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(world, language="en", role="representative")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nueva@example.org"]
    assert "Invitation to join Indigenous organization" in message.subject
    assert reverse("invitation-accept", kwargs={"token": invitation.token}) in message.body
    invitation.refresh_from_db()
    assert invitation.sent_at is not None


def test_the_invitation_email_is_in_spanish_by_default(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(world)
    assert "Invitación" in mail.outbox[0].subject


def test_a_new_person_creates_an_account_and_joins_with_the_role_offered(world, client):
    invitation = _invite(world, role="representative")
    url = reverse("invitation-accept", kwargs={"token": invitation.token})
    response = client.post(url, {"username": "nueva", "password": "a-long-pass-phrase-2026"})
    assert response.status_code == 302
    membership = Membership.objects.get(user__username="nueva")
    assert membership.organization == world.indigenous
    assert membership.role == "representative"
    assert membership.status == "active"
    assert membership.user.email == "nueva@example.org"


def test_an_invitation_link_works_only_once(world, client):
    invitation = _invite(world)
    url = reverse("invitation-accept", kwargs={"token": invitation.token})
    client.post(url, {"username": "nueva", "password": "a-long-pass-phrase-2026"})
    client.logout()
    response = client.post(url, {"username": "otra", "password": "a-long-pass-phrase-2026"})
    assert response.status_code == 404
    assert not Membership.objects.filter(user__username="otra").exists()


def test_an_expired_invitation_link_is_refused(world, client):
    invitation = _invite(world)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(1))
    url = reverse("invitation-accept", kwargs={"token": invitation.token})
    response = client.get(url)
    assert response.status_code == 404
    assert "expiró" in response.content.decode() or "expirado" in response.content.decode()


def test_a_forged_token_is_refused(world, client):
    invitation = _invite(world)
    response = client.get(reverse("invitation-accept", kwargs={"token": invitation.token + "x"}))
    assert response.status_code == 404


def test_a_weak_password_is_refused_and_nothing_is_created(world, client):
    invitation = _invite(world)
    url = reverse("invitation-accept", kwargs={"token": invitation.token})
    response = client.post(url, {"username": "nueva", "password": "123"})
    assert response.status_code == 200
    assert not Membership.objects.filter(user__username="nueva").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_a_signed_in_person_accepts_with_one_click(world, client):
    invitation = _invite(world)
    person = UserFactory(username="existing", email="nueva@example.org")
    client.force_login(person)
    response = client.post(reverse("invitation-accept", kwargs={"token": invitation.token}))
    assert response.status_code == 302
    assert Membership.objects.get(user=person).organization == world.indigenous


def test_a_withdrawn_invitation_cannot_be_used(world):
    invitation = _invite(world)
    services.invitation_revoke(acting_user=world.coordinator, invitation=invitation)
    with pytest.raises(ValidationError):
        services.invitation_accept(token=invitation.token, user=world.outsider)


def test_a_representative_cannot_invite(world):
    with pytest.raises(PermissionDenied):
        services.invitation_create(
            acting_user=world.representatives["indigenous"],
            organization=world.indigenous,
            email="x@example.org",
        )
    assert not Invitation.objects.exists()


def test_a_forwarded_link_does_not_make_someone_else_a_representative(world, client):
    invitation = _invite(world, role="representative", email="alice@example.org")
    mallory = UserFactory(username="mallory", email="mallory@example.org")
    client.force_login(mallory)
    response = client.post(reverse("invitation-accept", kwargs={"token": invitation.token}))
    assert response.status_code == 200
    assert "alice@example.org" in response.content.decode()
    assert not Membership.objects.filter(user=mallory).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_accepting_a_member_invitation_keeps_a_representative_a_representative(world):
    person = UserFactory(username="nueva", email="nueva@example.org")
    invitation = _invite(world, role="member")
    services.membership_add(
        acting_user=world.coordinator,
        organization=world.indigenous,
        user=person,
        role="representative",
    )
    services.invitation_accept(token=invitation.token, user=person)
    assert person.memberships.get().role == "representative"


def test_a_refused_invitation_keeps_what_the_coordinator_typed(world, client):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("invitation-create", kwargs={"pk": world.indigenous.pk}),
        {"email": "not-an-address", "role": "representative", "language": "en"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="not-an-address"' in page
    assert not Invitation.objects.exists()
