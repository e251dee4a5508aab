"""Permission predicates about people and organizations (django-rules).

Selectors decide what a person may see; these predicates decide what they may do.
"""

from collections.abc import Callable

import rules
from django.contrib.auth.models import AnonymousUser
from rules.predicates import Predicate

from stakeholders.models import Membership, MembershipRole, MembershipStatus, Organization, User

# django-rules ships py.typed without annotations: typed once here, every rules module uses these.
predicate: Callable[[Callable[..., bool]], Predicate] = rules.predicate
add_perm: Callable[[str, Predicate], None] = rules.add_perm
add_rule: Callable[[str, Predicate], None] = rules.add_rule

# Whom a predicate is asked about: an account, or nobody signed in (a visitor, a partner key).
Person = User | AnonymousUser


@predicate
def is_coordinator(user: Person) -> bool:
    return isinstance(user, User) and user.is_coordinator


@predicate
def is_facilitator(user: Person) -> bool:
    return isinstance(user, User) and user.is_facilitator


@predicate
def is_member_of(user: Person, organization: Organization | None) -> bool:
    """Any active membership (member or representative) counts as "member" in the rules."""
    if not isinstance(user, User) or organization is None:
        return False
    return Membership.objects.filter(
        user=user, organization=organization, status=MembershipStatus.ACTIVE
    ).exists()


@predicate
def is_representative_of(user: Person, organization: Organization | None) -> bool:
    if not isinstance(user, User) or organization is None:
        return False
    return Membership.objects.filter(
        user=user,
        organization=organization,
        status=MembershipStatus.ACTIVE,
        role=MembershipRole.REPRESENTATIVE,
    ).exists()


@predicate
def is_member_anywhere(user: Person) -> bool:
    if not isinstance(user, User):
        return False
    return Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE).exists()


add_perm("stakeholders.create_organization", is_coordinator)
add_perm("stakeholders.change_organization", is_coordinator)
add_perm("stakeholders.invite_to_organization", is_coordinator)
add_perm("stakeholders.manage_memberships", is_coordinator)
# A representative may admit people as members; only coordinators grant representation.
add_perm("stakeholders.admit_to_organization", is_coordinator | is_representative_of)
add_perm("stakeholders.see_people_of_organization", is_coordinator | is_member_of)
add_perm("stakeholders.manage_api_keys", is_coordinator)
add_perm("lap.read_audit_trail", is_coordinator)
