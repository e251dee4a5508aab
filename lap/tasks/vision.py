"""Celery tasks: vision. E-mails to the members of every organization, in each one's language,
once per address however often the task is delivered (lap.tasks.outbox)."""

from celery import shared_task
from django.db.models import Q

from lap.models import VisionAdoption, VisionVersion
from lap.tasks.outbox import job_of, send_once
from stakeholders.models import MembershipStatus, User


def _members_of_every_organization():
    """Everyone with an active membership and an e-mail address, once each."""
    return (
        User.objects.filter(memberships__status=MembershipStatus.ACTIVE, is_active=True)
        .exclude(Q(email="") | Q(email__isnull=True))
        .distinct()
        .order_by("pk")
    )


@shared_task(ignore_result=True)
def notify_vision_opened(version_id: int) -> None:
    version = VisionVersion.objects.filter(pk=version_id, state="open").first()
    if version is None:
        return  # closed or gone before the worker ran: nothing to announce
    for user in _members_of_every_organization():
        send_once(
            job=job_of(notify_vision_opened, version_id),
            template="lap/vision/email/opened",
            to=user.email,
            language=user.language,
            context={"version": version, "user": user},
        )


@shared_task(ignore_result=True)
def notify_vision_adopted(version_id: int) -> None:
    adoption = (
        VisionAdoption.objects.select_related("version")
        .prefetch_related("endorsers")
        .filter(version_id=version_id)
        .first()
    )
    if adoption is None:
        return
    endorsers = list(adoption.endorsers.order_by("name"))
    for user in _members_of_every_organization():
        send_once(
            job=job_of(notify_vision_adopted, version_id),
            template="lap/vision/email/adopted",
            to=user.email,
            language=user.language,
            context={
                "version": adoption.version,
                "adoption": adoption,
                "endorsers": endorsers,
                "user": user,
            },
        )
