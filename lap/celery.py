"""Celery application. Tasks take ids (JSON only) and are enqueued on commit by the services."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lap.settings")

app = Celery("lap")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
