"""Celery tasks: e-mails about actions. Tasks take ids and re-read the database; each address
is written to once per task run, however often the task is delivered (lap.tasks.outbox)."""

from celery import shared_task
from django.contrib.auth import get_user_model

from lap.models.actions import ActionTransition, ConsentRecord
from lap.tasks.outbox import job_of, send_once


@shared_task(ignore_result=True)
def notify_proposer_of_transition(transition_id: int) -> None:
    """Tell the proposer, in their language, that their action moved."""
    transition = (
        ActionTransition.objects.select_related("action__proposer", "actor")
        .filter(pk=transition_id)
        .first()
    )
    if transition is None:
        return
    proposer = transition.action.proposer
    if not proposer.email or not proposer.is_active:
        return
    send_once(
        job=job_of(notify_proposer_of_transition, transition_id),
        template="lap/actions/email/transition",
        to=proposer.email,
        language=proposer.language,
        context={"transition": transition, "action": transition.action, "recipient": proposer},
    )


@shared_task(ignore_result=True)
def notify_consent_withdrawn(record_id: int) -> None:
    """Tell the coordinators and the proposer, each in their language, that a community
    withdrew its consent (and whether the action was suspended)."""
    entry = (
        ConsentRecord.objects.select_related(
            "process__concerned__community", "process__concerned__action__proposer"
        )
        .filter(pk=record_id)
        .first()
    )
    if entry is None:
        return
    action = entry.process.concerned.action
    recipients = {
        user.pk: user
        for user in get_user_model().objects.filter(is_coordinator=True, is_active=True)
    }
    recipients.setdefault(action.proposer.pk, action.proposer)
    for user in recipients.values():
        if not user.email or not user.is_active:
            continue
        send_once(
            job=job_of(notify_consent_withdrawn, record_id),
            template="lap/actions/email/consent_withdrawn",
            to=user.email,
            language=user.language,
            context={
                "action": action,
                "community": entry.process.concerned.community,
                "record": entry,
                "recipient": user,
            },
        )


@shared_task(ignore_result=True)
def notify_consent_suspension(transition_id: int) -> None:
    """Tell the coordinators and the proposer, each in their language, that an approved or
    running action was suspended because a concerned community lacks consent (a community was
    added, or consent was withheld), as a consent withdrawal is told."""
    transition = (
        ActionTransition.objects.select_related("action__proposer").filter(pk=transition_id).first()
    )
    if transition is None:
        return
    action = transition.action
    recipients = {
        user.pk: user
        for user in get_user_model().objects.filter(is_coordinator=True, is_active=True)
    }
    recipients.setdefault(action.proposer.pk, action.proposer)
    for user in recipients.values():
        if not user.email or not user.is_active:
            continue
        send_once(
            job=job_of(notify_consent_suspension, transition_id),
            template="lap/actions/email/consent_suspension",
            to=user.email,
            language=user.language,
            context={"action": action, "transition": transition, "recipient": user},
        )
