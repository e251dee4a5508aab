"""The acting organization: the one a person acts for when they propose, score or commit.

With one active membership it is implicit; with several the caller must name it (the web keeps
the choice in the session, the API takes an `organization` field).
"""

from typing import Literal, overload

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from stakeholders.models import Organization, User
from stakeholders.selectors import active_organizations_of

SESSION_KEY = "acting_organization_id"


def resolve_acting_organization(*, user, organization_id: int | str | None = None) -> Organization:
    organizations = list(active_organizations_of(user))
    if not organizations:
        raise PermissionDenied(_("You are not an active member of any organization."))
    if organization_id not in (None, ""):
        for organization in organizations:
            if str(organization.pk) == str(organization_id):
                return organization
        raise PermissionDenied(_("You are not an active member of that organization."))
    if len(organizations) == 1:
        return organizations[0]
    raise ValidationError(
        {"organization": _("You belong to several organizations: choose the one you act for.")}
    )


def acting_organization_from_session(request) -> Organization | None:
    """The organization chosen in the switcher, or the only one; None when undecided."""
    if not request.user.is_authenticated:
        return None
    try:
        return resolve_acting_organization(
            user=request.user, organization_id=request.session.get(SESSION_KEY)
        )
    except (PermissionDenied, ValidationError):
        return None


def resolve_on_behalf_of(
    *, user: "User", on_behalf_of: "User | int | str | None" = None
) -> "tuple[User, User | None]":
    """(actor, entered_by) for an act. A facilitator may act for a named active member (for
    proposals, comments and scores only; `on_behalf_of` is a user or an id); both are then
    recorded. Anyone else, and a facilitator naming nobody, acts as themself.
    """
    if on_behalf_of in (None, "") or getattr(on_behalf_of, "pk", on_behalf_of) == user.pk:
        return user, None
    if not getattr(user, "is_facilitator", False):
        raise PermissionDenied(_("Only a facilitator can act on behalf of another person."))
    member_id = str(getattr(on_behalf_of, "pk", on_behalf_of))
    member = (
        User.objects.filter(pk=int(member_id), is_active=True).first()
        if member_id.isdigit()
        else None
    )
    if member is None or not active_organizations_of(member).exists():
        raise ValidationError({"on_behalf_of": _("Choose a person with an active membership.")})
    return member, user


@overload
def resolve_author(
    *,
    acting_user: User,
    on_behalf_of: User | int | str | None = None,
    organization_id: int | str | None = None,
    optional: Literal[False] = False,
) -> tuple[User, User | None, Organization]: ...


@overload
def resolve_author(
    *,
    acting_user: User,
    on_behalf_of: User | int | str | None = None,
    organization_id: int | str | None = None,
    optional: bool,
) -> tuple[User, User | None, Organization | None]: ...


def resolve_author(
    *,
    acting_user: User,
    on_behalf_of: User | int | str | None = None,
    organization_id: int | str | None = None,
    optional: bool = False,
) -> tuple[User, User | None, Organization | None]:
    """(author, entered_by, organization) for an act done for an organization: proposals,
    comments, progress updates.

    A facilitator names the member they act for; the member's organization is the acting one.
    With `optional` (coordinators), naming no organization one is not a member of acts for none.
    """
    member, entered_by = resolve_on_behalf_of(user=acting_user, on_behalf_of=on_behalf_of)
    if entered_by is not None:
        try:
            organization = resolve_acting_organization(user=member, organization_id=organization_id)
        except PermissionDenied:
            raise ValidationError(
                {"organization": _("That person is not an active member of this organization.")}
            ) from None
        return member, entered_by, organization
    try:
        organization = resolve_acting_organization(
            user=acting_user, organization_id=organization_id
        )
    except PermissionDenied:
        if optional and organization_id in (None, ""):
            return acting_user, None, None
        raise
    return acting_user, None, organization
