"""A real Celery worker, over Redis, runs a task enqueued on commit and changes the database."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import connection

from lap.celery import app
from stakeholders import services
from stakeholders.models import Invitation


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
