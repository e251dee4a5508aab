"""Permission predicates: resources.

Needs are edited by the proposing organization's members and coordinators while the action is
open; an organization commits through its representatives; coordinators (or the committing
representative) confirm, cancel, edit and record deliveries; coordinators enter exchange rates.
"""

from typing import TYPE_CHECKING

from lap.models import OPEN_STATES, Action, Commitment
from stakeholders.rules import (
    add_perm,
    is_coordinator,
    is_member_of,
    is_representative_of,
    predicate,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from stakeholders.models import User


@predicate
def can_edit_needs_of_action(user: "User | AnonymousUser", action: Action | None) -> bool:
    if action is None or action.state not in OPEN_STATES:
        return False
    return bool(is_coordinator(user) or is_member_of(user, action.proposing_organization))


@predicate
def represents_committing_organization(
    user: "User | AnonymousUser", commitment: Commitment | None
) -> bool:
    return commitment is not None and bool(is_representative_of(user, commitment.organization))


add_perm("lap.edit_resource_needs", can_edit_needs_of_action)
add_perm("lap.manage_commitment", is_coordinator | represents_committing_organization)
add_perm("lap.enter_exchange_rates", is_coordinator)
add_perm("lap.see_resources_dashboard", is_coordinator)
