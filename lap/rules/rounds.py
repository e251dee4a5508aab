"""Permission predicates: rounds.

Coordinators run rounds and see results once a round closes, before they are published;
scoring needs an active membership in a sector that takes part, which the scoring service
checks against the round.
"""

import rules

from stakeholders.rules import is_coordinator, is_facilitator, is_member_anywhere


@rules.predicate
def is_published_round(user, round_) -> bool:
    return round_ is not None and round_.state == "published"


@rules.predicate
def is_open_round(user, round_) -> bool:
    return round_ is not None and round_.state == "open"


@rules.predicate
def is_closed_round(user, round_) -> bool:
    return round_ is not None and round_.state == "closed"


rules.add_perm("lap.manage_round", is_coordinator)
# No computed results while a round is open, coordinators included; a closed round's results
# are for coordinators, published ones for everyone (never individual scores). The selector
# can_see_results also refuses a superuser, whom has_perm lets through everything.
rules.add_perm("lap.see_round_results", (is_coordinator & is_closed_round) | is_published_round)
# A rule, not a permission: a superuser is not a member and cannot score either.
rules.add_rule("lap.score_in_round", is_open_round & (is_member_anywhere | is_facilitator))
