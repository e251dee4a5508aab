"""Permission predicates: vision, objectives and indicators.

Which versions a person sees is decided in one place only, lap.selectors.vision.visible_versions
(drafts: coordinators; open and closed: anyone signed in; published: everyone); these
predicates decide what they may do.
"""

from stakeholders.models import Membership, MembershipRole, MembershipStatus, User
from stakeholders.rules import (
    Person,
    add_perm,
    is_coordinator,
    is_facilitator,
    is_member_anywhere,
    is_representative_of,
    predicate,
)


@predicate
def is_representative_anywhere(user: Person) -> bool:
    if not isinstance(user, User):
        return False
    return Membership.objects.filter(
        user=user, status=MembershipStatus.ACTIVE, role=MembershipRole.REPRESENTATIVE
    ).exists()


# Drafting, opening, closing and publishing versions.
add_perm("lap.manage_vision", is_coordinator)
# Members comment for their organization; facilitators on behalf of a member; coordinators too.
add_perm("lap.comment_on_vision", is_member_anywhere | is_facilitator | is_coordinator)
# Endorsing: object is the organization endorsed for.
add_perm("lap.endorse_vision_for", is_representative_of)
add_perm("lap.endorse_vision", is_representative_anywhere)
add_perm("lap.manage_objectives", is_coordinator)
