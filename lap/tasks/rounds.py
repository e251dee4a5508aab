"""Celery tasks: rounds."""
