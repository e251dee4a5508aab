"""Permission predicates: actions."""
