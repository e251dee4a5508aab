"""Celery task: the sweep (beat, every LAP_SWEEP_INTERVAL) hands again to the workers what a
worker killed mid-task, or a message lost on the way, left pending for longer than
LAP_SWEEP_PENDING. Every task it re-queues is idempotent, so nothing is done twice, and what
was pending is done within LAP_SWEEP_PENDING + LAP_SWEEP_INTERVAL (plus the task's own time)."""

from celery import shared_task
from django.utils import timezone

from lap.models.rounds import ResultsStatus, Round
from lap.selectors.pending import (
    invitations_left_unsent,
    pledge_reminders_left_unsent,
    progress_reminders_left_unsent,
    rounds_with_results_left_pending,
)
from lap.tasks import outbox


@shared_task(ignore_result=True)
def sweep_pending_work() -> dict:
    """Re-queue round results left pending, and reminders, invitations and notifications
    left unsent.
    Returns how many of each were re-queued."""
    from lap.tasks.implementation import send_progress_reminder
    from lap.tasks.resources import send_pledge_reminder
    from lap.tasks.rounds import recompute_round_results
    from stakeholders.tasks import send_invitation_email

    now = timezone.now()
    round_ids = list(rounds_with_results_left_pending(now=now).values_list("pk", flat=True))
    # Restart the clock, so that a computation longer than the bound is not queued again at
    # every sweep (a second delivery would only wait for the first and find the results ready).
    Round.objects.filter(pk__in=round_ids, results_status=ResultsStatus.PENDING).update(
        results_pending_since=now
    )
    for round_id in round_ids:
        recompute_round_results.delay(round_id)
    reminder_ids = list(pledge_reminders_left_unsent(now=now).values_list("pk", flat=True))
    for reminder_id in reminder_ids:
        send_pledge_reminder.delay(reminder_id)
    progress_ids = list(progress_reminders_left_unsent(now=now).values_list("pk", flat=True))
    for reminder_id in progress_ids:
        send_progress_reminder.delay(reminder_id)
    invitation_ids = list(invitations_left_unsent(now=now).values_list("pk", flat=True))
    for invitation_id in invitation_ids:
        send_invitation_email.delay(invitation_id)
    # Notifications (vision, actions) a dead worker left half written: the task again.
    jobs = [job for job in outbox.jobs_left_unsent(now=now) if outbox.requeue(job)]
    outbox.forget_old_deliveries(now=now)
    return {
        "rounds": len(round_ids),
        "reminders": len(reminder_ids),
        "progress_reminders": len(progress_ids),
        "invitations": len(invitation_ids),
        "notifications": len(jobs),
    }
