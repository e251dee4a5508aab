"""A real Celery worker, over Redis, runs a task enqueued on commit and changes the database.
Under pytest-xdist, each xdist worker's Celery workers use its own broker db and test database."""

import os
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail
from django.db import connection

from lap.celery import app
from stakeholders import services
from stakeholders.models import Invitation
from tests.conftest import GIVEN_BROKER_URL, worker_broker_url


@pytest.fixture
def real_worker():
    app.conf.task_always_eager = False
    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
        yield
    # The worker thread's persistent database connection outlives it; close it so that the
    # test database can be dropped at the end of the run.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_the_invitation_and_records_it(world, real_worker):
    invitation = services.invitation_create(
        acting_user=world.coordinator, organization=world.company, email="socio@example.org"
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        invitation.refresh_from_db()
        if invitation.sent_at:
            break
        time.sleep(0.2)
    assert invitation.sent_at is not None, "the worker did not run the task within 30 s"
    assert [message.to for message in mail.outbox] == [["socio@example.org"]]


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_task_is_not_enqueued_when_the_transaction_rolls_back(world, real_worker):
    from django.db import transaction

    def invite_then_fail():
        with transaction.atomic():
            services.invitation_create(
                acting_user=world.coordinator, organization=world.company, email="x@example.org"
            )
            raise RuntimeError("the request failed after the invitation was written")

    with pytest.raises(RuntimeError, match="after the invitation was written"):
        invite_then_fail()
    time.sleep(2)
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_each_xdist_worker_takes_the_broker_db_plus_its_number():
    url = "redis://127.0.0.1:6379/6"
    assert worker_broker_url(url, None) == url
    assert worker_broker_url(url, "gw0") == url
    assert worker_broker_url(url, "gw1") == "redis://127.0.0.1:6379/7"
    assert worker_broker_url("redis://:secret@redis:6379/0?a=1", "gw3") == (
        "redis://:secret@redis:6379/3?a=1"
    )
    assert worker_broker_url("redis://127.0.0.1:6379", "gw2") == "redis://127.0.0.1:6379/2"
    assert worker_broker_url("", "gw1") == ""
    with pytest.raises(pytest.UsageError, match="would need Redis db 16"):
        worker_broker_url("redis://127.0.0.1:6379/15", "gw1")


@pytest.mark.services
@pytest.mark.django_db
def test_the_workers_of_this_xdist_worker_use_its_own_broker_db_and_test_database():
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    assert worker_broker_url(GIVEN_BROKER_URL, worker) == settings.CELERY_BROKER_URL
    with app.connection_for_write() as broker:
        assert broker.as_uri(include_password=True) == settings.CELERY_BROKER_URL
    assert os.environ["CELERY_BROKER_URL"] == settings.CELERY_BROKER_URL  # for subprocesses
    name = connection.settings_dict["NAME"]
    assert name.startswith("test_")
    if worker:
        assert name.endswith(f"_{worker}")
