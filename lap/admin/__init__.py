"""Admin pages of the plan, one module per area (Django imports `lap.admin`)."""

from lap.admin import actions, audit, implementation, resources, rounds, vision  # noqa: F401
