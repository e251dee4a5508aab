"""Work left pending by a dead worker or a lost message, for the sweep (lap.tasks.sweep).

"Left" means pending for longer than settings.LAP_SWEEP_PENDING: work handed to a live worker
a moment ago is not taken for lost.
"""

import datetime

from django.conf import settings
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from lap.models.implementation import ProgressReminder
from lap.models.resources import PledgeReminder
from lap.models.rounds import ResultsStatus, Round
from stakeholders.models import Invitation


def _cutoff(now: datetime.datetime | None) -> datetime.datetime:
    return (now or timezone.now()) - settings.LAP_SWEEP_PENDING


def rounds_with_results_left_pending(*, now: datetime.datetime | None = None) -> "QuerySet[Round]":
    """Rounds whose results were handed to a worker long ago and are still not ready (rounds
    left pending before the hand-over was timed count from their close or publication)."""
    return (
        Round.objects.filter(results_status=ResultsStatus.PENDING)
        .annotate(
            pending_since=Coalesce(
                "results_pending_since", "published_at", "closed_at", "created_at"
            )
        )
        .filter(pending_since__lt=_cutoff(now))
        .order_by("pk")
    )


def pledge_reminders_left_unsent(
    *, now: datetime.datetime | None = None
) -> "QuerySet[PledgeReminder]":
    """Reminders recorded long ago and never sent: never taken by a worker, or taken by one
    that died (its claim is older than the bound)."""
    cutoff = _cutoff(now)
    return (
        PledgeReminder.objects.filter(sent_at__isnull=True)
        .filter(Q(claimed_at__isnull=True, created_at__lt=cutoff) | Q(claimed_at__lt=cutoff))
        .order_by("pk")
    )


def progress_reminders_left_unsent(
    *, now: datetime.datetime | None = None
) -> "QuerySet[ProgressReminder]":
    """Progress reminders recorded long ago and never marked sent (their task was lost, or its
    worker died before writing to everyone: the addresses written to are skipped again)."""
    return ProgressReminder.objects.filter(
        sent_at__isnull=True, created_at__lt=_cutoff(now)
    ).order_by("pk")


def invitations_left_unsent(*, now: datetime.datetime | None = None) -> "QuerySet[Invitation]":
    """Invitations still usable, created long ago, whose e-mail never went out."""
    usable: QuerySet[Invitation] = Invitation.objects.usable()  # (an untyped queryset method)
    return usable.filter(sent_at__isnull=True, created_at__lt=_cutoff(now)).order_by("pk")
