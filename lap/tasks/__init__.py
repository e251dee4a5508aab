"""Celery tasks of the plan, one module per area (Celery imports `lap.tasks`)."""

from lap.tasks import actions, implementation, resources, rounds, sweep, vision  # noqa: F401
