"""The rounds pages as coordinators and members use them, on a phone and without JavaScript."""

import pytest
from django.conf import settings
from django.urls import reverse

from lap.models.rounds import Round, Score
from lap.services import rounds as services
from stakeholders.models import User
from tests.factories import ActionFactory, member_of
from tests.rounds.conftest import open_round


@pytest.fixture(autouse=True)
def _english(world, client):
    """These page tests read the English texts: every persona has chosen English."""
    User.objects.update(language="en")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def test_coordinator_creates_a_round_with_the_suggested_criteria_then_picks_candidates(
    world, client
):
    accepted = ActionFactory(state="accepted", title="Agroforestry in Tabalosos")
    ActionFactory(state="submitted", title="Not yet accepted")
    client.force_login(world.coordinator)
    page = client.get(reverse("round-create"))
    assert "Avoided deforestation" in page.content.decode()
    data = {
        "name": "Priorities 2027",
        "description": "",
        "quorum": 3,
        **{
            f"weight_{sector}": "1"
            for sector in (
                "government",
                "company",
                "smallholder",
                "indigenous",
                "civil_society",
                "academia",
            )
        },
        "weight_donor": "0",
        "criteria-TOTAL_FORMS": "2",
        "criteria-INITIAL_FORMS": "0",
        "criteria-0-name": "Water",
        "criteria-0-weight": "2",
        "criteria-1-name": "Carbon",
        "criteria-1-weight": "1.5",
    }
    response = client.post(reverse("round-create"), data)
    round_ = Round.objects.get()
    assert response.url == reverse("round-candidates", kwargs={"pk": round_.pk})
    assert [(c.key, str(c.weight)) for c in round_.criteria.all()] == [
        ("water", "2.00"),
        ("carbon", "1.50"),
    ]
    assert round_.sector_weights.get(sector="donor").weight == 0
    page = client.get(reverse("round-candidates", kwargs={"pk": round_.pk})).content.decode()
    assert "Agroforestry in Tabalosos" in page
    assert "Not yet accepted" not in page
    client.post(reverse("round-candidates", kwargs={"pk": round_.pk}), {"actions": [accepted.pk]})
    assert list(round_.candidates.values_list("action_id", flat=True)) == [accepted.pk]
    client.post(reverse("round-transition", kwargs={"pk": round_.pk, "verb": "open"}))
    round_.refresh_from_db()
    assert round_.state == "open"


def test_member_scores_one_action_at_a_time_and_sees_progress(world, client):
    first, second = ActionFactory(state="accepted"), ActionFactory(state="accepted")
    round_ = open_round(world, actions=[first, second])
    client.force_login(world.member)
    url = reverse("round-score", kwargs={"pk": round_.pk})
    page = client.get(url).content.decode()
    assert "0 of 2 actions scored" in page
    assert 'name="viewport"' in page  # made for phones
    response = client.post(url, {"action": first.pk, "c_impact": "4"})
    assert response.status_code == 302
    assert response.url.endswith(f"?action={second.pk}")
    page = client.get(response.url).content.decode()
    assert "1 of 2 actions scored" in page
    assert list(Score.objects.values_list("action_id", "criterion__key", "value")) == [
        (first.pk, "impact", 4)
    ]


def test_saving_no_criterion_shows_a_message_and_saves_nothing(world, client):
    round_ = open_round(world)
    client.force_login(world.member)
    url = reverse("round-score", kwargs={"pk": round_.pk})
    response = client.post(url, {"action": round_.candidates.get().action_id})
    assert response.status_code == 200
    assert "Choose a score for at least one criterion." in response.content.decode()
    assert not Score.objects.exists()


def test_facilitator_scores_for_a_member_on_the_page(world, client):
    round_ = open_round(world)
    action = round_.candidates.get().action
    client.force_login(world.facilitator)
    url = reverse("round-score", kwargs={"pk": round_.pk})
    response = client.post(url, {"action": action.pk, "person": world.member.pk, "c_impact": "2"})
    assert response.status_code == 302
    score = Score.objects.get()
    assert (score.person, score.entered_by) == (world.member, world.facilitator)


