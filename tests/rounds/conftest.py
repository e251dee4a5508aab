"""Helpers for the rounds tests: a round set up and opened by the coordinator of `world`."""

import pytest

from lap.services import rounds as services
from tests.factories import ActionFactory


def make_round(world, *, actions=None, criteria=None, sector_weights=None, quorum=2, **fields):
    actions = actions if actions is not None else [ActionFactory(state="accepted")]
    return services.round_create(
        acting_user=world.coordinator,
        name=fields.pop("name", "Priorities 2026"),
        quorum=quorum,
        criteria=criteria
        or [
            {"key": "impact", "name": "Impact", "weight": 3},
            {"key": "feasibility", "name": "Feasibility", "weight": 1},
        ],
        sector_weights=sector_weights,
        candidates=actions,
        **fields,
    )


def open_round(world, **kwargs):
    round_ = make_round(world, **kwargs)
    return services.round_open(acting_user=world.coordinator, round=round_)


@pytest.fixture
def open_round_with_two_actions(world):
    actions = [ActionFactory(state="accepted"), ActionFactory(state="accepted")]
    return open_round(world, actions=actions), actions
