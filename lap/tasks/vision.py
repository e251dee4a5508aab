"""Celery tasks: vision. E-mails to the members of every organization, in each one's language,
once per address however often the task is delivered (lap.tasks.outbox)."""

from celery import shared_task
from celery.contrib.django.task import DjangoTask
from django.db.models import Q, QuerySet

from lap.models import VisionAdoption, VisionVersion
from lap.tasks.outbox import job_of, send_once
from stakeholders.models import User
from stakeholders.selectors import active_members


def _members_of_every_organization() -> "QuerySet[User]":
    """Everyone with an active membership and an e-mail address, once each."""
    return active_members().exclude(Q(email="") | Q(email__isnull=True)).order_by("pk")


# base=DjangoTask, the app's task class already (Celery's Django fix-up): it says so to mypy,
# which then knows delay_on_commit.
@shared_task(base=DjangoTask, ignore_result=True)
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


@shared_task(base=DjangoTask, ignore_result=True)
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
