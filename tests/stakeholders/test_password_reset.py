"""Password reset: one answer for known and unknown e-mails, limits per address and per
e-mail, and the link written by a task (once per request, whatever its deliveries)."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lap.models import MailDelivery
from stakeholders.tasks import send_password_reset_email
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _ask(client, email, address="203.0.113.5"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def _ask_capturing(client, email, capture):
    with capture(execute=True) as callbacks, CaptureQueriesContext(connection) as queries:
        response = _ask(client, email)
    return response, len(callbacks), len(queries)


def test_a_known_and_an_unknown_e_mail_get_the_same_answer_and_the_same_work(
    client, django_capture_on_commit_callbacks
):
    UserFactory(username="carla", email="carla@example.org")
    known, known_tasks, known_queries = _ask_capturing(
        client, "carla@example.org", django_capture_on_commit_callbacks
    )
    unknown, unknown_tasks, unknown_queries = _ask_capturing(
        client, "nobody@example.org", django_capture_on_commit_callbacks
    )
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known["Location"] == reverse("password_reset_done")
    # The page does one lookup and queues one task either way; the mail is the task's work.
    assert known_tasks == unknown_tasks == 1
    assert known_queries == unknown_queries
    assert [message.to for message in mail.outbox] == [["carla@example.org"]]


def test_the_sixth_request_for_one_e_mail_is_refused_whatever_the_address(
    client, django_capture_on_commit_callbacks
):
    UserFactory(username="carla", email="carla@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(5):
            assert _ask(client, "carla@example.org", address=f"192.0.2.{number}").status_code == 302
        refused = _ask(client, "Carla@Example.org", address="192.0.2.99")
    assert refused.status_code == 429
    assert "Demasiadas solicitudes" in refused.content.decode()
    assert len(mail.outbox) == 5


def test_the_refusal_reads_the_same_for_an_unknown_e_mail(client):
    UserFactory(username="carla", email="carla@example.org")
    answers = {}
    for email in ("carla@example.org", "nobody@example.org"):
        for number in range(6):
            answers[email] = _ask(client, email, address=f"198.51.100.{number}")
    known, unknown = answers.values()
    assert known.status_code == unknown.status_code == 429
    message = "Intente de nuevo en 60 minutos"
    assert message in known.content.decode()
    assert message in unknown.content.decode()


def test_the_sixth_request_from_one_address_is_refused_whatever_the_e_mail(client):
    for number in range(5):
        assert _ask(client, f"person{number}@example.org").status_code == 302
    assert _ask(client, "person5@example.org").status_code == 429
    assert _ask(client, "person5@example.org", address="203.0.113.6").status_code == 302


def test_the_limits_come_from_the_settings(client, settings):
    settings.PASSWORD_RESET_LIMIT_PER_EMAIL = 2
    assert _ask(client, "carla@example.org", address="192.0.2.1").status_code == 302
    assert _ask(client, "carla@example.org", address="192.0.2.2").status_code == 302
    assert _ask(client, "carla@example.org", address="192.0.2.3").status_code == 429


def test_each_request_gets_its_own_e_mail_and_a_delivery_again_writes_none():
    person = UserFactory(username="carla", email="carla@example.org")
    send_password_reset_email(person.pk, "request-1")
    send_password_reset_email(person.pk, "request-1")  # the worker died after writing
    send_password_reset_email(person.pk, "request-2")
    assert len(mail.outbox) == 2
    assert MailDelivery.objects.filter(sent_at__isnull=False).count() == 2


def test_no_link_is_written_for_an_account_without_a_usable_password():
    person = UserFactory(username="carla", email="carla@example.org")
    person.set_unusable_password()
    person.save()
    send_password_reset_email(person.pk, "request-1")
    assert mail.outbox == []