def test_results_page_shows_a_single_persons_sector_score_with_1_person(world, client):
    """DESIGN revised: a sector score based on one person is shown with "1 person" like any
    other (it used to be hidden, which B, C and R gave back); changed on purpose."""
    action = ActionFactory(state="accepted", title="Water for Pinto Recodo")
    round_ = open_round(world, actions=[action], quorum=2)
    second = member_of(world.company, username="company-second")
    for person, value in ((world.member, 5), (world.members["company"], 1), (second, 3)):
        services.scores_submit(
            acting_user=person,
            round=round_,
            scores=[{"action": action.pk, "criterion": "impact", "value": value}],
        )
    services.round_close(acting_user=world.coordinator, round=round_)
    url = reverse("round-results", kwargs={"pk": round_.pk})
    assert client.get(url).status_code == 403  # not published yet
    services.round_publish(acting_user=world.coordinator, round=round_)
    page = client.get(url).content.decode()
    # smallholder: one person (5), shown as such; company: (1 + 3)/2 = 2 over 2 persons
    # Two decimals on pages (the API and the CSV keep full precision).
    assert "5.00 (1 person)" in page
    assert "Company: 2.00 (2 persons)" in page
    assert "<svg" in page
    assert '<table class="results-table">' in page
    # B = (5 + 2)/2 = 3.5 ; R = (5 + 1 + 3)/3 = 3
    assert "3.50" in page
    assert "3.000000" not in page
    assert f'href="/actions/{action.pk}/">Water for Pinto Recodo</a>' in page
    assert ">1. Water for Pinto Recodo</text>" in page  # the chart names the action


def test_transparency_page_shows_where_balancing_changed_the_order(world, client):
    crowd_favourite = ActionFactory(state="accepted", title="Crowd favourite")
    balanced_pick = ActionFactory(state="accepted", title="Balanced pick")
    round_ = open_round(world, actions=[crowd_favourite, balanced_pick], quorum=2)
    crowd = [world.member, world.representative] + [
        member_of(world.smallholder, username=f"smallholder-{n}") for n in range(3)
    ]
    for person in crowd:  # five smallholders love the first, like the second
        services.scores_submit(
            acting_user=person,
            round=round_,
            scores=[
                {"action": crowd_favourite.pk, "criterion": "impact", "value": 5},
                {"action": balanced_pick.pk, "criterion": "impact", "value": 3},
            ],
        )
    services.scores_submit(
        acting_user=world.members["company"],
        round=round_,
        scores=[
            {"action": crowd_favourite.pk, "criterion": "impact", "value": 0},
            {"action": balanced_pick.pk, "criterion": "impact", "value": 4},
        ],
    )
    # Favourite: B = (5 + 0)/2 = 2.5, R = 25/6 ; pick: B = 3.5, R = 19/6: B puts the pick first.
    services.round_close(acting_user=world.coordinator, round=round_)
    services.round_publish(acting_user=world.coordinator, round=round_)
    page = client.get(reverse("round-transparency", kwargs={"pk": round_.pk})).content.decode()
    assert "2 actions have a different place by B than by the raw mean R." in page
    assert "Crowd favourite" in page
    assert "Actions that divide the sectors" in page


def test_round_list_page_query_count_does_not_grow(world, client, django_assert_max_num_queries):
    for n in range(4):
        open_round(world, name=f"Round {n}")
    with django_assert_max_num_queries(8):
        client.get(reverse("round-list"))
    for n in range(4, 12):
        open_round(world, name=f"Round {n}")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("round-list"))
    assert response.content.decode().count("/rounds/") >= 12


