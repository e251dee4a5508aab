"""Background work about people: e-mails. Tasks take ids and re-read the database."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from lap.mail import send_templated_mail
from lap.models import MailDelivery
from lap.tasks.outbox import job_of, send_once
from stakeholders.models import Invitation, LoginCounter, User


@shared_task(ignore_result=True)
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


@shared_task(ignore_result=True)
def send_password_reset_email(user_id: int, uid: str, token: str) -> None:
    """The reset link, in the person's own language (not the language of the page used)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return
    send_templated_mail(
        template="stakeholders/email/password_reset",
        to=user.email,
        language=user.language,
        context={"user": user, "uid": uid, "token": token},
    )


@shared_task(ignore_result=True)
def purge_old_login_failures() -> int:
    """Counters last tried before the cool-off lock nothing and would restart: drop them."""
    deleted, _by_model = LoginCounter.objects.filter(
        last_attempt_at__lt=timezone.now() - settings.LOGIN_COOLOFF
    ).delete()
    return deleted
