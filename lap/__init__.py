"""The Lamas Landscape Action Plan: project package and the plan itself."""

from lap.celery import app as celery_app

__all__ = ["celery_app"]
