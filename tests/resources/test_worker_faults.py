"""What a worker killed mid-task leaves behind is done once by the next one: the sweep
re-queues round results left pending and reminders and invitations left unsent (for longer
than LAP_SWEEP_PENDING, not those a live worker just took), and running a task twice sends
or computes once. The real worker, killed with SIGKILL, is in tests/lap/test_worker_survival.py.
"""

import datetime
import os
import subprocess
import sys
from pathlib import Path

from django.core import mail
from django.utils import timezone

from lap.celery import app
from lap.models import PledgeReminder
from lap.models.rounds import ResultsStatus, Round
from lap.selectors.pending import (
    invitations_left_unsent,
    pledge_reminders_left_unsent,
    rounds_with_results_left_pending,
)
from lap.services import rounds as round_services
from lap.tasks.resources import remind_overdue_pledges, send_pledge_reminder
from lap.tasks.rounds import recompute_round_results
from lap.tasks.sweep import sweep_pending_work
from stakeholders import services as people
from stakeholders.models import Invitation
from tests.factories import member_of
from tests.rounds.conftest import make_round


def _ago(**delta) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**delta)


def _unsent_reminder(pledge, **fields) -> PledgeReminder:
    """A reminder recorded whose task never ran (lost with its worker)."""
    reminder = PledgeReminder.objects.create(commitment=pledge)
    PledgeReminder.objects.filter(pk=reminder.pk).update(**fields)
    return reminder


def test_the_worker_settings_survive_a_killed_worker(settings):
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.broker_transport_options["visibility_timeout"] == 3600
    sweep = settings.CELERY_BEAT_SCHEDULE["sweep-pending-work"]
    assert sweep["task"] == "lap.tasks.sweep.sweep_pending_work"
    assert sweep["schedule"] == 5 * 60
    assert datetime.timedelta(minutes=10) == settings.LAP_SWEEP_PENDING
    assert sweep["task"] in app.tasks


def test_the_sweep_s_and_the_broker_s_bounds_come_from_the_environment():
    show = (
        "from django.conf import settings as s; "
        "print(s.CELERY_BEAT_SCHEDULE['sweep-pending-work']['schedule'], "
        "s.LAP_SWEEP_PENDING.total_seconds(), "
        "s.CELERY_BROKER_TRANSPORT_OPTIONS['visibility_timeout'])"
    )

    def run(**env):
        return subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", show],
            cwd=Path(__file__).resolve().parents[2],
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            timeout=120,
        )

    configured = run(
        LAP_SWEEP_INTERVAL_SECONDS="7",
        LAP_SWEEP_PENDING_SECONDS="11",
        LAP_BROKER_VISIBILITY_TIMEOUT_SECONDS="13",
    )
    assert configured.stdout.splitlines()[-1].split() == ["7.0", "11.0", "13"], configured.stderr
    refused = run(LAP_SWEEP_PENDING_SECONDS="0")
    assert refused.returncode != 0
    assert "LAP_SWEEP_PENDING_SECONDS must be at least 1" in refused.stderr


# --- Reminders --------------------------------------------------------------------------------


def test_a_reminder_task_delivered_twice_sends_one_e_mail(world, pledge):
    reminder = _unsent_reminder(pledge)
    send_pledge_reminder(reminder.pk)
    send_pledge_reminder(reminder.pk)
    assert [message.to for message in mail.outbox] == [[world.representatives["company"].email]]
    reminder.refresh_from_db()
    assert reminder.sent_at is not None
    assert reminder.recipients == [world.representatives["company"].pk]


