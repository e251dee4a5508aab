"""The rounds API as partners and members use it."""

import random

import pytest
from django.urls import reverse

from lap.models.audit import AuditEvent
from lap.models.rounds import ActionResult, Score
from lap.selectors.rounds import latest_published_ranks
from lap.services import rounds as services
from tests.factories import ActionFactory, OrganizationFactory, member_of
from tests.rounds.conftest import make_round, open_round
from tests.rounds.reference import compute


def scores_url(round_):
    return reverse("api:round-scores", kwargs={"pk": round_.pk})


def results_url(round_):
    return reverse("api:round-results", kwargs={"pk": round_.pk})


def post_scores(api_client, user, round_, body):
    api_client.force_authenticate(user)
    response = api_client.post(scores_url(round_), body, format="json")
    api_client.force_authenticate(None)
    return response


def test_four_sectors_scoring_through_the_api_match_an_independent_computation(world, api_client):
    rng = random.Random(20261124)
    actions = [ActionFactory(state="accepted") for _ in range(8)]
    criteria = [
        {"key": "forest", "name": "Avoided deforestation", "weight": 3},
        {"key": "livelihoods", "name": "Livelihoods", "weight": 2},
        {"key": "cost", "name": "Cost effectiveness", "weight": 1.5},
    ]
    weights = {"government": 1, "company": 1, "smallholder": 2, "indigenous": 1.5}
    round_ = open_round(world, actions=actions, criteria=criteria, sector_weights=weights, quorum=3)
    people = []
    for sector, size in (("government", 2), ("company", 3), ("smallholder", 5), ("indigenous", 4)):
        organization = getattr(world, sector)
        people += [(member_of(organization), sector) for _ in range(size)]
    sent = []
    for person, sector in people:
        body = []
        for action in actions:
            if rng.random() < 0.3:
                continue  # this person does not score this action
            for criterion in criteria:
                if rng.random() < 0.85:  # partial scorers too
                    value = rng.randint(0, 5)
                    body.append(
                        {"action": action.pk, "criterion": criterion["key"], "value": value}
                    )
                    sent.append((person.pk, sector, action.pk, criterion["key"], value))
        if body:
            assert post_scores(api_client, person, round_, body).status_code == 201
    services.round_close(acting_user=world.coordinator, round=round_)
    services.round_publish(acting_user=world.coordinator, round=round_)

    response = api_client.get(results_url(round_), {"page_size": 200})

    assert response.status_code == 200
    expected = compute(
        scores=sent,
        criteria_weights={c["key"]: str(c["weight"]) for c in criteria},
        sector_weights={k: str(v) for k, v in weights.items()},
        quorum=3,
        candidates=[action.pk for action in actions],
    )
    lines = response.json()["results"]
    assert len(lines) == len(actions)
    for line in lines:
        reference = expected[line["action"]]
        assert line["rank"] == reference["rank"]
        assert line["persons"] == reference["persons"]
        for key in ("balanced", "consensus", "raw_mean"):
            assert line[key] == pytest.approx(float(reference[key]), abs=1e-9), key
        for sector in line["sectors"]:
            score, persons = reference["sectors"][sector["sector"]]
            assert sector["persons"] == persons
            assert sector["score"] == (None if score is None else float(score))
    assert [line["rank"] for line in lines if line["rank"]] == list(
        range(1, 1 + sum(1 for r in expected.values() if r["rank"]))
    )


def test_rescoring_replaces_the_old_score(world, api_client):
    round_ = open_round(world)
    action = round_.candidates.get().action
    post_scores(
        api_client, world.member, round_, [{"action": action.pk, "criterion": "impact", "value": 2}]
    )
    response = post_scores(
        api_client, world.member, round_, [{"action": action.pk, "criterion": "impact", "value": 5}]
    )
    assert response.status_code == 201
    assert list(Score.objects.values_list("value", flat=True)) == [5]


