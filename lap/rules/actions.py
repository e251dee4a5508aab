"""Permission predicates: actions, their lifecycle, comments and consent (DESIGN.md "Actions").

Selectors decide who sees an action; these predicates decide who may act on one. The object is
always an Action, except for the consent predicates, which take a ConcernedCommunity.
"""

from typing import TYPE_CHECKING

from stakeholders.rules import (
    add_perm,
    is_coordinator,
    is_facilitator,
    is_member_anywhere,
    is_member_of,
    is_representative_of,
    predicate,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from lap.models.actions import Action, ConcernedCommunity
    from stakeholders.models import User


@predicate
def is_proposer(user: "User | AnonymousUser", action: "Action | None") -> bool:
    """The proposer, while still an active member of the proposing organization."""
    if action is None or not getattr(user, "is_authenticated", False):
        return False
    return action.proposer_id == user.pk and bool(is_member_of(user, action.proposing_organization))


@predicate
def is_representative_of_proposer(user: "User | AnonymousUser", action: "Action | None") -> bool:
    return action is not None and bool(is_representative_of(user, action.proposing_organization))


@predicate
def is_member_of_proposer(user: "User | AnonymousUser", action: "Action | None") -> bool:
    return action is not None and bool(is_member_of(user, action.proposing_organization))


@predicate
def entered_it(user: "User | AnonymousUser", action: "Action | None") -> bool:
    """The facilitator who entered the proposal on behalf of its proposer."""
    if action is None or not getattr(user, "is_authenticated", False):
        return False
    return action.entered_by_id == user.pk and bool(getattr(user, "is_facilitator", False))


@predicate
def is_representative_of_responsible(user: "User | AnonymousUser", action: "Action | None") -> bool:
    if action is None or not getattr(user, "is_authenticated", False):
        return False
    from stakeholders.models import Membership, MembershipRole, MembershipStatus

    return Membership.objects.filter(
        user=user.pk,
        status=MembershipStatus.ACTIVE,
        role=MembershipRole.REPRESENTATIVE,
        organization__in=action.responsible_organizations.all(),
    ).exists()


@predicate
def is_representative_of_community(
    user: "User | AnonymousUser", concerned: "ConcernedCommunity | None"
) -> bool:
    community = getattr(concerned, "community", None)
    return community is not None and bool(is_representative_of(user, community.organization))


proposer_side = is_proposer | is_representative_of_proposer
# A member proposes for their organization; a facilitator proposes on behalf of one.
add_perm("lap.propose_action", is_member_anywhere | is_facilitator)
# Not Django's model permission "lap.change_action", so that admin groups cannot grant it.
add_perm("lap.edit_action", proposer_side | entered_it | is_coordinator)
add_perm("lap.submit_action", proposer_side | entered_it)
add_perm("lap.withdraw_action", proposer_side)
add_perm("lap.accept_action", is_coordinator)
add_perm("lap.reject_action", is_coordinator)
add_perm("lap.approve_action", is_coordinator)
add_perm("lap.start_action", is_coordinator | is_representative_of_responsible)
add_perm("lap.complete_action", is_coordinator | is_representative_of_responsible)
add_perm("lap.suspend_action", is_coordinator)
add_perm("lap.resume_action", is_coordinator)
add_perm("lap.comment_action", is_member_anywhere | is_facilitator | is_coordinator)
add_perm("lap.add_concerned_community", proposer_side | entered_it | is_coordinator)
add_perm("lap.remove_concerned_community", is_coordinator)
add_perm("lap.review_actions", is_coordinator)
# On a ConcernedCommunity: its organization's representative, or a coordinator (with a document,
# which the service checks).
add_perm("lap.record_consent", is_representative_of_community | is_coordinator)
