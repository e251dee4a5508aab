"""Settings come from the environment and fail loudly; production refuses unsafe starts."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from lap.env import database_from_url, env_bool, env_int

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "p" * 20 + "-a-long-random-production-secret-key-1234567890",
    "DJANGO_ALLOWED_HOSTS": "lap.example.org",
}


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_bad_boolean_names_the_variable(monkeypatch):
    monkeypatch.setenv("DJANGO_DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_DEBUG"):
        env_bool("DJANGO_DEBUG")


def test_a_bad_number_names_the_variable(monkeypatch):
    monkeypatch.setenv("LAP_LOGIN_FAILURE_LIMIT", "five")
    with pytest.raises(ImproperlyConfigured, match="LAP_LOGIN_FAILURE_LIMIT"):
        env_int("LAP_LOGIN_FAILURE_LIMIT", 5)


def test_a_database_url_of_another_kind_is_refused():
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_from_url("mysql://root@localhost/lap")
    assert database_from_url("postgres://u:p%40ss@db:5432/lap")["PASSWORD"] == "p@ss"


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", DJANGO_DEBUG="false", DJANGO_ALLOWED_HOSTS="lap.example.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _manage(
        "check", DJANGO_DEBUG="false", DJANGO_SECRET_KEY=PRODUCTION["DJANGO_SECRET_KEY"]
    )
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_the_deployment_checklist_passes_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout


def test_demo_data_is_never_loaded_in_production():
    result = _manage("load_demo", **PRODUCTION, DATABASE_URL="sqlite:////tmp/never-used.sqlite3")
    assert result.returncode != 0
    assert "production" in result.stderr
    assert not Path("/tmp/never-used.sqlite3").exists()
