"""Permission predicates about people and organizations (django-rules).

Selectors decide what a person may see; these predicates decide what they may do.
"""

import rules

from stakeholders.models import Membership, MembershipRole, MembershipStatus


@rules.predicate
def is_coordinator(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_coordinator)


@rules.predicate
def is_facilitator(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_facilitator)


@rules.predicate
def is_member_of(user, organization) -> bool:
    """Any active membership (member or representative) counts as "member" in the rules."""
    if not getattr(user, "is_authenticated", False) or organization is None:
        return False
    return Membership.objects.filter(
        user=user, organization=organization, status=MembershipStatus.ACTIVE
    ).exists()


@rules.predicate
def is_representative_of(user, organization) -> bool:
    if not getattr(user, "is_authenticated", False) or organization is None:
        return False
    return Membership.objects.filter(
        user=user,
        organization=organization,
        status=MembershipStatus.ACTIVE,
        role=MembershipRole.REPRESENTATIVE,
    ).exists()


@rules.predicate
def is_member_anywhere(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE).exists()


rules.add_perm("stakeholders.create_organization", is_coordinator)
rules.add_perm("stakeholders.change_organization", is_coordinator)
rules.add_perm("stakeholders.invite_to_organization", is_coordinator)
rules.add_perm("stakeholders.manage_memberships", is_coordinator)
# A representative may admit people as members; only coordinators grant representation.
rules.add_perm("stakeholders.admit_to_organization", is_coordinator | is_representative_of)
rules.add_perm("stakeholders.see_people_of_organization", is_coordinator | is_member_of)
rules.add_perm("stakeholders.manage_api_keys", is_coordinator)
rules.add_perm("lap.read_audit_trail", is_coordinator)
