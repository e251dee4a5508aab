"""Permission predicates: vision."""
