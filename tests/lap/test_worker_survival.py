"""A real Celery worker (a subprocess, prefork) killed with SIGKILL in the middle of publishing
a large round: a new worker, with its sweep (beat), completes the round's results without
anyone's help, equal to computing them directly, and sends each overdue-pledge reminder once;
the sweep also completes a round and sends a reminder whose messages were lost.

The task is caught mid-flight deterministically: the test holds a lock on the results table,
so the worker's computation waits on it (seen in pg_stat_activity) when it is killed. The
subprocesses use the test database, Redis db of CELERY_BROKER_URL (flushed), short bounds set
through the environment, and write e-mails to files so they can be counted.
"""

import contextlib
import datetime
import email
import os
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from lap.celery import app
from lap.models import PledgeReminder
from lap.models.rounds import ActionResult, ResultsStatus, Round
from lap.services import resources as resource_services
from lap.services import rounds as round_services
from lap.services.round_results import RESULT_COLUMNS
from lap.tasks.resources import remind_overdue_pledges
from tests.factories import ActionFactory
from tests.rounds.conftest import open_round

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
VISIBILITY_TIMEOUT = 4  # seconds: a dead worker's task goes back to the queue after this
SWEEP_INTERVAL = 2
SWEEP_PENDING = 3
# From the new worker's start: the sweep's bound (pending + interval), plus the computation
# and some slack for a loaded machine.
BOUND = SWEEP_PENDING + SWEEP_INTERVAL + 25
STARTUP = 90  # a worker's start on a loaded machine
OVERDUE = datetime.date(2026, 1, 5)


def _redis():
    import redis

    return redis.Redis.from_url(settings.CELERY_BROKER_URL)


def _database_url() -> str:
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Workers:
    """Celery workers started as subprocesses in their own process group, always killed."""

    def __init__(self, tmp_path: Path):
        self.tmp_path = tmp_path
        self.mail_dir = tmp_path / "mail"
        self.mail_dir.mkdir()
        self.running: list[subprocess.Popen] = []
        self.logs: list[Path] = []

    def start(self, name: str, *, beat: bool) -> subprocess.Popen:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.lap.worker_settings",
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "LAP_TEST_EMAIL_DIR": str(self.mail_dir),
            "LAP_BROKER_VISIBILITY_TIMEOUT_SECONDS": str(VISIBILITY_TIMEOUT),
            "LAP_SWEEP_INTERVAL_SECONDS": str(SWEEP_INTERVAL),
            "LAP_SWEEP_PENDING_SECONDS": str(SWEEP_PENDING),
        }
        command = [
            sys.executable, "-m", "celery", "-A", "lap", "worker", "--pool=prefork",
            "--concurrency=1", "--loglevel=INFO", f"--hostname={name}@%h", "--without-mingle",
            "--without-gossip",
        ]  # fmt: skip
        if beat:
            command += ["--beat", f"--schedule={self.tmp_path / 'beat-schedule'}"]
        log = self.tmp_path / f"{name}.log"
        self.logs.append(log)
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the pool's child dies with it
        )
        self.running.append(process)
        return process

    def wait_ready(self, process: subprocess.Popen) -> None:
        log = self.logs[self.running.index(process)]
        _wait(
            lambda: " ready." in log.read_text() or process.poll() is not None,
            timeout=STARTUP,
            what=f"the worker logging to {log.name} did not start",
            workers=self,
        )
        if process.poll() is not None:
            pytest.fail(f"the worker logging to {log.name} stopped\n{self.tail()}")

    def kill(self, process: subprocess.Popen) -> None:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def kill_all(self) -> None:
        for process in self.running:
            with contextlib.suppress(ProcessLookupError, subprocess.TimeoutExpired):
                self.kill(process)

    def tail(self) -> str:
        return "\n".join(f"--- {log.name}\n{log.read_text()[-3000:]}" for log in self.logs)

    def sent(self) -> list[str]:
        """The recipient of every e-mail the workers sent."""
        recipients = []
        for path in sorted(self.mail_dir.iterdir()):
            for chunk in path.read_text().split("-" * 79):
                if chunk.strip():
                    recipients.append(email.message_from_string(chunk.lstrip())["To"])
        return recipients


def _wait(condition, *, timeout: float, what: str, workers: Workers) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    pytest.fail(f"{what} within {timeout:.0f} s\n{workers.tail()}")


@pytest.fixture
def workers(tmp_path, settings):
    settings.LAP_ROUND_TASK_THRESHOLD = 1  # a handful of scores make the round "large"
    broker = _redis()
    broker.flushdb()  # this run's Redis db only: no task of an earlier run is redelivered
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    started = Workers(tmp_path)
    try:
        yield started
    finally:
        started.kill_all()
        app.conf.task_always_eager = previous
        broker.flushdb()
        # The killed workers' backends, and any other, so that the test database can be dropped.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


