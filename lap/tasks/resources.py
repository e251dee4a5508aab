"""Celery tasks: resources."""
