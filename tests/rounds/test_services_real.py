"""What only means something on the real PostgreSQL and Redis: concurrent scoring, and the
results of a large round computed by a real Celery worker."""

import threading
import time

import pytest
from django.db import connection

from lap.models.rounds import ActionResult, ResultsStatus, Round, Score
from lap.services import rounds as services
from tests.factories import ActionFactory
from tests.rounds.conftest import open_round

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_two_identical_score_requests_at_the_same_moment_leave_one_score(world):
    round_ = open_round(world)
    action = round_.candidates.get().action
    body = [
        {"action": action.pk, "criterion": "impact", "value": 4},
        {"action": action.pk, "criterion": "feasibility", "value": 2},
    ]
    barrier = threading.Barrier(2)
    errors = []

    def submit():
        try:
            barrier.wait()
            services.scores_submit(acting_user=world.member, round=round_, scores=body)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(Score.objects.values_list("criterion__key", "value")) == [
        ("feasibility", 2),
        ("impact", 4),
    ]
    assert round_.participations.count() == 1


def test_a_large_round_is_published_by_a_real_celery_worker(world, settings):
    from celery.contrib.testing.worker import start_worker

    from lap.celery import app

    settings.LAP_ROUND_TASK_THRESHOLD = 1  # two scores make this round "large"
    first, second = ActionFactory(state="accepted"), ActionFactory(state="accepted")
    round_ = open_round(world, actions=[first, second], quorum=1)
    services.scores_submit(
        acting_user=world.member,
        round=round_,
        scores=[
            {"action": first.pk, "criterion": "impact", "value": 1},
            {"action": second.pk, "criterion": "impact", "value": 5},
        ],
    )
    with start_worker(app, perform_ping_check=False, shutdown_timeout=20):
        round_ = services.round_close(acting_user=world.coordinator, round=round_)
        assert round_.results_status == ResultsStatus.PENDING  # handed to the worker
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if Round.objects.get(pk=round_.pk).results_status == ResultsStatus.READY:
                break
            time.sleep(0.2)
    assert Round.objects.get(pk=round_.pk).results_status == ResultsStatus.READY
    assert dict(ActionResult.objects.values_list("action_id", "rank")) == {
        second.pk: 1,
        first.pk: 2,
    }
    # Idempotent: running the task again leaves the same results.
    from lap.tasks.rounds import recompute_round_results

    recompute_round_results(round_.pk)
    assert dict(ActionResult.objects.values_list("action_id", "rank")) == {
        second.pk: 1,
        first.pk: 2,
    }
