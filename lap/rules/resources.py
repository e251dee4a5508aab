"""Permission predicates: resources."""
