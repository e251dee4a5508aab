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
    # Never connected to by these commands: port 1 answers nobody.
    "DATABASE_URL": "postgres://lap@127.0.0.1:1/lap",
    "CACHE_URL": "redis://127.0.0.1:1/1",
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


def test_the_query_options_of_the_database_url_are_kept():
    config = database_from_url("postgres://u:p@db:5432/lap?sslmode=require&connect_timeout=5")
    assert config["OPTIONS"] == {"sslmode": "require", "connect_timeout": 5}
    assert (config["HOST"], config["NAME"], config["USER"]) == ("db", "lap", "u")


def test_the_settings_connect_with_the_options_of_the_database_url():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])",
        DATABASE_URL="postgres://lap@db.example.org:5432/lap?sslmode=require",
    )
    assert result.returncode == 0, result.stderr
    assert "'sslmode': 'require'" in result.stdout


def test_a_database_url_without_a_database_name_is_refused():
    with pytest.raises(ImproperlyConfigured, match="name a database"):
        database_from_url("postgres://u:p@db:5432/")


def test_production_refuses_sqlite():
    for url in ("", "sqlite:////tmp/lap-production.sqlite3"):
        result = _manage("check", **{**PRODUCTION, "DATABASE_URL": url})
        assert result.returncode != 0
        assert "needs PostgreSQL, not SQLite" in result.stderr
        assert "DATABASE_URL" in result.stderr


def test_production_refuses_the_in_process_cache():
    result = _manage("check", **{**PRODUCTION, "CACHE_URL": ""})
    assert result.returncode != 0
    assert "needs a shared cache" in result.stderr
    assert "CACHE_URL" in result.stderr


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
    result = _manage("load_demo", **PRODUCTION)
    assert result.returncode != 0
    assert "Demo data is never loaded in production" in result.stderr


def _compose_environment() -> dict[str, str]:
    """The web service's environment, with the .env values a deployment supplies filled in."""
    import re

    import yaml

    supplied = {**PRODUCTION, "POSTGRES_PASSWORD": "a-database-password"}
    environment = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["web"][
        "environment"
    ]

    def fill(value: str) -> str:
        return re.sub(
            r"\$\{(\w+)(?::[?-]([^}]*))?\}",
            lambda m: supplied.get(m.group(1), m.group(2) or ""),
            value,
        )

    return {name: fill(str(value)) for name, value in environment.items()}


def test_the_compose_environment_passes_the_production_checks():
    environment = _compose_environment()
    assert environment["DATABASE_URL"].startswith("postgres://")
    assert environment["CACHE_URL"].startswith("redis://")
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **environment)
    assert result.returncode == 0, result.stderr + result.stdout


def test_the_image_build_collects_static_files_with_settings_that_start_in_production():
    dockerfile = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    command = next(
        line
        for line in dockerfile.splitlines()
        if line.startswith("RUN") and "collectstatic" in line
    )
    build_step = command.split("&&")[-1].split("python manage.py")[0]
    environment = dict(pair.split("=", 1) for pair in build_step.split())
    assert environment["DJANGO_DEBUG"] == "false"
    result = _manage("check", **{"CACHE_URL": "", "DATABASE_URL": "", **environment})
    assert result.returncode == 0, result.stderr
