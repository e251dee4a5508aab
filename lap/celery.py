"""Celery application. Tasks take ids (JSON only) and are enqueued on commit by the services.

Configured from the CELERY_* settings (lap/settings.py): tasks are acknowledged once they have
run and handed back when their worker dies, one at a time per worker process, and every task
is idempotent, so a worker killed at any moment loses nothing and nothing is done twice; beat's
sweep (lap.tasks.sweep) re-queues what was left pending.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lap.settings")

app = Celery("lap")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