def _results(round_id: int) -> dict:
    return {
        row["action_id"]: row
        for row in ActionResult.objects.filter(round_id=round_id).values(
            "action_id", *RESULT_COLUMNS
        )
    }


def _overdue_pledge(world, need, sector: str):
    return resource_services.commitment_create(
        acting_user=world.representatives[sector],
        need=need,
        amount=Decimal("1000"),
        unit="PEN",
        expected_on=OVERDUE,
    )


def _scored_and_closed(world, settings) -> tuple[Round, dict]:
    """A round scored by three organizations and closed; its results computed directly are
    returned as the ones expected, then dropped, so that only the workers can bring them back."""
    actions = [ActionFactory(state="accepted") for _ in range(4)]
    round_ = open_round(world, actions=actions, quorum=1)
    for scorer, values in (
        (world.member, (5, 3, 1, 4)),
        (world.members["company"], (2, 5, 4, 1)),
        (world.members["government"], (4, 4, 2, 3)),
    ):
        round_services.scores_submit(
            acting_user=scorer,
            round=round_,
            scores=[
                {"action": action.pk, "criterion": criterion, "value": value}
                for action, value in zip(actions, values, strict=True)
                for criterion in ("impact", "feasibility")
            ],
        )
    settings.LAP_ROUND_TASK_THRESHOLD = 10_000
    round_ = round_services.round_close(acting_user=world.coordinator, round=round_)
    expected = _results(round_.pk)
    assert len(expected) == 4
    assert round_.results_status == ResultsStatus.READY
    ActionResult.objects.filter(round=round_).delete()
    settings.LAP_ROUND_TASK_THRESHOLD = 1
    return round_, expected


def test_a_worker_killed_mid_publish_loses_nothing_and_does_nothing_twice(world, workers, settings):
    round_, expected = _scored_and_closed(world, settings)
    # A second round whose results were left pending an hour ago, its message lost on the way.
    lost_round, lost_expected = _scored_and_closed(world, settings)
    Round.objects.filter(pk=lost_round.pk).update(
        results_status=ResultsStatus.PENDING,
        results_pending_since=timezone.now() - datetime.timedelta(hours=1),
    )

    # Overdue pledges of three organizations, and a fourth whose reminder was recorded an hour
    # ago but whose message was lost.
    action = ActionFactory(
        state="approved", proposing_organization=world.smallholder, proposer=world.member
    )
    need = resource_services.need_create(
        acting_user=world.coordinator, action=action, kind="finance", amount="100000", unit="PEN"
    )
    for sector in ("company", "government", "smallholder"):
        _overdue_pledge(world, need, sector)

    worker = workers.start("first", beat=False)
    workers.wait_ready(worker)
    lock = psycopg.connect(_database_url().replace("postgres://", "postgresql://"))
    try:
        # Hold the results table: the worker's computation will wait on it, mid-task.
        lock.execute(f"LOCK TABLE {ActionResult._meta.db_table} IN EXCLUSIVE MODE")
        round_ = round_services.round_publish(acting_user=world.coordinator, round=round_)
        assert round_.results_status == ResultsStatus.PENDING  # handed to the worker
        assert remind_overdue_pledges() == 3  # queued behind the round's task

        def waiting_on_the_lock() -> bool:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock' AND pid <> %s",
                    [lock.info.backend_pid],
                )
                return cursor.fetchone()[0] > 0

        _wait(
            waiting_on_the_lock,
            timeout=30,
            what="the first worker did not start computing the round's results",
            workers=workers,
        )
        workers.kill(worker)  # SIGKILL, mid-task: no acknowledgement, no clean-up
    finally:
        lock.rollback()
        lock.close()
    assert Round.objects.get(pk=round_.pk).results_status == ResultsStatus.PENDING
    assert PledgeReminder.objects.filter(sent_at__isnull=False).count() == 0

    fourth = _overdue_pledge(world, need, "indigenous")
    lost = PledgeReminder.objects.create(commitment=fourth)
    PledgeReminder.objects.filter(pk=lost.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=1)
    )

    workers.wait_ready(workers.start("second", beat=True))
    _wait(
        lambda: (
            not Round.objects.filter(results_status=ResultsStatus.PENDING).exists()
            and not PledgeReminder.objects.filter(sent_at__isnull=True).exists()
        ),
        timeout=BOUND,
        what="the second worker and its sweep did not complete the results and the reminders",
        workers=workers,
    )
    time.sleep(2 * SWEEP_INTERVAL + 1)  # more sweeps: none sends or computes anything again

    assert _results(round_.pk) == expected
    assert _results(lost_round.pk) == lost_expected
    assert sorted(workers.sent()) == sorted(
        world.representatives[sector].email
        for sector in ("company", "government", "smallholder", "indigenous")
    ), workers.tail()
    assert PledgeReminder.objects.count() == 4
