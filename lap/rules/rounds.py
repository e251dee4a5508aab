"""Permission predicates: rounds.

Coordinators run rounds and see results once a round closes, before they are published;
scoring needs an active membership in a sector that takes part, which the scoring service
checks against the round.
"""

from typing import TYPE_CHECKING

from stakeholders.rules import (
    add_perm,
    add_rule,
    is_coordinator,
    is_facilitator,
    is_member_anywhere,
    predicate,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from lap.models.rounds import Round
    from stakeholders.models import User


@predicate
def is_published_round(user: "User | AnonymousUser", round_: "Round | None") -> bool:
    return round_ is not None and round_.state == "published"


@predicate
def is_open_round(user: "User | AnonymousUser", round_: "Round | None") -> bool:
    return round_ is not None and round_.state == "open"


@predicate
def is_closed_round(user: "User | AnonymousUser", round_: "Round | None") -> bool:
    return round_ is not None and round_.state == "closed"


add_perm("lap.manage_round", is_coordinator)
# No computed results while a round is open, coordinators included; a closed round's results
# are for coordinators, published ones for everyone (never individual scores). The selector
# can_see_results also refuses a superuser, whom has_perm lets through everything.
add_perm("lap.see_round_results", (is_coordinator & is_closed_round) | is_published_round)
# A rule, not a permission: a superuser is not a member and cannot score either. Scoring needs an
# open round and a signed-in member (or a facilitator, who scores on a member's behalf);
# scores_submit checks it, then the person's organization and sector against the round.
add_rule("lap.score_in_round", is_open_round & (is_member_anywhere | is_facilitator))
