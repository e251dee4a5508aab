"""A facilitator scoring for a member never reads the member's own (private) scores."""

import re

from django.urls import reverse

from lap.services import rounds as services
from tests.factories import ActionFactory
from tests.rounds.conftest import open_round


def _member_scores_alone(world, round_, action):
    services.scores_submit(
        acting_user=world.member,
        round=round_,
        scores=[
            {"action": action.pk, "criterion": "impact", "value": 4},
            {"action": action.pk, "criterion": "feasibility", "value": 2},
        ],
    )


def test_the_scoring_page_shows_a_facilitator_none_of_the_members_own_scores(world, client):
    action = ActionFactory(state="accepted")
    round_ = open_round(world, actions=[action])
    _member_scores_alone(world, round_, action)
    client.force_login(world.facilitator)
    url = reverse("round-score", kwargs={"pk": round_.pk})
    page = client.get(url, {"person": world.member.pk, "action": action.pk}).content.decode()
    assert re.findall(r'<input[^>]*name="c_[^>]*checked[^>]*>', page) == []


def test_the_api_answers_a_facilitator_with_only_what_they_entered(world, api_client):
    action = ActionFactory(state="accepted")
    round_ = open_round(world, actions=[action])
    _member_scores_alone(world, round_, action)
    api_client.force_authenticate(world.facilitator)
    response = api_client.post(
        reverse("api:round-scores", kwargs={"pk": round_.pk}),
        {
            "scores": [{"action": action.pk, "criterion": "impact", "value": 5}],
            "on_behalf_of": world.member.pk,
        },
        format="json",
    )
    assert response.status_code == 201
    assert [(item["criterion"], item["value"]) for item in response.json()] == [("impact", 5)]


def test_a_member_still_sees_all_their_own_scores(world, client):
    action = ActionFactory(state="accepted")
    round_ = open_round(world, actions=[action])
    _member_scores_alone(world, round_, action)
    client.force_login(world.member)
    page = client.get(reverse("round-score", kwargs={"pk": round_.pk}), {"action": action.pk})
    assert len(re.findall(r'<input[^>]*name="c_[^>]*checked[^>]*>', page.content.decode())) == 2
