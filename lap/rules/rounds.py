"""Permission predicates: rounds.

Coordinators run rounds and see results before they are published; scoring needs an active
membership in a sector that takes part, which the scoring service checks against the round.
"""

import rules

from stakeholders.rules import is_coordinator, is_facilitator, is_member_anywhere


@rules.predicate
def is_published_round(user, round_) -> bool:
    return round_ is not None and round_.state == "published"


@rules.predicate
def is_open_round(user, round_) -> bool:
    return round_ is not None and round_.state == "open"


rules.add_perm("lap.manage_round", is_coordinator)
# Before publishing, results are for coordinators only (never individual scores).
rules.add_perm("lap.see_round_results", is_coordinator | is_published_round)
# A rule, not a permission: a superuser is not a member and cannot score either.
rules.add_rule("lap.score_in_round", is_open_round & (is_member_anywhere | is_facilitator))
