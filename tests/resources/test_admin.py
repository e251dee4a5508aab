"""The admin site only shows resources: changes go through the pages and the API (services),
which keep the version check, the delivery limits and the audit trail."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from lap.models import Commitment, Delivery, ExchangeRate
from lap.services import resources as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(world, client):
    client.force_login(world.superuser)
    return client


def test_the_superuser_reads_a_commitment_in_the_admin_without_a_save_button(
    superuser_client, pledge
):
    response = superuser_client.get(reverse("admin:lap_commitment_change", args=[pledge.pk]))
    assert response.status_code == 200
    assert b'name="_save"' not in response.content


def test_the_superuser_cannot_change_a_commitments_amount_or_status_in_the_admin(
    superuser_client, pledge
):
    response = superuser_client.post(
        reverse("admin:lap_commitment_change", args=[pledge.pk]),
        {"amount": "1", "status": "confirmed", "unit": "USD"},
    )
    assert response.status_code == 403
    pledge.refresh_from_db()
    assert (pledge.amount, pledge.status, pledge.version) == (Decimal("20000"), "pledged", 1)


def test_the_superuser_cannot_add_a_delivery_in_the_admin(superuser_client, confirmed):
    response = superuser_client.post(
        reverse("admin:lap_delivery_add"),
        {"commitment": confirmed.pk, "amount": "999999", "delivered_on": "2026-01-10"},
    )
    assert response.status_code == 403
    assert not Delivery.objects.exists()


def test_the_superuser_cannot_change_a_past_exchange_rate_in_the_admin(world, superuser_client):
    rate = services.exchange_rate_create(
        acting_user=world.coordinator,
        currency="USD",
        date=datetime.date(2026, 1, 10),
        rate_to_pen="3.75",
    )
    url = reverse("admin:lap_exchangerate_change", args=[rate.pk])
    response = superuser_client.post(
        url, {"currency": "USD", "date": "2026-01-10", "rate_to_pen": "9.99"}
    )
    assert response.status_code == 403
    rate.refresh_from_db()
    assert rate.rate_to_pen == Decimal("3.75")
    delete = superuser_client.post(
        reverse("admin:lap_exchangerate_delete", args=[rate.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert ExchangeRate.objects.filter(pk=rate.pk).exists()


def test_the_superuser_cannot_delete_a_commitment_in_the_admin(superuser_client, pledge):
    response = superuser_client.post(
        reverse("admin:lap_commitment_delete", args=[pledge.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Commitment.objects.filter(pk=pledge.pk).exists()


@pytest.mark.parametrize(
    "model", ["resourceneed", "commitment", "delivery", "exchangerate", "pledgereminder"]
)
def test_the_resources_admin_lists_load_and_search_for_the_superuser(
    superuser_client, pledge, confirmed, model
):
    response = superuser_client.get(reverse(f"admin:lap_{model}_changelist"), {"q": "company"})
    assert response.status_code == 200
    assert superuser_client.get(reverse(f"admin:lap_{model}_add")).status_code == 403
