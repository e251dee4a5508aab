# The two set-up commands of the README: `make run` and `make test`. Both work on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed-stamp
REFERENCE_LAYER ?= ../shared/reference/peru_districts.geojson

.PHONY: run test install lint messages translations bench clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(INSTALLED)

install: $(INSTALLED) translations

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
	$(PY) manage.py runserver 127.0.0.1:8000

test: install
	$(VENV)/bin/ruff check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Regenerate the Spanish catalog from the sources (then translate what is new).
messages: $(INSTALLED)
	$(PY) manage.py makemessages -l es --ignore=.venv --ignore=bench --ignore=tests --no-obsolete --no-location

bench: install
	$(PY) -m bench.run

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
