"""Celery tasks: implementation. Reminders to report on actions in progress without news."""

from celery import shared_task
from django.utils import timezone

from lap.models.actions import ActionState
from lap.models.implementation import ProgressReminder
from lap.rules.implementation import implementing_organization_ids
from lap.selectors.implementation import actions_without_news
from lap.services.implementation import progress_reminder_record
from lap.tasks.outbox import job_of, send_once
from stakeholders.models import Membership, MembershipRole, MembershipStatus


@shared_task(ignore_result=True)
def remind_stale_actions() -> int:
    """Scheduled (beat): record a reminder for every action in progress with no published update
    for LAP_PROGRESS_STALE_AFTER that was not reminded in LAP_PROGRESS_REMINDER_INTERVAL. Each
    action in its own transaction under a row lock. Returns the number recorded."""
    recorded = 0
    for action_id in actions_without_news().values_list("pk", flat=True):
        if progress_reminder_record(action_id=action_id) is not None:
            recorded += 1
    return recorded


@shared_task(ignore_result=True)
def send_progress_reminder(reminder_id: int) -> None:
    """E-mail the active representatives of the action's implementing organizations, each in
    their language. Idempotent (acknowledged late, re-queued by the sweep): each address is
    written to once per reminder (lap.tasks.outbox), and the reminder is marked sent last."""
    reminder = ProgressReminder.objects.select_related("action").filter(pk=reminder_id).first()
    if reminder is None or reminder.sent_at is not None:
        return
    action = reminder.action
    if action.state == ActionState.IN_PROGRESS:
        representatives = (
            Membership.objects.filter(
                organization_id__in=implementing_organization_ids(action),
                status=MembershipStatus.ACTIVE,
                role=MembershipRole.REPRESENTATIVE,
                user__is_active=True,
            )
            .exclude(user__email="")
            .select_related("user")
            .order_by("user_id")
        )
        for user in dict.fromkeys(membership.user for membership in representatives):
            send_once(
                job=job_of(send_progress_reminder, reminder_id),
                to=user.email,
                template="lap/implementation/email/progress_reminder",
                language=user.language,
                context={"action": action, "recipient": user},
            )
    ProgressReminder.objects.filter(pk=reminder.pk).update(sent_at=timezone.now())
