"""Celery tasks: vision."""
