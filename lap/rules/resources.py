"""Permission predicates: resources.

Needs are edited by the proposing organization's members and coordinators while the action is
open; an organization commits through its representatives; coordinators (or the committing
representative) confirm, cancel, edit and record deliveries; coordinators enter exchange rates.
"""

import rules

from lap.models import OPEN_STATES
from stakeholders.rules import is_coordinator, is_member_of, is_representative_of


@rules.predicate
def can_edit_needs_of_action(user, action) -> bool:
    if action is None or action.state not in OPEN_STATES:
        return False
    return is_coordinator(user) or is_member_of(user, action.proposing_organization)


@rules.predicate
def represents_committing_organization(user, commitment) -> bool:
    return commitment is not None and is_representative_of(user, commitment.organization)


rules.add_perm("lap.edit_resource_needs", can_edit_needs_of_action)
rules.add_perm("lap.manage_commitment", is_coordinator | represents_committing_organization)
rules.add_perm("lap.enter_exchange_rates", is_coordinator)
rules.add_perm("lap.see_resources_dashboard", is_coordinator)
