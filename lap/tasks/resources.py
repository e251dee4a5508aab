"""Celery tasks: resources. Reminders of overdue pledges, weekly at most per pledge."""

from celery import shared_task
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from lap.mail import send_templated_mail
from lap.models import CommitmentStatus, PledgeReminder
from lap.selectors.resources import overdue_pledges
from lap.services.resources import pledge_reminder_record
from stakeholders.models import Membership, MembershipRole, MembershipStatus


@shared_task(ignore_result=True)
def remind_overdue_pledges() -> int:
    """Scheduled (beat): record a reminder for every overdue pledge not reminded in 7 days.

    Each pledge is handled in its own transaction under a row lock, so two runs at once
    cannot remind the same pledge twice. Returns the number of reminders recorded.
    """
    recorded = 0
    for commitment_id in overdue_pledges().values_list("pk", flat=True):
        if pledge_reminder_record(commitment_id=commitment_id) is not None:
            recorded += 1
    return recorded


def _reachable(user) -> bool:
    return bool(user.is_active and user.email)


def pledge_reminder_recipients(commitment) -> list:
    """Who is reminded of an overdue pledge: the person who committed it while they still
    actively represent the committing organization (and can be written to); otherwise the
    organization's other active representatives."""
    representatives = [
        membership.user
        for membership in Membership.objects.filter(
            organization_id=commitment.organization_id,
            status=MembershipStatus.ACTIVE,
            role=MembershipRole.REPRESENTATIVE,
        )
        .select_related("user")
        .order_by("user_id")
    ]
    committer = next(
        (user for user in representatives if user.pk == commitment.committed_by_id), None
    )
    if committer is not None and _reachable(committer):
        return [committer]
    return [
        user
        for user in representatives
        if user.pk != commitment.committed_by_id and _reachable(user)
    ]


def _claim(reminder_id: int) -> bool:
    """Take the reminder for this worker: only one worker at a time sends it, and a claim older
    than LAP_SWEEP_PENDING (its worker died) may be taken again. A conditional UPDATE, so two
    deliveries at once cannot both win."""
    now = timezone.now()
    return bool(
        PledgeReminder.objects.filter(pk=reminder_id, sent_at__isnull=True)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - settings.LAP_SWEEP_PENDING))
        .update(claimed_at=now)
    )


@shared_task(ignore_result=True)
def send_pledge_reminder(reminder_id: int) -> None:
    """E-mail the person who committed (or, if they no longer represent the organization, its
    other active representatives), each in their language.

    Idempotent, for a task acknowledged late and re-queued by the sweep: the row is claimed
    first (a delivery that finds it sent, or claimed by a live worker, does nothing), each
    recipient is recorded as soon as their e-mail is out (so a worker dying midway leaves the
    others to the next delivery, never the same person twice), and the row is marked sent last.
    """
    if not _claim(reminder_id):
        return  # already sent, or being sent: the sweep re-queues it if its worker died
    reminder = (
        PledgeReminder.objects.select_related(
            "commitment__organization", "commitment__need__action"
        )
        .filter(pk=reminder_id)
        .first()
    )
    if reminder is None:
        return  # its pledge was deleted
    commitment = reminder.commitment
    sent_to = list(reminder.recipients)  # those a dead worker already wrote to
    if commitment.status != CommitmentStatus.PLEDGED:
        # Confirmed or cancelled meanwhile: nothing more to remind.
        if sent_to:
            PledgeReminder.objects.filter(pk=reminder.pk).update(sent_at=timezone.now())
        else:
            PledgeReminder.objects.filter(pk=reminder.pk).delete()
        return
    for user in pledge_reminder_recipients(commitment):
        if user.pk in sent_to:
            continue
        send_templated_mail(
            template="lap/resources/email/pledge_reminder",
            to=user.email,
            language=user.language,
            context={"commitment": commitment, "recipient": user},
        )
        sent_to.append(user.pk)
        PledgeReminder.objects.filter(pk=reminder.pk).update(
            recipients=sent_to, claimed_at=timezone.now()
        )
    PledgeReminder.objects.filter(pk=reminder.pk).update(sent_at=timezone.now(), recipients=sent_to)
