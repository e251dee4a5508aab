"""Permission predicates about the territory (django-rules). Everyone may read the territory."""

import rules

from stakeholders.rules import is_coordinator

# Coordinators enter the communities that sources do not list (DESIGN.md "Territory").
rules.add_perm("territory.manage_communities", is_coordinator)
