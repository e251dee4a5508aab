"""Permission predicates: rounds."""
