"""Permission predicates: rounds.

Coordinators run rounds and see results once a round closes, before they are published;
scoring needs an active membership in a sector that takes part, which the scoring service
checks against the round.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

import rules
from rules.predicates import Predicate

from stakeholders.rules import is_coordinator, is_facilitator, is_member_anywhere

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from lap.models.rounds import Round
    from stakeholders.models import User

# django-rules ships a py.typed without annotations: the three functions used here, typed once.
predicate: Callable[[Callable[["User | AnonymousUser", "Round | None"], bool]], Predicate] = (
    rules.predicate
)
add_perm: Callable[[str, Predicate], None] = rules.add_perm
add_rule: Callable[[str, Predicate], None] = rules.add_rule


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
