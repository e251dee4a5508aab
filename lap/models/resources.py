"""Models: resource needs, commitments, deliveries, exchange rates."""