def test_an_unsent_reminder_does_not_block_the_pledge_s_reminder_for_a_week(
    world, pledge, django_capture_on_commit_callbacks
):
    _unsent_reminder(pledge, created_at=_ago(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        remind_overdue_pledges()
    # The reminder left unsent is the one sent (once), not a second one recorded beside it:
    assert [message.to for message in mail.outbox] == [[world.representatives["company"].email]]
    assert PledgeReminder.objects.get().sent_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        remind_overdue_pledges()
    assert len(mail.outbox) == 1  # sent this week: not reminded again


def test_a_reminder_being_sent_by_a_live_worker_is_left_to_it(world, pledge):
    reminder = _unsent_reminder(pledge, created_at=_ago(hours=1), claimed_at=_ago(minutes=1))
    assert list(pledge_reminders_left_unsent()) == []
    send_pledge_reminder(reminder.pk)  # a second delivery while the first is sending
    sweep_pending_work()
    assert mail.outbox == []


def test_the_sweep_sends_once_the_reminders_a_dead_worker_or_a_lost_message_left(world, pledge):
    committer = world.representatives["company"]
    committer.memberships.filter(organization=world.company).update(role="member")
    first = member_of(world.company, role="representative", username="first-rep")
    second = member_of(world.company, role="representative", username="second-rep")
    # A worker died after writing to the first representative, eleven minutes ago:
    half_sent = _unsent_reminder(
        pledge, created_at=_ago(minutes=12), claimed_at=_ago(minutes=11), recipients=[first.pk]
    )
    recent = _unsent_reminder(pledge)  # just recorded: its task is still on its way
    sent = _unsent_reminder(pledge, created_at=_ago(days=1), sent_at=_ago(days=1))

    assert list(pledge_reminders_left_unsent()) == [half_sent]
    assert sweep_pending_work()["reminders"] == 1
    assert [message.to for message in mail.outbox] == [[second.email]]
    half_sent.refresh_from_db()
    assert half_sent.sent_at is not None
    assert sorted(half_sent.recipients) == sorted([first.pk, second.pk])

    sweep_pending_work()
    assert len(mail.outbox) == 1  # nothing sent twice
    recent.refresh_from_db()
    sent.refresh_from_db()
    assert recent.sent_at is None
    assert sent.recipients == []


def test_a_reminder_of_a_pledge_confirmed_meanwhile_is_dropped(world, pledge):
    from lap.services import resources as services

    reminder = _unsent_reminder(pledge, created_at=_ago(hours=1))
    services.commitment_confirm(acting_user=world.coordinator, commitment=pledge)
    sweep_pending_work()
    assert mail.outbox == []
    assert not PledgeReminder.objects.filter(pk=reminder.pk).exists()
    assert list(pledge_reminders_left_unsent()) == []


# --- Round results ----------------------------------------------------------------------------


def _closed_round(world, name: str) -> Round:
    round_ = make_round(world, name=name, quorum=1)
    round_ = round_services.round_open(acting_user=world.coordinator, round=round_)
    return round_services.round_close(acting_user=world.coordinator, round=round_)


def _left_pending(round_: Round, since: datetime.datetime) -> None:
    Round.objects.filter(pk=round_.pk).update(
        results_status=ResultsStatus.PENDING, results_pending_since=since
    )


def test_the_sweep_recomputes_rounds_pending_for_longer_than_the_bound_only(world):
    old = _closed_round(world, "Left by a dead worker")
    recent = _closed_round(world, "Handed to a worker a minute ago")
    ready = _closed_round(world, "Computed")
    _left_pending(old, _ago(minutes=11))
    _left_pending(recent, _ago(minutes=1))

    assert list(rounds_with_results_left_pending()) == [old]
    assert sweep_pending_work()["rounds"] == 1
    statuses = dict(Round.objects.values_list("name", "results_status"))
    assert statuses == {
        "Left by a dead worker": ResultsStatus.READY,
        "Handed to a worker a minute ago": ResultsStatus.PENDING,
        "Computed": ResultsStatus.READY,
    }
    assert ready.results_status == ResultsStatus.READY


def test_a_published_round_left_pending_is_completed_by_the_sweep(world):
    round_ = _closed_round(world, "Published while the worker died")
    round_ = round_services.round_publish(acting_user=world.coordinator, round=round_)
    Round.objects.filter(pk=round_.pk).update(
        results_status=ResultsStatus.PENDING, results_pending_since=None
    )  # left pending before the hand-over was timed: counts from the publication
    Round.objects.filter(pk=round_.pk).update(published_at=_ago(minutes=30))
    sweep_pending_work()
    assert Round.objects.get(pk=round_.pk).results_status == ResultsStatus.READY


def test_a_round_task_delivered_again_after_the_results_are_ready_does_nothing(world):
    round_ = _closed_round(world, "Delivered twice")
    _left_pending(round_, timezone.now())
    recompute_round_results(round_.pk)
    computed = Round.objects.get(pk=round_.pk)
    assert computed.results_status == ResultsStatus.READY
    recompute_round_results(round_.pk)
    assert Round.objects.get(pk=round_.pk).results_computed_at == computed.results_computed_at


# --- Invitations ------------------------------------------------------------------------------


def test_the_sweep_sends_once_an_invitation_whose_e_mail_was_lost(
    world, django_capture_on_commit_callbacks
):
    invitation = people.invitation_create(
        acting_user=world.coordinator, organization=world.company, email="nueva@example.org"
    )  # its task never ran (no on-commit callbacks here): the message was lost
    assert mail.outbox == []
    assert list(invitations_left_unsent()) == []  # a moment ago: still on its way
    Invitation.objects.filter(pk=invitation.pk).update(created_at=_ago(minutes=11))
    assert sweep_pending_work()["invitations"] == 1
    sweep_pending_work()
    assert [message.to for message in mail.outbox] == [["nueva@example.org"]]


# --- Notifications ----------------------------------------------------------------------------


def _members_emails(world) -> list[str]:
    return sorted(p.email for p in [*world.members.values(), *world.representatives.values()])


def test_a_notification_task_delivered_twice_writes_to_each_person_once(world):
    from lap.services import vision as vision_services
    from lap.tasks.vision import notify_vision_opened
    from tests.vision.conftest import make_version

    version = make_version(world)
    vision_services.version_open(acting_user=world.coordinator, version=version)  # not run
    notify_vision_opened(version.pk)
    notify_vision_opened(version.pk)  # delivered again: its worker died before acknowledging
    assert sorted(message.to[0] for message in mail.outbox) == _members_emails(world)


def test_the_sweep_completes_a_notification_a_dead_worker_left_half_written(world):
    from lap.models import MailDelivery
    from lap.services import vision as vision_services
    from lap.tasks.outbox import job_of
    from lap.tasks.vision import notify_vision_opened
    from tests.vision.conftest import make_version

    version = make_version(world)
    vision_services.version_open(acting_user=world.coordinator, version=version)
    job = job_of(notify_vision_opened, version.pk)
    written, dying, *_ = _members_emails(world)
    # The dead worker wrote to the first person and was writing to the second, 11 minutes ago:
    MailDelivery.objects.create(
        job=job, to=written, claimed_at=_ago(minutes=12), sent_at=_ago(minutes=12)
    )
    MailDelivery.objects.create(job=job, to=dying, claimed_at=_ago(minutes=11))
    assert sweep_pending_work()["notifications"] == 1
    assert sorted(message.to[0] for message in mail.outbox) == [
        address for address in _members_emails(world) if address != written
    ]
    sweep_pending_work()
    assert len(mail.outbox) == len(_members_emails(world)) - 1  # nobody written to twice


def test_a_notification_being_written_by_a_live_worker_is_not_re_queued(world):
    from lap.models import MailDelivery

    MailDelivery.objects.create(
        job="lap.tasks.vision.notify_vision_opened:[1]",
        to="a@example.org",
        claimed_at=_ago(minutes=1),
    )
    assert sweep_pending_work()["notifications"] == 0


def test_an_invitation_delivered_again_after_its_e_mail_went_out_is_not_sent_twice(world):
    from lap.models import MailDelivery
    from lap.tasks.outbox import job_of
    from stakeholders.tasks import send_invitation_email

    invitation = people.invitation_create(
        acting_user=world.coordinator, organization=world.company, email="nueva@example.org"
    )
    # The worker died after the e-mail went out, before the invitation was marked sent:
    job = job_of(send_invitation_email, invitation.pk)
    MailDelivery.objects.create(
        job=job, to="nueva@example.org", claimed_at=_ago(minutes=1), sent_at=_ago(minutes=1)
    )
    send_invitation_email(invitation.pk)
    assert mail.outbox == []
    invitation.refresh_from_db()
    assert invitation.sent_at is not None
