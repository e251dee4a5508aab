from django.utils.functional import SimpleLazyObject

from stakeholders.acting import acting_organization_from_session
from stakeholders.display import display_for
from stakeholders.selectors import active_organizations_of


def acting_organization(request):
    """The organization switcher in the header: evaluated only when a template uses it."""
    return {
        "acting_organization": SimpleLazyObject(lambda: acting_organization_from_session(request)),
        "my_organizations": SimpleLazyObject(
            lambda: list(active_organizations_of(getattr(request, "user", None)))
        ),
    }


def display(request):
    """The person's accessibility choices, as classes on <html> and the header's controls."""
    return {"display": display_for(request)}