def test_results_page_query_count_does_not_grow(world, client, django_assert_max_num_queries):
    actions = [ActionFactory(state="accepted") for _ in range(30)]
    round_ = open_round(world, actions=actions, quorum=1)
    services.scores_submit(
        acting_user=world.member,
        round=round_,
        scores=[{"action": a.pk, "criterion": "impact", "value": 2} for a in actions],
    )
    services.round_close(acting_user=world.coordinator, round=round_)
    services.round_publish(acting_user=world.coordinator, round=round_)
    url = reverse("round-results", kwargs={"pk": round_.pk})
    with django_assert_max_num_queries(10):
        client.get(url, {"page": 1})
    with django_assert_max_num_queries(10):
        client.get(url, {"page": 2})


def test_coordinator_sees_when_the_preview_was_computed_and_from_how_many_scores(world, client):
    round_ = open_round(world)
    services.scores_submit(
        acting_user=world.member,
        round=round_,
        scores=[{"action": round_.candidates.get().action_id, "criterion": "impact", "value": 3}],
    )
    services.round_close(acting_user=world.coordinator, round=round_)
    client.force_login(world.coordinator)
    page = client.get(reverse("round-detail", kwargs={"pk": round_.pk})).content.decode()
    assert "from 1 scores" in page
    assert "Publish the results" in page
    preview = client.get(reverse("round-results", kwargs={"pk": round_.pk})).content.decode()
    assert "these results are not published" in preview


def test_coordinator_edits_criteria_and_sector_weights_of_a_draft(world, client):
    from tests.rounds.conftest import make_round

    round_ = make_round(world)
    client.force_login(world.coordinator)
    data = {
        "name": "Renamed",
        "description": "",
        "quorum": 2,
        **{
            f"weight_{sector}": "1"
            for sector in (
                "government",
                "company",
                "smallholder",
                "civil_society",
                "academia",
                "donor",
            )
        },
        "weight_indigenous": "2.5",
        "criteria-TOTAL_FORMS": "2",
        "criteria-INITIAL_FORMS": "2",
        "criteria-0-key": "impact",
        "criteria-0-name": "Impact",
        "criteria-0-weight": "4",
        "criteria-1-key": "feasibility",
        "criteria-1-name": "Feasibility",
        "criteria-1-weight": "1",
        "criteria-1-DELETE": "on",
    }
    response = client.post(reverse("round-edit", kwargs={"pk": round_.pk}), data)
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.name == "Renamed"
    assert [(c.key, str(c.weight)) for c in round_.criteria.all()] == [("impact", "4.00")]
    assert str(round_.sector_weights.get(sector="indigenous").weight) == "2.50"


def test_criteria_cannot_be_edited_once_the_round_is_open(world, client):
    round_ = open_round(world)
    client.force_login(world.coordinator)
    response = client.get(reverse("round-edit", kwargs={"pk": round_.pk}))
    assert response.status_code == 302
    assert round_.criteria.count() == 2


def test_scoring_the_last_action_shows_the_finish_screen_not_the_first_action_again(world, client):
    first, second = ActionFactory(state="accepted"), ActionFactory(state="accepted")
    round_ = open_round(world, actions=[first, second])
    client.force_login(world.member)
    url = reverse("round-score", kwargs={"pk": round_.pk})
    client.post(url, {"action": first.pk, "c_impact": "4"})
    done = client.post(url, {"action": second.pk, "c_impact": "3"})
    assert done.url.endswith("?done=1")
    page = client.get(done.url).content.decode()
    assert "Every action of the round is scored (2 actions)." in page
    assert 'name="c_impact"' not in page
    # Each action can still be opened to change its score.
    assert f"?action={first.pk}" in page


def test_a_facilitator_without_an_organization_chooses_the_member_first(world, client):
    round_ = open_round(world)
    action = round_.candidates.get().action
    client.force_login(world.facilitator)
    url = reverse("round-score", kwargs={"pk": round_.pk})
    page = client.get(url).content.decode()
    assert "Choose the member you score for" in page
    assert "myself" not in page
    assert 'name="c_impact"' not in page
    refused = client.post(url, {"action": action.pk, "c_impact": "2"}, follow=True)
    assert "Choose the member you are scoring for first." in refused.content.decode()
    assert not Score.objects.exists()
    chosen = client.get(url, {"person": world.member.pk}).content.decode()
    assert 'name="c_impact"' in chosen
