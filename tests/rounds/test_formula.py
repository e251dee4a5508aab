"""The results match DESIGN.md's formula to the sixth decimal, on SQLite and on PostgreSQL."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from lap.models.rounds import ActionResult, Round, Score
from lap.services import rounds as services
from tests.factories import ActionFactory, member_of
from tests.rounds.conftest import open_round


def D(text):
    return Decimal(text)


def score(person, round_, action, **values):
    services.scores_submit(
        acting_user=person,
        round=round_,
        scores=[
            {"action": action.pk, "criterion": key, "value": value} for key, value in values.items()
        ],
    )


@pytest.fixture
def example(world):
    """Three sectors of unequal size (government 1 person, company 2, indigenous 3), sector
    weights 2/1/1, smallholder weight 0, criteria impact (weight 3) and feasibility (weight 1),
    quorum 2, five candidates."""
    g1 = world.members["government"]
    c1 = world.members["company"]
    c2 = world.representatives["company"]
    i1 = world.members["indigenous"]
    i2 = world.representatives["indigenous"]
    i3 = member_of(world.indigenous, username="indigenous-third")
    a1, a2, a3, a4, a5 = (ActionFactory(state="accepted", title=f"A{n}") for n in range(1, 6))
    round_ = open_round(
        world,
        actions=[a1, a2, a3, a4, a5],
        quorum=2,
        sector_weights={"government": 2, "company": 1, "indigenous": 1, "smallholder": 0},
    )
    # A1
    score(g1, round_, a1, impact=4, feasibility=2)  # s = (3*4 + 1*2)/4 = 3.5
    score(c1, round_, a1, impact=3, feasibility=3)  # s = 3
    score(c2, round_, a1, impact=5)  # partial scorer: s = 3*5/3 = 5
    score(i1, round_, a1, impact=2, feasibility=2)  # s = 2
    score(i2, round_, a1, impact=4, feasibility=0)  # s = 12/4 = 3
    # A2
    score(g1, round_, a2, impact=1, feasibility=1)  # s = 1
    score(c1, round_, a2, impact=2, feasibility=2)  # s = 2
    score(c2, round_, a2, impact=2, feasibility=2)  # s = 2
    score(i1, round_, a2, impact=5, feasibility=5)  # s = 5
    score(i2, round_, a2, impact=5, feasibility=5)  # s = 5
    score(i3, round_, a2, impact=5, feasibility=1)  # s = (15 + 1)/4 = 4
    # A3: one sector only, below the quorum of 2
    score(i1, round_, a3, impact=5, feasibility=5)  # s = 5
    # A4: scored by nobody
    # A5: ties A1 on B, with a higher consensus
    score(g1, round_, a5, impact=4, feasibility=2)  # s = 3.5
    score(c1, round_, a5, impact=3, feasibility=4)  # s = (9 + 4)/4 = 3.25
    score(i1, round_, a5, impact=3, feasibility=4)  # s = 3.25
    round_ = services.round_close(acting_user=world.coordinator, round=round_)
    round_ = services.round_publish(acting_user=world.coordinator, round=round_)
    return round_, (a1, a2, a3, a4, a5)


def _result(round_, action):
    return ActionResult.objects.get(round=round_, action=action)


def test_hand_computed_example_matches_the_formula(example):
    round_, (a1, a2, a3, a4, a5) = example

    # A1: S_gov = 3.5 (1 person), S_company = (3 + 5)/2 = 4, S_indigenous = (2 + 3)/2 = 2.5
    # B = (2*3.5 + 1*4 + 1*2.5)/(2 + 1 + 1) = 13.5/4 = 3.375
    # C = 1 - (4 - 2.5)/5 = 0.7 ; R = (3.5 + 3 + 5 + 2 + 3)/5 = 16.5/5 = 3.3 ; 5 persons
    r1 = _result(round_, a1)
    assert (r1.balanced, r1.consensus, r1.raw_mean, r1.persons) == (
        D("3.375000"),
        D("0.700000"),
        D("3.300000"),
        5,
    )
    assert {line["sector"]: (line["score"], line["persons"]) for line in r1.sectors} == {
        # One person: their score, shown with "1 person" (DESIGN revised: B, C, R give it back).
        "government": (3.5, 1),
        "company": (4.0, 2),
        "indigenous": (2.5, 2),
    }

    # A5: S_gov = 3.5, S_company = 3.25, S_indigenous = 3.25
    # B = (2*3.5 + 3.25 + 3.25)/4 = 13.5/4 = 3.375 (ties A1)
    # C = 1 - (3.5 - 3.25)/5 = 0.95 ; R = (3.5 + 3.25 + 3.25)/3 = 3.333333...
    r5 = _result(round_, a5)
    assert (r5.balanced, r5.consensus, r5.raw_mean, r5.persons) == (
        D("3.375000"),
        D("0.950000"),
        D("3.333333"),
        3,
    )

    # A2: S_gov = 1, S_company = 2, S_indigenous = (5 + 5 + 4)/3 = 14/3
    # B = (2*1 + 2 + 14/3)/4 = (26/3)/4 = 2.1666666... -> 2.166667
    # C = 1 - (14/3 - 1)/5 = 1 - 11/15 = 0.2666666... -> 0.266667
    # R = (1 + 2 + 2 + 5 + 5 + 4)/6 = 19/6 = 3.1666666... -> 3.166667 (above B: balancing)
    r2 = _result(round_, a2)
    assert (r2.balanced, r2.consensus, r2.raw_mean, r2.persons) == (
        D("2.166667"),
        D("0.266667"),
        D("3.166667"),
        6,
    )
    assert {line["sector"]: line["score"] for line in r2.sectors}["indigenous"] == 4.666667

    # A3: only the indigenous sector (1 < quorum 2): insufficient, unranked, values shown
    r3 = _result(round_, a3)
    assert (r3.rank, r3.insufficient, r3.balanced, r3.consensus, r3.raw_mean, r3.persons) == (
        None,
        True,
        D("5.000000"),
        D("1.000000"),  # one sector scored: C = 1
        D("5.000000"),
        1,
    )

    # A4: nobody -> B, C, R null, counts 0, insufficient
    r4 = _result(round_, a4)
    assert (r4.rank, r4.insufficient, r4.balanced, r4.consensus, r4.raw_mean, r4.persons) == (
        None,
        True,
        None,
        None,
        None,
        0,
    )
    assert r4.sector_count == 0

    # Ranking: B desc, then C desc: A5 (3.375, 0.95), A1 (3.375, 0.7), A2 (2.166667)
    assert [(r.action_id, r.rank) for r in ActionResult.objects.filter(round=round_)] == [
        (a5.pk, 1),
        (a1.pk, 2),
        (a2.pk, 3),
        (a3.pk, None),
        (a4.pk, None),
    ]


def test_hand_computed_example_agrees_with_the_reference_implementation(example):
    from tests.rounds.reference import compute

    round_, actions = example
    expected = compute(
        scores=Score.objects.filter(round=round_).values_list(
            "person_id", "sector", "action_id", "criterion__key", "value"
        ),
        criteria_weights={"impact": 3, "feasibility": 1},
        sector_weights={"government": 2, "company": 1, "indigenous": 1, "smallholder": 0},
        quorum=2,
        candidates=[action.pk for action in actions],
    )
    for result in ActionResult.objects.filter(round=round_):
        line = expected[result.action_id]
        assert (result.rank, result.balanced, result.consensus, result.raw_mean) == (
            line["rank"],
            line["balanced"],
            line["consensus"],
            line["raw_mean"],
        )


def test_member_of_a_sector_of_weight_zero_cannot_score(world):
    action = ActionFactory(state="accepted")
    round_ = open_round(world, actions=[action], sector_weights={"smallholder": 0})
    with pytest.raises(PermissionDenied):
        score(world.member, round_, action, impact=4)
    assert not Score.objects.filter(round=round_).exists()


def test_values_are_rounded_half_up_not_to_even(world):
    action = ActionFactory(state="accepted")
    round_ = open_round(
        world,
        actions=[action],
        quorum=1,
        criteria=[
            {"key": "heavy", "name": "Heavy", "weight": 127},
            {"key": "light", "name": "Light", "weight": 1},
        ],
    )
    score(world.member, round_, action, heavy=0, light=1)  # s = 1/128 = 0.0078125 exactly
    round_ = services.round_close(acting_user=world.coordinator, round=round_)
    result = _result(round_, action)
    # Half-up gives 0.007813 (half-to-even would give 0.007812).
    assert (result.balanced, result.raw_mean) == (D("0.007813"), D("0.007813"))


def test_persons_then_action_id_break_ties_of_balance_and_consensus(world):
    a, b, c = (ActionFactory(state="accepted") for _ in range(3))
    round_ = open_round(world, actions=[a, b, c], quorum=1)
    extra = member_of(world.government, username="government-second")
    # All three score 4 on impact: B = 4, C = 1; b has two persons, a and c one each.
    score(world.members["government"], round_, a, impact=4)
    score(world.members["government"], round_, b, impact=4)
    score(extra, round_, b, impact=4)
    score(world.members["government"], round_, c, impact=4)
    round_ = services.round_close(acting_user=world.coordinator, round=round_)
    ranks = dict(ActionResult.objects.filter(round=round_).values_list("action_id", "rank"))
    assert ranks == {b.pk: 1, a.pk: 2, c.pk: 3}


def test_a_recomputation_replaces_every_line_with_the_new_scores(world):
    """The second computation updates the stored lines in place: an action that was below the
    quorum becomes ranked, a changed score moves B, and no line is duplicated or left over."""
    from tests.rounds.reference import compute

    a1, a2 = (ActionFactory(state="accepted", title=f"R{n}") for n in (1, 2))
    round_ = open_round(world, actions=[a1, a2], quorum=2)
    score(world.members["government"], round_, a1, impact=5)
    score(world.members["company"], round_, a1, impact=1)
    score(world.members["company"], round_, a2, impact=3)
    # Changed on purpose (issue 10): an open round is never computed, so the first computation
    # is the one of the close; the scores then change behind it (the round reopened in the
    # database only: no service reopens a round) and the coordinator recomputes the closed round.
    round_ = services.round_close(acting_user=world.coordinator, round=round_)
    assert (_result(round_, a2).rank, _result(round_, a2).insufficient) == (None, True)

    Round.objects.filter(pk=round_.pk).update(state="open")
    score(world.members["government"], round_, a1, impact=2)  # replaces the 5
    score(world.members["indigenous"], round_, a2, impact=4)
    Round.objects.filter(pk=round_.pk).update(state="closed")
    round_.refresh_from_db()
    services.round_recompute(acting_user=world.coordinator, round=round_)

    expected = compute(
        scores=Score.objects.filter(round=round_).values_list(
            "person_id", "sector", "action_id", "criterion__key", "value"
        ),
        criteria_weights=dict(round_.criteria.values_list("key", "weight")),
        sector_weights=dict(round_.sector_weights.values_list("sector", "weight")),
        quorum=2,
        candidates=[a1.pk, a2.pk],
    )
    results = ActionResult.objects.filter(round=round_)
    assert results.count() == 2
    for result in results:
        line = expected[result.action_id]
        assert (result.rank, result.balanced, result.consensus, result.raw_mean) == (
            line["rank"],
            line["balanced"],
            line["consensus"],
            line["raw_mean"],
        )
    assert _result(round_, a2).rank is not None
    assert _result(round_, a1).balanced == D("1.500000")  # (2 + 1) / 2
