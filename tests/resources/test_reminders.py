"""Overdue pledges are reminded by e-mail to the person who committed them (or, when they no
longer represent the organization, to its other representatives), in their language, at most
once a week."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from lap.models import PledgeReminder
from lap.services import resources as services
from lap.tasks.resources import remind_overdue_pledges
from tests.factories import member_of


@pytest.fixture(autouse=True)
def _tasks_run_here():
    """The e-mail task runs in the test process even when a broker is configured."""
    from lap.celery import app

    before = app.conf.task_always_eager
    app.conf.update(task_always_eager=True)
    yield
    app.conf.update(task_always_eager=before)


def _run(django_capture_on_commit_callbacks) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        return remind_overdue_pledges()


def test_an_overdue_pledge_is_reminded_to_the_representative_who_committed_it_only(
    world, pledge, django_capture_on_commit_callbacks
):
    committer = world.representatives["company"]
    committer.language = "en"
    committer.save(update_fields=["language"])
    member_of(world.company, role="representative", username="other-rep", language="es")
    assert _run(django_capture_on_commit_callbacks) == 1
    assert [message.to for message in mail.outbox] == [[committer.email]]
    assert "overdue" in mail.outbox[0].subject
    assert "20000.00 USD" in mail.outbox[0].body
    # Neither the other representative nor the plain member of the company is written to:
    assert PledgeReminder.objects.get().recipients == [committer.pk]
    assert PledgeReminder.objects.get().sent_at is not None


def test_when_the_committer_is_no_longer_a_representative_the_other_representatives_are_reminded(
    world, pledge, django_capture_on_commit_callbacks
):
    committer = world.representatives["company"]
    committer.memberships.filter(organization=world.company).update(role="member")
    english = member_of(world.company, role="representative", username="english-rep", language="en")
    spanish = member_of(world.company, role="representative", username="spanish-rep", language="es")
    assert _run(django_capture_on_commit_callbacks) == 1
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted([english.email, spanish.email])
    assert committer.email not in recipients
    assert world.members["company"].email not in recipients
    in_english = next(message for message in mail.outbox if message.to == [english.email])
    assert "overdue" in in_english.subject
    assert "20000.00 USD" in in_english.body
    assert sorted(PledgeReminder.objects.get().recipients) == sorted([english.pk, spanish.pk])


def test_when_the_committer_has_left_the_organization_its_other_representatives_are_reminded(
    world, pledge, django_capture_on_commit_callbacks
):
    world.representatives["company"].memberships.update(status="revoked")
    other = member_of(world.company, role="representative", username="other-rep")
    assert _run(django_capture_on_commit_callbacks) == 1
    assert [message.to for message in mail.outbox] == [[other.email]]


def test_a_pledge_is_not_reminded_twice_within_a_week(
    world, pledge, django_capture_on_commit_callbacks
):
    assert _run(django_capture_on_commit_callbacks) == 1
    assert _run(django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 1
    PledgeReminder.objects.update(created_at=timezone.now() - datetime.timedelta(days=8))
    assert _run(django_capture_on_commit_callbacks) == 1
    assert len(mail.outbox) == 2


def test_confirmed_and_future_pledges_are_not_reminded(
    world, pledge, confirmed, django_capture_on_commit_callbacks
):
    services.commitment_confirm(acting_user=world.coordinator, commitment=pledge)
    services.commitment_create(
        acting_user=world.representatives["company"],
        need=pledge.need,
        amount="10",
        unit="PEN",
        expected_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    assert _run(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_the_reminder_task_is_scheduled_by_beat(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["remind-overdue-pledges"]
    assert schedule["task"] == "lap.tasks.resources.remind_overdue_pledges"
