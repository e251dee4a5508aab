"""Settings of the Celery worker that tests/lap/test_worker_survival.py starts as a subprocess:
the project's, with e-mails written to files (LAP_TEST_EMAIL_DIR) so that the test can count
what the worker sent."""

import os

from lap.settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["LAP_TEST_EMAIL_DIR"]
