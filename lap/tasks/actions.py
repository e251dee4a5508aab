"""Celery tasks: actions."""