@pytest.mark.parametrize(
    ("item", "field"),
    [
        ({"criterion": "impact", "value": 6}, "value"),
        ({"criterion": "impact", "value": -1}, "value"),
        ({"criterion": "beauty", "value": 3}, "criterion"),
        ({"criterion": "impact", "value": 3, "action": 0}, "action"),
    ],
)
def test_a_bad_score_refuses_the_whole_list_with_a_clear_message(world, api_client, item, field):
    round_ = open_round(world)
    action = round_.candidates.get().action
    good = {"action": action.pk, "criterion": "feasibility", "value": 4}
    bad = {"action": action.pk, **item}
    response = post_scores(api_client, world.member, round_, [good, bad])
    assert response.status_code == 400
    assert field in str(response.json())
    assert not Score.objects.exists()


def test_scoring_an_action_that_is_not_a_candidate_is_refused(world, api_client):
    round_ = open_round(world)
    other = ActionFactory(state="accepted")
    response = post_scores(
        api_client, world.member, round_, [{"action": other.pk, "criterion": "impact", "value": 3}]
    )
    assert response.status_code == 400
    assert "no es candidata" in response.json()["action"][0]
    assert not Score.objects.exists()


def test_scoring_a_closed_round_is_refused_and_changes_nothing(world, api_client):
    round_ = open_round(world)
    action = round_.candidates.get().action
    services.round_close(acting_user=world.coordinator, round=round_)
    response = post_scores(
        api_client, world.member, round_, [{"action": action.pk, "criterion": "impact", "value": 3}]
    )
    assert response.status_code == 400
    assert not Score.objects.exists()


def test_a_partner_key_cannot_score(world, api_client):
    round_ = open_round(world)
    action = round_.candidates.get().action
    response = api_client.post(
        scores_url(round_),
        [{"action": action.pk, "criterion": "impact", "value": 3}],
        format="json",
        HTTP_AUTHORIZATION=f"Api-Key {world.api_key_secret}",
    )
    assert response.status_code == 403
    assert not Score.objects.exists()


def test_a_member_reads_only_their_own_scores(world, api_client):
    round_ = open_round(world)
    action = round_.candidates.get().action
    post_scores(
        api_client, world.member, round_, [{"action": action.pk, "criterion": "impact", "value": 1}]
    )
    post_scores(
        api_client,
        world.members["company"],
        round_,
        [{"action": action.pk, "criterion": "impact", "value": 4}],
    )
    for user, expected in (
        (world.member, [1]),
        (world.members["company"], [4]),
        (world.representative, []),
        (world.coordinator, []),  # coordinators do not read individual scores either
    ):
        api_client.force_authenticate(user)
        response = api_client.get(scores_url(round_))
        assert response.status_code == 200
        assert [line["value"] for line in response.json()["results"]] == expected
    api_client.force_authenticate(None)
    assert api_client.get(scores_url(round_)).status_code == 401


def test_a_facilitator_scores_on_behalf_of_a_member_and_the_audit_keeps_no_values(
    world, api_client
):
    round_ = open_round(world)
    action = round_.candidates.get().action
    response = post_scores(
        api_client,
        world.facilitator,
        round_,
        {
            "scores": [{"action": action.pk, "criterion": "impact", "value": 4}],
            "on_behalf_of": world.member.pk,
        },
    )
    assert response.status_code == 201
    saved = Score.objects.get()
    assert (saved.person, saved.entered_by, saved.sector) == (
        world.member,
        world.facilitator,
        "smallholder",
    )
    event = AuditEvent.objects.get(verb="round.score")
    assert (event.actor, event.entered_by, event.organization) == (
        world.member,
        world.facilitator,
        world.smallholder,
    )
    assert event.changes == {"actions": [action.pk]}  # who scored which action, not the value


def test_a_member_cannot_score_on_behalf_of_someone_else(world, api_client):
    round_ = open_round(world)
    action = round_.candidates.get().action
    response = post_scores(
        api_client,
        world.member,
        round_,
        {
            "scores": [{"action": action.pk, "criterion": "impact", "value": 4}],
            "on_behalf_of": world.representative.pk,
        },
    )
    assert response.status_code == 403
    assert not Score.objects.exists()


