"""The plan's data, one module per area; importing them here registers the models."""

from lap.models.actions import *  # noqa: F403
from lap.models.audit import AuditEvent  # noqa: F401
from lap.models.implementation import *  # noqa: F403
from lap.models.objectives import *  # noqa: F403
from lap.models.outbox import MailDelivery  # noqa: F401
from lap.models.resources import *  # noqa: F403
from lap.models.rounds import *  # noqa: F403
from lap.models.vision import *  # noqa: F403
