"""Score privacy (DESIGN.md "Prioritization rounds", revised; issue 10, item 5): while a round is
open nobody sees computed results, coordinators and the superuser included; coordinators see
only how many persons of each sector have scored each action."""

import pytest
from django.conf import settings
from django.urls import reverse

from lap.models.audit import AuditEvent
from lap.models.rounds import ActionResult, ResultsStatus, Round
from lap.services import rounds as services
from stakeholders.models import User
from tests.factories import ActionFactory, member_of
from tests.rounds.conftest import open_round

# Impact 4 (weight 3) and feasibility 1 (weight 1): the person's score is 13/4 = 3.25, which
# every computed figure of a round with only them would carry (B, R, their sector's score).
SECRET = ("3.25", "3,25")


def _score_secretly(world, round_):
    action = round_.candidates.get().action
    services.scores_submit(
        acting_user=world.member,
        round=round_,
        scores=[
            {"action": action.pk, "criterion": "impact", "value": 4},
            {"action": action.pk, "criterion": "feasibility", "value": 1},
        ],
    )
    return action


def _assert_no_secret(response):
    body = response.content.decode()
    for text in SECRET:
        assert text not in body, f"{response.request['PATH_INFO']} shows {text}"


def test_the_attack_score_recompute_read_finds_nothing(world, client, api_client):
    round_ = open_round(world, quorum=1)
    _score_secretly(world, round_)

    # The coordinator asks for a recomputation, on the page and through the API: refused.
    client.force_login(world.coordinator)
    response = client.post(
        reverse("round-transition", kwargs={"pk": round_.pk, "verb": "recompute"}), follow=True
    )
    assert "computed when it closes" in response.content.decode() or (
        "se calculan cuando cierra" in response.content.decode()
    )
    api_client.force_authenticate(world.coordinator)
    response = api_client.post(reverse("api:round-recompute", kwargs={"pk": round_.pk}))
    assert response.status_code == 400
    assert not ActionResult.objects.filter(round=round_).exists()
    round_.refresh_from_db()
    assert round_.results_status == ResultsStatus.NONE

    # Then reads everything a coordinator can read about the round.
    for user in (world.coordinator, world.superuser):
        client.force_login(user)
        api_client.force_authenticate(user)
        assert client.get(reverse("round-results", kwargs={"pk": round_.pk})).status_code == 403
        response = api_client.get(reverse("api:round-results", kwargs={"pk": round_.pk}))
        assert response.status_code == 403
        for url in (
            reverse("round-detail", kwargs={"pk": round_.pk}),
            reverse("round-transparency", kwargs={"pk": round_.pk}),
            reverse("api:round-detail", kwargs={"pk": round_.pk}),
            reverse("api:round-participation", kwargs={"pk": round_.pk}),
            reverse("api:round-scores", kwargs={"pk": round_.pk}),
            reverse("audit-trail", args=["lap", "round", round_.pk]),
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            _assert_no_secret(response)

    # The admin site: the superuser finds no result of the round, and no score.
    client.force_login(world.superuser)
    for url in (
        reverse("admin:lap_actionresult_changelist"),
        reverse("admin:lap_round_change", args=[round_.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        _assert_no_secret(response)


def test_a_task_queued_for_an_open_round_computes_nothing(world):
    from lap.tasks.rounds import recompute_round_results

    round_ = open_round(world, quorum=1)
    _score_secretly(world, round_)
    recompute_round_results(round_.pk)
    assert not ActionResult.objects.filter(round=round_).exists()


def test_the_audit_trail_of_scores_carries_no_values(world, client):
    round_ = open_round(world, quorum=1)
    action = _score_secretly(world, round_)
    events = AuditEvent.objects.filter(verb="round.score")
    assert [event.changes for event in events] == [{"actions": [action.pk]}]


def test_results_are_computed_at_the_close_for_coordinators_then_for_everyone(world, api_client):
    round_ = open_round(world, quorum=1)
    _score_secretly(world, round_)
    url = reverse("api:round-results", kwargs={"pk": round_.pk})
    services.round_close(acting_user=world.coordinator, round=round_)
    api_client.force_authenticate(world.member)
    assert api_client.get(url).status_code == 403
    api_client.force_authenticate(world.coordinator)
    response = api_client.get(url)
    assert response.status_code == 200
    assert response.json()["results"][0]["balanced"] == 3.25
    services.round_publish(acting_user=world.coordinator, round=Round.objects.get(pk=round_.pk))
    api_client.force_authenticate(world.member)
    assert api_client.get(url).json()["results"][0]["balanced"] == 3.25


def test_recompute_is_allowed_for_a_closed_round_and_a_pending_published_one(world, api_client):
    round_ = open_round(world, quorum=1)
    _score_secretly(world, round_)
    url = reverse("api:round-recompute", kwargs={"pk": round_.pk})
    services.round_close(acting_user=world.coordinator, round=round_)
    api_client.force_authenticate(world.coordinator)
    assert api_client.post(url).json()["results_status"] == "ready"
    services.round_publish(acting_user=world.coordinator, round=Round.objects.get(pk=round_.pk))
    assert api_client.post(url).status_code == 400  # a ready snapshot is frozen
    # A snapshot whose computation died with its worker.
    Round.objects.filter(pk=round_.pk).update(results_status=ResultsStatus.PENDING)
    ActionResult.objects.filter(round=round_).delete()
    response = api_client.post(url)
    assert response.status_code == 200
    assert response.json()["results_status"] == "ready"
    assert ActionResult.objects.get(round=round_).balanced == pytest.approx(3.25)
    api_client.force_authenticate(world.member)
    assert api_client.post(url).status_code == 403


def test_coordinators_see_per_sector_counts_of_an_open_round_never_values(
    world, api_client, django_assert_max_num_queries
):
    actions = [ActionFactory(state="accepted") for _ in range(12)]
    round_ = open_round(world, actions=actions, quorum=1)
    second = member_of(world.smallholder, username="smallholder-second")
    for person, scored in ((world.member, actions[:3]), (second, actions[:1])):
        services.scores_submit(
            acting_user=person,
            round=round_,
            scores=[{"action": a.pk, "criterion": "impact", "value": 5} for a in scored],
        )
    services.scores_submit(
        acting_user=world.members["company"],
        round=round_,
        scores=[{"action": actions[0].pk, "criterion": "feasibility", "value": 2}],
    )
    url = reverse("api:round-participation", kwargs={"pk": round_.pk})
    api_client.force_authenticate(world.coordinator)
    for size in (3, 12):
        with django_assert_max_num_queries(8):
            response = api_client.get(url, {"page_size": size})
        assert response.status_code == 200
        assert len(response.json()["results"]) == size
    lines = {line["action"]: line for line in response.json()["results"]}
    first = lines[actions[0].pk]
    assert first["persons"] == 3
    counts = {sector["sector"]: sector["persons"] for sector in first["sectors"]}
    assert (counts["smallholder"], counts["company"], counts["government"]) == (2, 1, 0)
    assert "donor" in counts  # every sector taking part, scored or not
    assert lines[actions[2].pk]["persons"] == 1
    assert lines[actions[5].pk]["persons"] == 0
    assert "score" not in str(response.json())  # counts only
    for user in (world.member, world.representative, world.facilitator):
        api_client.force_authenticate(user)
        assert api_client.get(url).status_code == 403


def test_the_round_page_shows_coordinators_who_has_scored(
    world, client, django_assert_max_num_queries
):
    User.objects.update(language="en")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    few = [ActionFactory(state="accepted", title=f"Action {n}") for n in range(2)]
    round_ = open_round(world, actions=few, quorum=1)
    services.scores_submit(
        acting_user=world.member,
        round=round_,
        scores=[{"action": few[0].pk, "criterion": "impact", "value": 4}],
    )
    url = reverse("round-detail", kwargs={"pk": round_.pk})
    client.force_login(world.coordinator)
    page = client.get(url).content.decode()
    assert "Who has scored (coordinators)" in page
    assert "Recompute" not in page
    assert "Compute the results again" not in page
    assert "Results (coordinators" not in page
    client.force_login(world.member)
    assert "Who has scored" not in client.get(url).content.decode()
    # A constant number of queries whatever the number of candidates.
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(14) as small:
        client.get(url)
    many = open_round(world, actions=[ActionFactory(state="accepted") for _ in range(15)], quorum=1)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("round-detail", kwargs={"pk": many.pk}))


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        (
            "en",
            (
                "What the results can reveal",
                "your sector’s score for it is your own score",
                "the same 0 or the same 5",
                "each of them can work out the other’s score",
                "If all the other scorers of your sector put their scores together",
            ),
        ),
        ("es", ("Lo que los resultados pueden revelar",)),
    ],
)
def test_the_scoring_and_transparency_pages_state_the_known_disclosures(
    world, client, language, texts
):
    round_ = open_round(world)
    User.objects.filter(pk=world.member.pk).update(language=language)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(world.member)
    for url in (
        reverse("round-score", kwargs={"pk": round_.pk}),
        reverse("round-transparency", kwargs={"pk": round_.pk}),  # before results exist
    ):
        response = client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        for text in texts:
            assert text in page, (url, text)


def test_the_admin_hides_results_stored_for_an_open_round_by_an_earlier_version(world, client):
    round_ = open_round(world, quorum=1)
    action = _score_secretly(world, round_)
    ActionResult.objects.create(
        round=round_, action=action, rank=1, balanced=3.25, consensus=1, raw_mean=3.25, persons=1
    )
    client.force_login(world.superuser)
    response = client.get(reverse("admin:lap_actionresult_changelist"))
    assert response.status_code == 200
    _assert_no_secret(response)
