"""Background work about people: e-mails. Tasks take ids and re-read the database."""

from celery import shared_task
from django.utils import timezone

from lap.mail import send_templated_mail
from stakeholders.models import Invitation


@shared_task(ignore_result=True)
def send_invitation_email(invitation_id: int) -> None:
    invitation = (
        Invitation.objects.select_related("organization", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.is_usable or invitation.sent_at:
        return  # revoked, used or already sent: nothing to do, so a retry is harmless
    send_templated_mail(
        template="stakeholders/email/invitation",
        to=invitation.email,
        language=invitation.language,
        context={"invitation": invitation, "token": invitation.token},
    )
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())
