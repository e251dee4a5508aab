"""Whom a facilitator may score for: the active members (stakeholders.selectors.active_members),
never a deactivated account, even one that still holds an active membership."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lap.models.rounds import Score
from lap.services import rounds as services
from tests.factories import ActionFactory, member_of
from tests.rounds.conftest import open_round


@pytest.fixture
def deactivated(world):
    """An account switched off by an administrator; its membership is still active."""
    person = member_of(world.government, username="deactivated-member")
    person.is_active = False
    person.save(update_fields=["is_active"])
    return person


def _option(person) -> str:
    return f'<option value="{person.pk}"'


def test_a_facilitator_cannot_score_for_a_deactivated_user(world, client, deactivated):
    action = ActionFactory(state="accepted")
    round_ = open_round(world, actions=[action])
    client.force_login(world.facilitator)
    url = reverse("round-score", kwargs={"pk": round_.pk})

    page = client.get(url, {"person": deactivated.pk, "action": action.pk})
    sent = client.post(
        f"{url}?action={action.pk}",
        {"person": deactivated.pk, "action": action.pk, "c_impact": 4},
    )

    assert (page.status_code, sent.status_code) == (404, 404)
    with pytest.raises(ValidationError):
        services.scores_submit(
            acting_user=world.facilitator,
            round=round_,
            scores=[{"action": action.pk, "criterion": "impact", "value": 4}],
            on_behalf_of=deactivated.pk,
        )
    assert not Score.objects.filter(round=round_).exists()


def test_the_facilitators_list_of_members_leaves_deactivated_users_out(world, client, deactivated):
    round_ = open_round(world)
    client.force_login(world.facilitator)

    page = client.get(reverse("round-score", kwargs={"pk": round_.pk})).content.decode()

    assert _option(world.member) in page
    assert _option(deactivated) not in page


def test_a_facilitator_still_scores_for_an_active_member(world, client):
    action = ActionFactory(state="accepted")
    round_ = open_round(world, actions=[action])
    client.force_login(world.facilitator)

    page = client.get(
        reverse("round-score", kwargs={"pk": round_.pk}),
        {"person": world.member.pk, "action": action.pk},
    )

    assert page.status_code == 200
    assert page.context["on_behalf_of"] == world.member
