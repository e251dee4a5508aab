"""Objects the resources tests stand on: an approved action of the smallholder organization in
two districts, and helpers to sign in through the API."""

import datetime
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from lap.services import resources as services
from tests.factories import ActionFactory, DistrictFactory

RATE_DAY = datetime.date(2026, 1, 10)
LATER_DAY = datetime.date(2026, 2, 10)


@pytest.fixture
def action(world):
    return ActionFactory(
        title="Agroforestry cacao in buffer zones",
        state="approved",
        proposing_organization=world.smallholder,
        proposer=world.member,
        districts=[
            DistrictFactory(ubigeo="220501", name="Lamas"),
            DistrictFactory(ubigeo="220507", name="Pinto Recodo"),
        ],
    )


@pytest.fixture
def money_need(world, action):
    return services.need_create(
        acting_user=world.coordinator, action=action, kind="finance", amount="100000", unit="PEN"
    )


@pytest.fixture
def pledge(world, money_need):
    """The company's pledge of 20,000 USD, expected in the past (so it is overdue)."""
    return services.commitment_create(
        acting_user=world.representatives["company"],
        need=money_need,
        amount=Decimal("20000"),
        unit="USD",
        expected_on=datetime.date(2026, 1, 5),
    )


@pytest.fixture
def confirmed(world, money_need):
    commitment = services.commitment_create(
        acting_user=world.representatives["government"],
        need=money_need,
        amount=Decimal("30000"),
        unit="PEN",
        expected_on=datetime.date(2026, 1, 5),
    )
    return services.commitment_confirm(
        acting_user=world.representatives["government"], commitment=commitment
    )


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client
