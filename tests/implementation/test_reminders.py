"""Actions in progress with no news get a reminder to their representatives, at most once an
interval, in their language; a worker killed midway leaves the rest to the sweep, and nobody is
written to twice."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from lap.models import ActionTransition
from lap.models.implementation import ProgressReminder
from lap.models.outbox import MailDelivery
from lap.services import implementation as services
from lap.tasks.implementation import remind_stale_actions, send_progress_reminder
from lap.tasks.outbox import job_of
from lap.tasks.sweep import sweep_pending_work
from tests.factories import member_of

pytestmark = pytest.mark.django_db


def _ago(**delta) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**delta)


@pytest.fixture
def running(world, approved):
    """The approved action, started 100 days ago."""
    approved.state = "in_progress"
    approved.save()
    transition = ActionTransition.objects.create(
        action=approved, from_state="approved", to_state="in_progress", actor=world.representative
    )
    ActionTransition.objects.filter(pk=transition.pk).update(created_at=_ago(days=100))
    return approved


def _remind(capture):
    with capture(execute=True):
        return remind_stale_actions()


def test_an_action_without_news_reminds_its_representative_once_a_month_in_their_language(
    world, running, django_capture_on_commit_callbacks
):
    world.representative.language = "en"
    world.representative.save()
    assert _remind(django_capture_on_commit_callbacks) == 1
    assert [message.to for message in mail.outbox] == [[world.representative.email]]
    assert mail.outbox[0].subject == "How is “Shade trees on coffee plots” going?"
    assert f"/actions/{running.pk}/updates/new/" in mail.outbox[0].body
    assert _remind(django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 1
    # A month later, still no news: reminded again.
    ProgressReminder.objects.update(created_at=_ago(days=31))
    assert _remind(django_capture_on_commit_callbacks) == 1
    assert len(mail.outbox) == 2


def test_recent_news_or_a_recent_start_means_no_reminder(
    world, running, django_capture_on_commit_callbacks
):
    update = services.progress_update_create(
        acting_user=world.member,
        action=running,
        reported_on=datetime.date(2026, 11, 1),
        narrative="Planting started.",
    )
    services.progress_update_publish(acting_user=world.representative, update=update)
    assert _remind(django_capture_on_commit_callbacks) == 0
    # News older than LAP_PROGRESS_STALE_AFTER is no news.
    update.refresh_from_db()
    type(update).objects.filter(pk=update.pk).update(published_at=_ago(days=91))
    assert _remind(django_capture_on_commit_callbacks) == 1
    ProgressReminder.objects.all().delete()
    ActionTransition.objects.filter(action=running).update(created_at=_ago(days=5))
    assert _remind(django_capture_on_commit_callbacks) == 0


def test_the_sweep_finishes_a_reminder_a_dead_worker_left_and_writes_to_nobody_twice(
    world, running
):
    second = member_of(world.smallholder, role="representative", username="second-rep")
    reminder = ProgressReminder.objects.create(action=running)
    ProgressReminder.objects.filter(pk=reminder.pk).update(created_at=_ago(minutes=20))
    # The dead worker wrote to the first representative before it died.
    MailDelivery.objects.create(
        job=job_of(send_progress_reminder, reminder.pk),
        to=world.representative.email,
        claimed_at=_ago(minutes=19),
        sent_at=_ago(minutes=19),
    )
    assert sweep_pending_work()["progress_reminders"] == 1
    assert [message.to for message in mail.outbox] == [[second.email]]
    reminder.refresh_from_db()
    assert reminder.sent_at is not None
    send_progress_reminder(reminder.pk)  # delivered once more: nothing sent again
    assert sweep_pending_work()["progress_reminders"] == 0
    assert len(mail.outbox) == 1