def test_the_first_score_fixes_the_organization_for_the_round(world, api_client):
    round_ = open_round(world)
    action = round_.candidates.get().action
    person = member_of(world.company, username="two-hats")
    member_of_again = OrganizationFactory(sector="indigenous")
    from tests.factories import MembershipFactory

    MembershipFactory(user=person, organization=member_of_again)
    item = [{"action": action.pk, "criterion": "impact", "value": 3}]
    assert post_scores(api_client, person, round_, item).status_code == 400  # which one?
    first = post_scores(
        api_client, person, round_, {"scores": item, "organization": world.company.pk}
    )
    assert first.status_code == 201
    again = post_scores(
        api_client, person, round_, {"scores": item, "organization": member_of_again.pk}
    )
    assert again.status_code == 400
    assert "fijado por su primera calificación" in str(again.json())
    assert post_scores(api_client, person, round_, item).status_code == 201  # implicit now
    assert set(Score.objects.values_list("sector", flat=True)) == {"company"}


def test_results_before_publishing_are_for_coordinators_only(world, api_client):
    round_ = open_round(world)
    services.round_close(acting_user=world.coordinator, round=round_)
    for user in (world.member, world.representative, world.outsider):
        api_client.force_authenticate(user)
        assert api_client.get(results_url(round_)).status_code == 403
    api_client.force_authenticate(None)
    assert api_client.get(results_url(round_)).status_code == 403
    key = {"HTTP_AUTHORIZATION": f"Api-Key {world.api_key_secret}"}
    assert api_client.get(results_url(round_), **key).status_code == 403
    api_client.force_authenticate(world.coordinator)
    assert api_client.get(results_url(round_)).status_code == 200
    api_client.force_authenticate(None)
    services.round_publish(acting_user=world.coordinator, round=round_)
    assert api_client.get(results_url(round_), **key).status_code == 200
    assert api_client.get(results_url(round_)).status_code == 200


def test_a_published_round_keeps_its_snapshot(world, api_client):
    round_ = open_round(world, quorum=1)
    action = round_.candidates.get().action
    post_scores(
        api_client, world.member, round_, [{"action": action.pk, "criterion": "impact", "value": 2}]
    )
    services.round_close(acting_user=world.coordinator, round=round_)
    services.round_publish(acting_user=world.coordinator, round=round_)
    late = post_scores(
        api_client, world.member, round_, [{"action": action.pk, "criterion": "impact", "value": 5}]
    )
    assert late.status_code == 400
    api_client.force_authenticate(world.coordinator)
    assert (
        api_client.post(reverse("api:round-recompute", kwargs={"pk": round_.pk})).status_code == 400
    )
    assert api_client.get(results_url(round_)).json()["results"][0]["balanced"] == 2.0


def test_the_results_endpoint_query_count_does_not_grow_with_the_page(
    world, api_client, django_assert_max_num_queries
):
    actions = [ActionFactory(state="accepted") for _ in range(30)]
    round_ = open_round(world, actions=actions, quorum=1)
    post_scores(
        api_client,
        world.member,
        round_,
        [{"action": a.pk, "criterion": "impact", "value": 3} for a in actions],
    )
    services.round_close(acting_user=world.coordinator, round=round_)
    services.round_publish(acting_user=world.coordinator, round=round_)
    for size in (5, 30):
        with django_assert_max_num_queries(6):
            response = api_client.get(results_url(round_), {"page_size": size})
        assert len(response.json()["results"]) == size


def test_the_own_scores_list_query_count_does_not_grow_with_the_page(
    world, api_client, django_assert_max_num_queries
):
    actions = [ActionFactory(state="accepted") for _ in range(20)]
    round_ = open_round(world, actions=actions)
    post_scores(
        api_client,
        world.member,
        round_,
        [
            {"action": a.pk, "criterion": c, "value": 3}
            for a in actions
            for c in ("impact", "feasibility")
        ],
    )
    api_client.force_authenticate(world.member)
    for size in (5, 40):
        with django_assert_max_num_queries(7):
            response = api_client.get(scores_url(round_), {"page_size": size})
        assert len(response.json()["results"]) == size


def test_the_round_list_query_count_does_not_grow_with_the_page(
    world, api_client, django_assert_max_num_queries
):
    for n in range(6):
        make_round(world, name=f"Round {n}")
    api_client.force_authenticate(world.coordinator)
    for size in (2, 6):
        with django_assert_max_num_queries(8):
            response = api_client.get(reverse("api:round-list"), {"page_size": size})
        assert len(response.json()["results"]) == size


