"""Permission predicates: milestones and progress updates (DESIGN.md "Implementation tracking
and results").

The organizations that implement an action are its responsible organizations, or its proposing
organization when it names none (someone must be able to report on it). While the action is
approved, in progress or suspended: their representatives and coordinators edit milestones;
their members (or a facilitator for one) write draft updates, which the author or a
representative of the update's organization edits or deletes; a representative of that
organization or a coordinator publishes it; a coordinator hides a published one. A coordinator
uploads a bulk file of updates, which become published updates of no organization.
"""

from typing import TYPE_CHECKING

from lap.models.implementation import IMPLEMENTATION_STATES, UpdateStatus
from stakeholders.rules import add_perm, is_coordinator, is_facilitator, predicate

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from lap.models.actions import Action
    from lap.models.implementation import ProgressUpdate
    from stakeholders.models import User


def implementing_organization_ids(action: "Action") -> set[int]:
    responsible = {organization.pk for organization in action.responsible_organizations.all()}
    return responsible or {action.proposing_organization_id}


def _active_roles(user: "User | AnonymousUser", organization_ids: set[int]) -> set[str]:
    """The person's roles in these organizations. Their active memberships are read once per
    user object (a request's, a service call's): a page asks about every update it lists."""
    if not getattr(user, "is_authenticated", False) or not organization_ids:
        return set()
    roles: dict[int, str] | None = getattr(user, "_active_membership_roles", None)
    if roles is None:
        from stakeholders.models import Membership, MembershipStatus

        roles = dict(
            Membership.objects.filter(user=user.pk, status=MembershipStatus.ACTIVE).values_list(
                "organization_id", "role"
            )
        )
        user._active_membership_roles = roles  # type: ignore[union-attr]
    return {role for organization, role in roles.items() if organization in organization_ids}


def _is_implementing(action: "Action | None") -> bool:
    return action is not None and action.state in IMPLEMENTATION_STATES


@predicate
def represents_implementer(user: "User | AnonymousUser", action: "Action | None") -> bool:
    from stakeholders.models import MembershipRole

    if action is None:
        return False
    roles = _active_roles(user, implementing_organization_ids(action))
    return MembershipRole.REPRESENTATIVE in roles


@predicate
def is_member_of_implementer(user: "User | AnonymousUser", action: "Action | None") -> bool:
    return action is not None and bool(_active_roles(user, implementing_organization_ids(action)))


@predicate
def action_is_implementing(user: "User | AnonymousUser", action: "Action | None") -> bool:
    return _is_implementing(action)


@predicate
def can_edit_draft(user: "User | AnonymousUser", update: "ProgressUpdate | None") -> bool:
    if update is None or update.status != UpdateStatus.DRAFT or not _is_implementing(update.action):
        return False
    if getattr(user, "is_authenticated", False) and update.author_id == user.pk:
        return True
    # The facilitator who wrote it for the author.
    if getattr(user, "is_authenticated", False) and update.entered_by_id == user.pk:
        return True
    return _represents_update_organization(user, update)


def _represents_update_organization(user: "User | AnonymousUser", update: "ProgressUpdate") -> bool:
    from stakeholders.models import MembershipRole

    if update.organization_id is None:
        return False
    return MembershipRole.REPRESENTATIVE in _active_roles(user, {update.organization_id})


@predicate
def can_publish(user: "User | AnonymousUser", update: "ProgressUpdate | None") -> bool:
    if update is None or update.status != UpdateStatus.DRAFT or not _is_implementing(update.action):
        return False
    return bool(is_coordinator(user)) or _represents_update_organization(user, update)


@predicate
def can_hide(user: "User | AnonymousUser", update: "ProgressUpdate | None") -> bool:
    return (
        update is not None
        and update.status == UpdateStatus.PUBLISHED
        and bool(is_coordinator(user))
    )


add_perm("lap.edit_milestones", action_is_implementing & (is_coordinator | represents_implementer))
add_perm(
    "lap.write_progress_update",
    action_is_implementing & (is_member_of_implementer | is_facilitator),
)
add_perm("lap.edit_progress_update", can_edit_draft)
add_perm("lap.publish_progress_update", can_publish)
add_perm("lap.hide_progress_update", can_hide)
# Bulk progress files: read, previewed and committed by coordinators only.
add_perm("lap.upload_progress", is_coordinator)
