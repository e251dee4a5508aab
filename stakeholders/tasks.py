"""Background work about people: e-mails. Tasks take ids and re-read the database."""

from celery import shared_task
from celery.contrib.django.task import DjangoTask
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from lap.models import MailDelivery
from lap.tasks.outbox import job_of, send_once
from stakeholders.models import Invitation, LoginCounter, User


# base=DjangoTask, the app's task class already (Celery's Django fix-up): it says so to mypy,
# which then knows delay_on_commit.
@shared_task(base=DjangoTask, ignore_result=True)
def send_invitation_email(invitation_id: int) -> None:
    invitation = (
        Invitation.objects.select_related("organization", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.is_usable or invitation.sent_at:
        return  # revoked, used or already sent: nothing to do, so a retry is harmless
    # Once, even when delivered again after a worker died between the e-mail and sent_at (and
    # the sweep hands it again if left unsent: lap.tasks.sweep).
    job = job_of(send_invitation_email, invitation_id)
    send_once(
        job=job,
        template="stakeholders/email/invitation",
        to=invitation.email,
        language=invitation.language,
        context={"invitation": invitation, "token": invitation.token},
    )
    if MailDelivery.objects.filter(job=job, sent_at__isnull=False).exists():
        Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())


@shared_task(base=DjangoTask, ignore_result=True)
def send_password_reset_emails(user_ids: list[int], request_id: str) -> None:
    """One reset request: a task per account using the e-mail given (often none)."""
    for user_id in user_ids:
        send_password_reset_email.delay(user_id, request_id)


@shared_task(ignore_result=True)
def send_password_reset_email(user_id: int, request_id: str) -> None:
    """The reset link, in the person's own language (not the language of the page used).

    The link is made here, so no token travels through the broker; written once per request
    even when delivered again after a worker died (the sweep hands it again if left unsent).
    """
    user = User.objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None or not user.has_usable_password():
        return
    send_once(
        job=job_of(send_password_reset_email, user_id, request_id),
        template="stakeholders/email/password_reset",
        to=user.email,
        language=user.language,
        context={
            "user": user,
            "uid": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


@shared_task(ignore_result=True)
def purge_old_login_failures() -> int:
    """Counters last tried before the cool-off lock nothing and would restart: drop them."""
    deleted, _by_model = LoginCounter.objects.filter(
        last_attempt_at__lt=timezone.now() - settings.LOGIN_COOLOFF
    ).delete()
    return deleted
