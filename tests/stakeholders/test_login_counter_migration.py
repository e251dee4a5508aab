"""Deploying the counters keeps a lock in force: recent failures become counters."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("stakeholders", "0002_text_limits")]
AFTER = [("stakeholders", "0003_login_counter")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_recent_failures_become_counters_and_old_ones_are_dropped():
    apps = _migrate(BEFORE)
    LoginFailure = apps.get_model("stakeholders", "LoginFailure")
    now = timezone.now()
    for minutes_ago in (1, 2, 3, 4, 5):
        LoginFailure.objects.create(
            username="coordinator",
            ip_address="203.0.113.5",
            created_at=now - timedelta(minutes=minutes_ago),
        )
    LoginFailure.objects.create(
        username="coordinator", ip_address="198.51.100.7", created_at=now - timedelta(hours=1)
    )
    LoginFailure.objects.create(username="ana", ip_address=None, created_at=now)

    apps = _migrate(AFTER)
    LoginCounter = apps.get_model("stakeholders", "LoginCounter")
    counters = {
        (counter.username, counter.address): counter.attempts
        for counter in LoginCounter.objects.all()
    }
    assert counters == {("coordinator", "203.0.113.5"): 5, ("ana", ""): 1}


@pytest.fixture(autouse=True)
def _back_to_the_latest_schema():
    """The tests after these on the same worker need every migration, later ones included."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    _migrate(executor.loader.graph.leaf_nodes())
