"""API: implementation (milestones, progress updates) and the results summary."""
