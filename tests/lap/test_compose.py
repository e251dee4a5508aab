"""docker-compose.yml cannot run here (no Docker engine): check that what it runs exists."""

import importlib
import shlex
from pathlib import Path

import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]


def _services() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def test_the_stack_has_the_five_services():
    assert set(_services()) == {"postgres", "redis", "web", "worker", "beat"}


def test_every_app_service_uses_the_same_environment_and_production_mode():
    services = _services()
    environments = [services[name]["environment"] for name in ("web", "worker", "beat")]
    assert environments[0] == environments[1] == environments[2]
    assert environments[0]["DJANGO_DEBUG"] == "false"
    assert environments[0]["DATABASE_URL"].startswith("postgres://")
    assert environments[0]["CELERY_BROKER_URL"].startswith("redis://redis:")


def _commands(service: dict) -> list[list[str]]:
    command = service["command"]
    if isinstance(command, list):
        return [command]
    text = command.removeprefix("sh -c ").strip().strip('"')
    return [shlex.split(part) for part in text.split("&&")]


def test_every_command_points_at_real_modules_and_management_commands():
    known = get_commands()
    for name in ("web", "worker", "beat"):
        for argv in _commands(_services()[name]):
            if argv[0] == "python" and argv[1] == "manage.py":
                assert argv[2] in known, f"{name}: no management command {argv[2]}"
            elif argv[0] == "gunicorn":
                module, attribute = argv[1].split(":")
                assert callable(getattr(importlib.import_module(module), attribute))
            elif argv[0] == "celery":
                app = importlib.import_module(argv[argv.index("-A") + 1]).celery_app
                assert app.main == "lap"
                assert argv[argv.index("-A") + 2] in {"worker", "beat"}
            else:
                raise AssertionError(f"{name}: unexpected command {argv}")


def test_the_dockerfile_serves_the_wsgi_application():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert '"lap.wsgi:application"' in dockerfile


def test_gunicorn_takes_its_workers_timeout_and_address_from_the_environment(monkeypatch):
    import runpy

    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    monkeypatch.setenv("GUNICORN_TIMEOUT", "90")
    monkeypatch.setenv("GUNICORN_BIND", "127.0.0.1:9001")
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert (config["workers"], config["timeout"], config["bind"]) == (3, 90, "127.0.0.1:9001")
    for argv in _commands(_services()["web"]):
        if argv[0] == "gunicorn":
            assert argv[argv.index("--config") + 1] == "gunicorn.conf.py"
    assert '"--config", "gunicorn.conf.py"' in (ROOT / "Dockerfile").read_text()
