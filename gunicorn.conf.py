"""gunicorn's settings for the web process (Dockerfile, docker-compose, `make bench-http`), read
from the environment so one image fits every machine. GUNICORN_WORKERS: worker processes
(default 2 per core plus 1); GUNICORN_TIMEOUT: seconds a request may take before its worker is
restarted (default 30; the funding gap answers in about a second at 50,000 actions, and its
downloads stream); GUNICORN_BIND: address (default 0.0.0.0:8000)."""

import multiprocessing

from lap.env import env_int, env_str

bind = env_str("GUNICORN_BIND", "0.0.0.0:8000")
workers = env_int("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1, minimum=1)
timeout = env_int("GUNICORN_TIMEOUT", 30, minimum=1)
# A worker restarted after this many requests (with jitter, so not all at once) gives back
# whatever memory it kept.
max_requests = env_int("GUNICORN_MAX_REQUESTS", 1000, minimum=0)
max_requests_jitter = max_requests // 10
accesslog = "-"
