"""Celery tasks: rounds. Tasks take ids and re-read the database."""

from celery import shared_task

from lap.models.rounds import ResultsStatus, Round, RoundState


@shared_task(ignore_result=True)
def recompute_round_results(round_id: int) -> None:
    """Scores -> stored results of a large round. Idempotent: a retry recomputes the same
    results from the same scores, and a published snapshot, once ready, is never touched again."""
    from lap.services.rounds import compute_results

    round_ = Round.objects.filter(pk=round_id).first()
    if round_ is None:
        return
    if round_.state == RoundState.PUBLISHED and round_.results_status == ResultsStatus.READY:
        return  # frozen
    compute_results(round_)
