"""Celery tasks: rounds. Tasks take ids and re-read the database."""

from celery import shared_task
from django.db import transaction

from lap.models.rounds import ResultsStatus, Round


@shared_task(ignore_result=True)
def recompute_round_results(round_id: int) -> None:
    """Scores -> stored results of a round whose results are pending (a large round closed,
    published or recomputed). Idempotent, so that it can be delivered again after a worker
    died (acknowledged late) or re-queued by the sweep: under the round's lock, only results
    still pending are computed, and a delivery that finds them ready does nothing, so a
    published snapshot, once ready, is never touched again. A worker killed midway leaves the
    results pending (the transaction dies with it) for the next delivery."""
    from lap.services.round_results import compute_results

    with transaction.atomic():
        round_ = Round.objects.select_for_update().filter(pk=round_id).first()
        if round_ is None or round_.results_status != ResultsStatus.PENDING:
            return
        compute_results(round_)
