"""Consent dates: a decision cannot be dated after today in Lima, and the assembly and decision
dates are shown on the action's page."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lap.models.actions import ConsentProcess, ConsentRecord
from lap.services import actions as services
from tests.actions.test_consent import _accepted

pytestmark = pytest.mark.django_db

# 03:00 UTC on 1 March is still 28 February, 22:00, in Lima (UTC-5).
LATE_EVENING_IN_LIMA = datetime.datetime(2026, 3, 1, 3, 0, tzinfo=datetime.UTC)


@pytest.fixture
def evening_in_lima(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: LATE_EVENING_IN_LIMA)


def test_a_decision_dated_tomorrow_in_lima_is_refused_and_nothing_is_recorded(
    world, lamas, propose, evening_in_lima
):
    action = _accepted(world, propose)
    community = lamas["communities"]["chirikyacu"]
    with pytest.raises(ValidationError) as refused:
        services.consent_record(
            acting_user=world.representatives["indigenous"],
            action=action,
            community=community,
            state="consent",
            decided_on=datetime.date(2026, 3, 1),  # already today in UTC, tomorrow in Lima
        )
    assert "decided_on" in refused.value.message_dict
    assert not ConsentRecord.objects.exists()
    process = ConsentProcess.objects.get(concerned__action=action, concerned__community=community)
    assert process.state == "pending"
    assert process.decided_on is None


def test_a_decision_dated_today_in_lima_is_accepted(world, lamas, propose, evening_in_lima):
    action = _accepted(world, propose)
    entry = services.consent_record(
        acting_user=world.representatives["indigenous"],
        action=action,
        community=lamas["communities"]["chirikyacu"],
        state="consent",
        decided_on=datetime.date(2026, 2, 28),
    )
    assert entry.decided_on == datetime.date(2026, 2, 28)


def test_the_consent_page_shows_the_future_decision_as_a_field_error(
    world, lamas, propose, client, evening_in_lima
):
    action = _accepted(world, propose)
    community = lamas["communities"]["chirikyacu"]
    client.force_login(world.representatives["indigenous"])
    response = client.post(
        reverse("action-consent", args=[action.pk, community.pk]),
        {"state": "consent", "decided_on": "2026-03-01"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["decided_on"]
    assert errors == [
        "Una decisión no puede tener fecha posterior a hoy (28/02/2026): regístrela cuando "
        "se haya tomado."
    ]
    assert not ConsentRecord.objects.exists()


def test_the_api_refuses_a_future_decision_with_the_translated_message(
    world, lamas, propose, api_client, evening_in_lima
):
    action = _accepted(world, propose)
    api_client.force_authenticate(world.representatives["indigenous"])
    response = api_client.post(
        reverse("api:action-consents", args=[action.pk]),
        {
            "community": lamas["communities"]["chirikyacu"].pk,
            "state": "consent",
            "decided_on": "2026-03-01",
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["decided_on"] == [
        "A decision cannot be dated after today (02/28/2026): record it once it is taken."
    ]
    assert not ConsentRecord.objects.exists()


def test_the_action_page_shows_the_assembly_and_decision_dates(world, lamas, propose, client):
    action = _accepted(world, propose)
    services.consent_record(
        acting_user=world.representatives["indigenous"],
        action=action,
        community=lamas["communities"]["chirikyacu"],
        state="consent",
        information_shared_on=datetime.date(2025, 11, 3),
        assembly_date=datetime.date(2025, 12, 6),
        decided_on=datetime.date(2025, 12, 7),
    )
    page = client.get(reverse("action-detail", args=[action.pk])).content.decode()
    assert 'data-testid="assembly-date">2025-12-06<' in page
    assert 'data-testid="decided-on">2025-12-07<' in page
    assert "Fecha de la asamblea" in page
    assert "Decidido el" in page
