"""Celery tasks: resources. Reminders of overdue pledges, weekly at most per pledge."""

from celery import shared_task
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


@shared_task(ignore_result=True)
def send_pledge_reminder(reminder_id: int) -> None:
    """E-mail the committing organization's active representatives, each in their language."""
    reminder = (
        PledgeReminder.objects.select_related(
            "commitment__organization", "commitment__need__action"
        )
        .filter(pk=reminder_id)
        .first()
    )
    if reminder is None or reminder.sent_at is not None:
        return  # already sent: a retry is harmless
    commitment = reminder.commitment
    if commitment.status != CommitmentStatus.PLEDGED:
        return  # confirmed or cancelled meanwhile: nothing to remind
    representatives = [
        membership.user
        for membership in Membership.objects.filter(
            organization=commitment.organization,
            status=MembershipStatus.ACTIVE,
            role=MembershipRole.REPRESENTATIVE,
        )
        .select_related("user")
        .order_by("user_id")
    ]
    sent_to = []
    for user in representatives:
        if not user.email or not user.is_active:
            continue
        send_templated_mail(
            template="lap/resources/email/pledge_reminder",
            to=user.email,
            language=user.language,
            context={"commitment": commitment, "recipient": user},
        )
        sent_to.append(user.pk)
    PledgeReminder.objects.filter(pk=reminder.pk).update(sent_at=timezone.now(), recipients=sent_to)
