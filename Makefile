# The two set-up commands of the README: `make run` and `make test`. Both work on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
INSTALLED := $(VENV)/.installed-stamp
# The version of uv that uv.lock pins: pip installs it into the new venv, then uv installs the rest.
UV_VERSION := $(shell sed -n '/^name = "uv"$$/{n;s/^version = "\(.*\)"$$/\1/p;}' uv.lock)
REFERENCE_LAYER ?= ../shared/reference/peru_districts.geojson
# `make run PORT=8001` when 8000 is taken.
PORT ?= 8000
# `make test MYPY=true` skips mypy (never in CI).
MYPY ?= $(VENV)/bin/mypy
# pytest-xdist's workers, each with its own test database (test_<name>_gw0...) and Redis broker db.
PYTEST_WORKERS ?= auto
# Local runs keep the test databases between runs; .ci/run passes PYTEST_REUSE=--create-db.
PYTEST_REUSE ?= --reuse-db
# `make test PYTEST_ARGS="tests/lap -x"` for a part of the suite.
PYTEST_ARGS ?=
# `make bench BENCH_ARGS="--scale 0.1"` for a smaller data set.
BENCH_ARGS ?=
# `make bench-http BENCH_HTTP_ARGS="--actions 50000"` for the large data set.
BENCH_HTTP_ARGS ?=

.PHONY: run test install upgrade lint messages translations bench bench-http clean

# Exactly the versions (and hashes) of uv.lock, never re-resolved: `--locked` refuses a lock that
# no longer matches pyproject.toml (run `make upgrade` or `uv lock`, commit both files).
$(INSTALLED): pyproject.toml uv.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	test -x $(UV) || $(PY) -m pip install --quiet "uv==$(UV_VERSION)"
	UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --locked --extra dev --no-install-project
	touch $(INSTALLED)

install: $(INSTALLED) translations

# Every dependency to its newest version that pyproject.toml allows, then installed.
upgrade: $(INSTALLED)
	$(UV) lock --upgrade
	$(MAKE) install

# Compiled catalogs are build output (not committed); Django reads them from locale/.
translations: $(INSTALLED)
	$(PY) manage.py compilemessages --ignore=.venv -v0

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_reference_data
	@# District boundaries come from the shared reference layer (MPL-2.0, never copied here).
	if [ -f $(REFERENCE_LAYER) ]; then $(PY) manage.py import_boundaries $(REFERENCE_LAYER) --province 2205; fi
	$(PY) manage.py load_demo
	$(PY) manage.py load_demo_plan
	@# E-mail links follow the port, unless LAP_SITE_URL says otherwise.
	LAP_SITE_URL="$${LAP_SITE_URL:-http://127.0.0.1:$(PORT)}" $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(MYPY)
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) $(PYTEST_REUSE) $(PYTEST_ARGS)

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Regenerate the Spanish catalog from the sources (then translate what is new).
messages: $(INSTALLED)
	$(PY) manage.py makemessages -l es --ignore=.venv --ignore=bench --ignore=tests --no-obsolete --no-location

# On a new, empty database too: the tables come first.
bench: install
	$(PY) manage.py migrate --noinput
	$(PY) -m bench.run $(BENCH_ARGS)

# The app under gunicorn beside bare views of the same rows (PostgreSQL and Redis; README).
bench-http: install
	$(PY) manage.py migrate --noinput
	$(PY) -m bench.http_run $(BENCH_HTTP_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
