"""Permission predicates about the territory (django-rules). Everyone may read the territory."""

import rules

from stakeholders.rules import is_coordinator

# Coordinators enter the communities that sources do not list (DESIGN.md "Territory").
# django-rules ships py.typed but leaves add_perm untyped.
rules.add_perm("territory.manage_communities", is_coordinator)  # type: ignore[no-untyped-call]
