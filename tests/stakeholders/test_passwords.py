"""Password reset and change: the link in the person's language; old API tokens stop working."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from stakeholders.models import LoginCounter
from stakeholders.tasks import purge_old_login_failures
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-new-long-pass-phrase-2026"


def test_the_reset_link_comes_in_the_accounts_language_and_sets_a_new_password(
    client, django_capture_on_commit_callbacks
):
    person = UserFactory(username="carla", email="carla@example.org", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": "carla@example.org"})
    assert len(mail.outbox) == 1
    assert "Reset your password" in mail.outbox[0].subject  # English, from a Spanish page
    link = re.search(r"http://\S+/accounts/reset/\S+/", mail.outbox[0].body).group(0)
    path = link.split("8000", 1)[1] if "8000" in link else link
    form_page = client.get(path, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_changing_the_password_revokes_the_api_token(client):
    person = UserFactory(username="carla")
    Token.objects.create(user=person)
    client.force_login(person)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert not Token.objects.filter(user=person).exists()


def test_old_failed_sign_ins_are_purged_and_recent_ones_kept():
    LoginCounter.objects.create(username="ana", address="10.0.0.1", attempts=3)
    LoginCounter.objects.create(
        username="ana",
        address="10.0.0.2",
        attempts=5,
        last_attempt_at=timezone.now() - timedelta(minutes=16),
    )
    assert purge_old_login_failures() == 1
    assert list(LoginCounter.objects.values_list("address", flat=True)) == ["10.0.0.1"]
