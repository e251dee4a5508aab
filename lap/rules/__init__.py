"""Permission predicates of the plan, one module per area (django-rules imports `lap.rules`)."""

from lap.rules import actions, implementation, resources, rounds, vision  # noqa: F401
