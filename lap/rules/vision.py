"""Permission predicates: vision, objectives and indicators.

Selectors decide which versions a person sees (drafts: coordinators; open and closed: anyone
signed in; published: everyone); these predicates decide what they may do.
"""

import rules

from stakeholders.rules import (
    is_coordinator,
    is_facilitator,
    is_member_anywhere,
    is_representative_of,
)


@rules.predicate
def is_signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


@rules.predicate
def is_representative_anywhere(user) -> bool:
    from stakeholders.models import Membership, MembershipRole, MembershipStatus

    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(
        user=user, status=MembershipStatus.ACTIVE, role=MembershipRole.REPRESENTATIVE
    ).exists()


@rules.predicate
def can_see_version(user, version) -> bool:
    if version is None:
        return False
    if version.state == "published":
        return True
    if version.state == "draft":
        return is_coordinator(user)
    return is_signed_in(user)


# Drafting, opening, closing and publishing versions.
rules.add_perm("lap.manage_vision", is_coordinator)
rules.add_perm("lap.view_vision_version", can_see_version)
# Members comment for their organization; facilitators on behalf of a member; coordinators too.
rules.add_perm("lap.comment_on_vision", is_member_anywhere | is_facilitator | is_coordinator)
# Endorsing: object is the organization endorsed for.
rules.add_perm("lap.endorse_vision_for", is_representative_of)
rules.add_perm("lap.endorse_vision", is_representative_anywhere)
rules.add_perm("lap.manage_objectives", is_coordinator)
