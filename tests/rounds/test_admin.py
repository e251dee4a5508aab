"""The admin site only shows rounds: changes go through the rounds pages (services, audited)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from lap.models.rounds import Round, Score
from lap.services import rounds as services
from tests.rounds.conftest import open_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored_round(world):
    round_ = open_round(world, quorum=2)
    action = round_.candidates.get().action
    services.scores_submit(
        acting_user=world.member,
        round=round_,
        scores=[
            {"action": action.pk, "criterion": "impact", "value": 4},
            {"action": action.pk, "criterion": "feasibility", "value": 2},
        ],
    )
    return round_


def test_the_superuser_sees_an_open_round_in_the_admin_without_a_save_button(
    world, client, scored_round
):
    client.force_login(world.superuser)
    response = client.get(reverse("admin:lap_round_change", args=[scored_round.pk]))
    assert response.status_code == 200
    assert b'name="_save"' not in response.content
    assert b"Priorities 2026" in response.content


def test_the_superuser_cannot_change_the_quorum_of_an_open_round_in_the_admin(
    world, client, scored_round
):
    client.force_login(world.superuser)
    response = client.post(
        reverse("admin:lap_round_change", args=[scored_round.pk]),
        {"name": scored_round.name, "quorum": 1, "state": "open"},
    )
    assert response.status_code == 403
    scored_round.refresh_from_db()
    assert scored_round.quorum == 2


def test_the_superuser_cannot_delete_a_round_and_its_scores_in_the_admin(
    world, client, scored_round
):
    client.force_login(world.superuser)
    response = client.post(
        reverse("admin:lap_round_delete", args=[scored_round.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Round.objects.filter(pk=scored_round.pk).exists()
    assert Score.objects.filter(round=scored_round).count() == 2


def test_the_superuser_cannot_add_a_round_in_the_admin(world, client):
    client.force_login(world.superuser)
    assert client.get(reverse("admin:lap_round_add")).status_code == 403


def test_scores_are_never_listed_in_the_admin(world, client, scored_round):
    assert Score not in admin.site._registry
    client.force_login(world.superuser)
    response = client.get(reverse("admin:lap_round_change", args=[scored_round.pk]))
    assert b"score_set" not in response.content
    assert b"scores-" not in response.content