def test_coordinator_creates_a_round_through_the_api_with_the_suggested_criteria(world, api_client):
    action = ActionFactory(state="accepted")
    api_client.force_authenticate(world.coordinator)
    response = api_client.post(
        reverse("api:round-list"),
        {"name": "2027", "sector_weights": {"donor": 0}, "candidates": [action.pk]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "draft"
    assert "avoided_deforestation" in [c["key"] for c in body["criteria"]]
    assert body["sector_weights"]["donor"] == "0.00"
    assert body["candidates"] == [action.pk]
    api_client.force_authenticate(world.member)
    assert (
        api_client.post(reverse("api:round-list"), {"name": "x"}, format="json").status_code == 403
    )


def test_a_round_cannot_open_with_a_quorum_above_the_sectors_that_can_score(world, api_client):
    # Four core sectors have active organizations; one of them is left out with weight 0.
    round_ = make_round(world, quorum=4, sector_weights={"company": 0})
    api_client.force_authenticate(world.coordinator)
    response = api_client.post(reverse("api:round-open", kwargs={"pk": round_.pk}))
    assert response.status_code == 400
    assert "entre 1 y 3" in response.json()["quorum"][0]
    round_.refresh_from_db()
    assert round_.state == "draft"


def test_only_accepted_actions_become_candidates(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        make_round(world, actions=[ActionFactory(state="submitted")])


def test_latest_published_ranks_give_the_funding_report_its_order(world, api_client):
    assert latest_published_ranks() == {}
    a, b = ActionFactory(state="accepted"), ActionFactory(state="accepted")
    round_ = open_round(world, actions=[a, b], quorum=1)
    post_scores(
        api_client, world.member, round_, [{"action": b.pk, "criterion": "impact", "value": 4}]
    )
    services.round_close(acting_user=world.coordinator, round=round_)
    assert latest_published_ranks() == {}  # closed, not published
    services.round_publish(acting_user=world.coordinator, round=round_)
    assert latest_published_ranks() == {b.pk: 1, a.pk: None}
    assert ActionResult.objects.count() == 2


def test_coordinator_runs_a_round_through_the_api_from_open_to_published(world, api_client):
    round_ = make_round(world, quorum=1)
    action = round_.candidates.get().action
    api_client.force_authenticate(world.coordinator)
    assert (
        api_client.post(reverse("api:round-open", kwargs={"pk": round_.pk})).json()["state"]
        == "open"
    )
    post_scores(
        api_client, world.member, round_, [{"action": action.pk, "criterion": "impact", "value": 4}]
    )
    api_client.force_authenticate(world.coordinator)
    closed = api_client.post(reverse("api:round-close", kwargs={"pk": round_.pk})).json()
    assert (closed["state"], closed["results_status"]) == ("closed", "ready")
    published = api_client.post(reverse("api:round-publish", kwargs={"pk": round_.pk})).json()
    assert published["state"] == "published"
    again = api_client.post(reverse("api:round-publish", kwargs={"pk": round_.pk}))
    assert again.status_code == 400
    api_client.force_authenticate(None)
    assert api_client.get(results_url(round_)).json()["results"][0]["rank"] == 1


def test_a_revoked_member_can_no_longer_score_for_the_organization(world, api_client):
    from stakeholders.models import Membership

    round_ = open_round(world)
    action = round_.candidates.get().action
    item = [{"action": action.pk, "criterion": "impact", "value": 3}]
    assert post_scores(api_client, world.member, round_, item).status_code == 201
    Membership.objects.filter(user=world.member).update(status="revoked")
    assert post_scores(api_client, world.member, round_, item).status_code == 403
    assert Score.objects.count() == 1  # the act done stays valid


def test_drafts_are_hidden_from_everyone_but_coordinators(world, api_client):
    round_ = make_round(world)
    detail = reverse("api:round-detail", kwargs={"pk": round_.pk})
    assert api_client.get(detail).status_code == 404
    api_client.force_authenticate(world.member)
    assert api_client.get(detail).status_code == 404
    api_client.force_authenticate(world.coordinator)
    assert api_client.get(detail).status_code == 200
