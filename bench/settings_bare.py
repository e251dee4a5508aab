"""Settings of the bare side of `make bench-http`: the project's apps, database and templates,
but no middleware and only the bare views (bench.bare_urls), so each of its answers is the
floor for the same rows: the query and the JSON, nothing else."""

from lap.settings import *  # noqa: F403

MIDDLEWARE: list[str] = []
ROOT_URLCONF = "bench.bare_urls"
