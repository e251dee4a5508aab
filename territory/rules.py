"""Permission predicates about the territory (django-rules). Everyone may read the territory."""

from stakeholders.rules import add_perm, is_coordinator

# Coordinators enter the communities that sources do not list (DESIGN.md "Territory").
add_perm("territory.manage_communities", is_coordinator)
