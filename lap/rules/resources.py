"""Permission predicates: resources.

Needs are edited by the proposing organization's members and coordinators while the action is
open; an organization commits through its representatives; coordinators (or the committing
representative) confirm, cancel, edit and record deliveries; coordinators enter exchange rates.

django-rules ships py.typed but leaves `predicate` and `add_perm` untyped: hence the ignores.
"""

from typing import TYPE_CHECKING

import rules

from lap.models import OPEN_STATES, Action, Commitment
from stakeholders.rules import is_coordinator, is_member_of, is_representative_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from stakeholders.models import User


@rules.predicate  # type: ignore[untyped-decorator]
def can_edit_needs_of_action(user: "User | AnonymousUser", action: Action | None) -> bool:
    if action is None or action.state not in OPEN_STATES:
        return False
    return bool(is_coordinator(user) or is_member_of(user, action.proposing_organization))


@rules.predicate  # type: ignore[untyped-decorator]
def represents_committing_organization(
    user: "User | AnonymousUser", commitment: Commitment | None
) -> bool:
    return commitment is not None and bool(is_representative_of(user, commitment.organization))


rules.add_perm("lap.edit_resource_needs", can_edit_needs_of_action)  # type: ignore[no-untyped-call]
rules.add_perm(  # type: ignore[no-untyped-call]
    "lap.manage_commitment", is_coordinator | represents_committing_organization
)
rules.add_perm("lap.enter_exchange_rates", is_coordinator)  # type: ignore[no-untyped-call]
rules.add_perm("lap.see_resources_dashboard", is_coordinator)  # type: ignore[no-untyped-call]
