"""The results engine (lap/services/round_results.py) against the exact reference
(tests/rounds/reference.py): every stored figure of every candidate, on the database the suite
runs on (SQLite without DATABASE_URL) and, marked `services`, on PostgreSQL for certain (where
CI fails instead of skipping), with the engine's session settings.

The scores are written straight to the table, as the engine reads them: many persons, partial
scorers, a sector of weight 0 that must count nowhere, criterion weights that make exact halves,
candidates nobody scored; computed once (new lines), then again after the scores changed (the
lines updated in place).
"""

import random

import pytest
from django.db import connection

from lap.models.rounds import ActionResult, Round, RoundState, Score
from lap.services import round_results
from lap.services import rounds as services
from tests.factories import ActionFactory, UserFactory
from tests.rounds.conftest import open_round
from tests.rounds.reference import compute

CRITERIA = [
    # 127 and 1: a person scoring only (heavy 0, light 1) has s = 1/128, exactly halfway.
    {"key": "heavy", "name": "Heavy", "weight": 127},
    {"key": "light", "name": "Light", "weight": 1},
    {"key": "cost", "name": "Cost", "weight": "1.5"},
]
SECTOR_WEIGHTS = {"government": 2, "company": "0.75", "indigenous": 1, "smallholder": 0}
SECTOR_SIZES = {"government": 3, "company": 5, "indigenous": 4, "smallholder": 3}
QUORUM = 2


def _scored_round(world, seed):
    """A closed round of eight candidates with random scores (its first results computed)."""
    rng = random.Random(seed)
    actions = [ActionFactory(state="accepted") for _ in range(8)]
    round_ = open_round(
        world, actions=actions, criteria=CRITERIA, sector_weights=SECTOR_WEIGHTS, quorum=QUORUM
    )
    criteria = list(round_.criteria.all())
    scores = []
    for sector, size in SECTOR_SIZES.items():
        for _ in range(size):
            person = UserFactory()
            for action in actions[:-1]:  # the last candidate: scored by nobody
                if action == actions[-2] and sector != "government":
                    continue  # one sector only: below the quorum, unranked
                if rng.random() < 0.35:
                    continue
                for criterion in criteria:
                    if rng.random() < 0.7:  # partial scorers too
                        scores.append(
                            Score(
                                round=round_,
                                action=action,
                                criterion=criterion,
                                person=person,
                                sector=sector,
                                value=rng.randint(0, 5),
                            )
                        )
    # One person scoring only the heavy criterion 0 and the light one 1: s = 0.0078125.
    halfway = UserFactory()
    for criterion, value in ((criteria[0], 0), (criteria[1], 1)):
        scores.append(
            Score(
                round=round_,
                action=actions[0],
                criterion=criterion,
                person=halfway,
                sector="indigenous",
                value=value,
            )
        )
    Score.objects.bulk_create(scores)
    round_ = services.round_close(acting_user=world.coordinator, round=round_)
    return round_, actions, rng


def _expected(round_, actions):
    return compute(
        scores=Score.objects.filter(round=round_).values_list(
            "person_id", "sector", "action_id", "criterion__key", "value"
        ),
        criteria_weights=dict(round_.criteria.values_list("key", "weight")),
        sector_weights=dict(round_.sector_weights.values_list("sector", "weight")),
        quorum=QUORUM,
        candidates=[action.pk for action in actions],
    )


def _assert_matches_the_reference(round_, actions):
    expected = _expected(round_, actions)
    results = list(ActionResult.objects.filter(round=round_))
    assert sorted(result.action_id for result in results) == sorted(expected)
    for result in results:
        line = expected[result.action_id]
        assert (
            result.rank,
            result.insufficient,
            result.balanced,
            result.consensus,
            result.raw_mean,
            result.persons,
            result.sector_count,
        ) == (
            line["rank"],
            line["sector_count"] < QUORUM,
            line["balanced"],
            line["consensus"],
            line["raw_mean"],
            line["persons"],
            line["sector_count"],
        ), result.action_id
        assert {item["sector"]: (item["score"], item["persons"]) for item in result.sectors} == {
            sector: (float(score), persons) for sector, (score, persons) in line["sectors"].items()
        }, result.action_id
    ranked = [line["rank"] for line in expected.values() if line["rank"]]
    assert sorted(ranked) == list(range(1, len(ranked) + 1))
    return expected


def _check_the_engine(world, seed):
    round_, actions, rng = _scored_round(world, seed)
    # Computed at the close: the first computation, every line new.
    expected = _assert_matches_the_reference(round_, actions)
    assert any(line["rank"] is None and line["persons"] for line in expected.values())
    assert expected[actions[-1].pk]["persons"] == 0
    assert all("smallholder" not in line["sectors"] for line in expected.values())

    # The scores change behind the closed round (no service does this): computed again, the
    # stored lines are updated in place, none added or left over.
    changed = list(Score.objects.filter(round=round_).order_by("id")[::3])
    for score in changed:
        score.value = rng.randint(0, 5)
    Score.objects.bulk_update(changed, ["value"])
    ids_before = sorted(ActionResult.objects.filter(round=round_).values_list("id", flat=True))
    round_results.compute_results(Round.objects.get(pk=round_.pk))
    _assert_matches_the_reference(round_, actions)
    assert sorted(ActionResult.objects.filter(round=round_).values_list("id", flat=True)) == (
        ids_before
    )


@pytest.mark.parametrize("seed", [20261202, 7])
def test_the_engine_agrees_with_the_exact_reference(world, seed):
    _check_the_engine(world, seed)


@pytest.mark.services
def test_the_engine_agrees_with_the_exact_reference_on_postgresql(world):
    assert connection.vendor == "postgresql"
    _check_the_engine(world, 20261203)
    # The computation's session settings held for its transaction (SET LOCAL; the test's
    # transaction is still the one the computation ran in).
    with connection.cursor() as cursor:
        settings = {}
        for name, _value in round_results.POSTGRESQL_SETTINGS:
            cursor.execute(f"SHOW {name}")
            settings[name] = cursor.fetchone()[0]
    assert settings == {"jit": "off", "work_mem": "64MB"}


def test_an_open_round_is_not_computed(world):
    round_ = open_round(world)
    assert round_.state == RoundState.OPEN
    round_results.compute_results(round_)
    assert not ActionResult.objects.filter(round=round_).exists()
    round_.refresh_from_db()
    assert round_.results_computed_at is None
