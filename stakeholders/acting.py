"""The acting organization: the one a person acts for when they propose, score or commit.

With one active membership it is implicit; with several the caller must name it (the web keeps
the choice in the session, the API takes an `organization` field).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from stakeholders.models import Organization
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
