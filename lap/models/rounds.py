"""Models: prioritization rounds, criteria, scores, result snapshots."""
