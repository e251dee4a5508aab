"""E-mails of background tasks written once per address, whatever the deliveries of the task.

A task acknowledged late runs again when its worker died; `send_once` makes that harmless: each
address is claimed with a row (lap.models.MailDelivery) before its e-mail goes out and marked
sent after, so the second run skips those already written to or being written to by a live
worker. An address whose claim is older than LAP_SWEEP_PENDING (its worker died, or the mail
server failed) is written to by the task that the sweep hands again (`jobs_left_unsent`).
"""

import datetime
import json
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from lap.mail import send_templated_mail
from lap.models.outbox import MailDelivery

logger = logging.getLogger(__name__)

# How long a sent e-mail is remembered: far longer than any task is delivered again.
KEPT = datetime.timedelta(days=7)


def job_of(task, *args) -> str:
    """The name of one run of a task: its name and its (JSON) arguments."""
    return f"{task.name}:{json.dumps(list(args))}"


def _claim(job: str, to: str) -> bool:
    now = timezone.now()
    try:
        with transaction.atomic():  # a savepoint: a duplicate leaves the caller's usable
            MailDelivery.objects.create(job=job, to=to, claimed_at=now)
        return True
    except IntegrityError:  # written to, or being written to, by an earlier delivery
        return bool(
            MailDelivery.objects.filter(
                job=job,
                to=to,
                sent_at__isnull=True,
                claimed_at__lt=now - settings.LAP_SWEEP_PENDING,
            ).update(claimed_at=now)
        )


def send_once(*, job: str, to: str, template: str, language: str, context: dict) -> bool:
    """send_templated_mail, unless this run of the task already wrote to `to`. True if sent."""
    if not _claim(job, to):
        return False
    send_templated_mail(template=template, to=to, language=language, context=context)
    MailDelivery.objects.filter(job=job, to=to).update(sent_at=timezone.now())
    return True


def jobs_left_unsent(*, now=None) -> list[str]:
    """Task runs with an address claimed longer ago than the bound and never written to."""
    cutoff = (now or timezone.now()) - settings.LAP_SWEEP_PENDING
    return list(
        MailDelivery.objects.filter(sent_at__isnull=True, claimed_at__lt=cutoff)
        .order_by("job")
        .values_list("job", flat=True)
        .distinct()
    )


def requeue(job: str) -> bool:
    """Hand a task run again to the workers (it skips the addresses already written to)."""
    from lap.celery import app

    name, _, raw_args = job.partition(":")
    task = app.tasks.get(name)
    if task is None:
        logger.warning("Unsent e-mails of an unknown task %s: not re-queued.", name)
        return False
    task.delay(*json.loads(raw_args))
    return True


def forget_old_deliveries(*, now=None) -> int:
    """Drop the record of e-mails sent longer ago than KEPT: no delivery comes back so late."""
    deleted, _by_model = MailDelivery.objects.filter(
        sent_at__lt=(now or timezone.now()) - KEPT
    ).delete()
    return deleted
