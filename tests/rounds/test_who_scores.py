"""Who may score (the lap.score_in_round rule, asked by scores_submit), and what each person
refused is told: the same messages as before the rule was asked."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from lap.models.rounds import Score
from lap.services import rounds as services
from stakeholders.models import MembershipStatus
from tests.rounds.conftest import make_round, open_round


def _submit(user, round_, **kwargs):
    action = round_.candidates.get().action
    with translation.override("en"):
        services.scores_submit(
            acting_user=user,
            round=round_,
            scores=[{"action": action.pk, "criterion": "impact", "value": 3}],
            **kwargs,
        )


def test_a_member_scores_in_an_open_round(world):
    round_ = open_round(world)
    _submit(world.member, round_)
    assert Score.objects.filter(round=round_, person=world.member).count() == 1


def test_nobody_scores_in_a_round_that_is_not_open(world):
    round_ = make_round(world)
    with pytest.raises(ValidationError, match="only taken while the round is open"):
        _submit(world.member, round_)


def test_an_anonymous_visitor_is_asked_to_sign_in(world):
    round_ = open_round(world)
    with pytest.raises(PermissionDenied, match="Sign in to score"):
        _submit(AnonymousUser(), round_)


def test_someone_of_no_organization_cannot_score(world):
    round_ = open_round(world)
    with pytest.raises(PermissionDenied, match="not an active member of any organization"):
        _submit(world.outsider, round_)
    assert not Score.objects.filter(round=round_).exists()


def test_a_member_revoked_after_scoring_is_told_for_which_organization(world):
    round_ = open_round(world)
    _submit(world.member, round_)
    organization = world.member.memberships.get().organization
    world.member.memberships.update(status=MembershipStatus.REVOKED)
    with pytest.raises(
        PermissionDenied, match=f"no longer an active member of {re.escape(organization.name)}"
    ):
        _submit(world.member, round_)


def test_a_superuser_who_is_no_member_cannot_score(world):
    round_ = open_round(world)
    with pytest.raises(PermissionDenied):
        _submit(world.superuser, round_)
    assert not Score.objects.filter(round=round_).exists()
