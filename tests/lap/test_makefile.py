"""The README's make targets, read with `make -n` (prints the commands, runs none)."""

import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")


def _make_environment() -> dict[str, str]:
    """The environment without what a `make test ...` around this run passes on: its flags and
    command-line variables (MAKEFLAGS, and `make test MYPY=true` exports MYPY) and the
    Makefile's own variables (.ci/run sets PYTEST_REUSE), so the Makefile's defaults are read."""
    own = set(re.findall(r"^(\w+) \?=", (ROOT / "Makefile").read_text(), re.MULTILINE))
    passed = {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", *own}
    return {name: value for name, value in os.environ.items() if name not in passed}


def _commands(*args: str) -> list[str]:
    result = subprocess.run(
        ["make", "-n", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env=_make_environment(),
    )
    return result.stdout.splitlines()


def test_make_run_serves_on_port_8000_by_default_and_on_the_port_given():
    assert any("runserver 127.0.0.1:8000" in line for line in _commands("run"))
    serve = [line for line in _commands("run", "PORT=8001") if "runserver" in line]
    assert len(serve) == 1
    assert serve[0].endswith("runserver 127.0.0.1:8001")
    assert "http://127.0.0.1:8001" in serve[0]  # links in e-mails point at the same port


def test_make_bench_migrates_the_database_before_benchmarking():
    commands = _commands("bench")
    migrate = next(i for i, line in enumerate(commands) if "manage.py migrate" in line)
    bench = next(i for i, line in enumerate(commands) if "-m bench.run" in line)
    assert migrate < bench


def _fresh(*args: str) -> list[str]:
    """What `make -n` would run with no virtual environment yet (as on a fresh clone)."""
    return _commands(*args, "VENV=/nonexistent/lap-venv")


def _locked_uv_version() -> str:
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    return next(package["version"] for package in lock["package"] if package["name"] == "uv")


def test_make_install_installs_the_lock_with_the_uv_it_pins_and_never_resolves():
    commands = _fresh("install")
    assert any(f'pip install --quiet "uv=={_locked_uv_version()}"' in line for line in commands)
    sync = [line for line in commands if " sync " in line]
    assert len(sync) == 1
    assert "uv sync --locked --extra dev" in sync[0]
    assert "UV_PROJECT_ENVIRONMENT=/nonexistent/lap-venv" in sync[0]
    assert not any("uv lock" in line or "pip install -e" in line for line in commands)


def test_the_install_stamp_depends_on_the_lock_and_on_pyproject():
    stamp = next(
        line
        for line in (ROOT / "Makefile").read_text().splitlines()
        if line.startswith("$(INSTALLED):")
    )
    assert set(stamp.split(":", 1)[1].split()) >= {"pyproject.toml", "uv.lock"}


def test_make_upgrade_refreshes_the_lock_then_installs_it():
    commands = _fresh("upgrade")
    upgrade = next(i for i, line in enumerate(commands) if "uv lock --upgrade" in line)
    sync = [i for i, line in enumerate(commands) if "uv sync --locked" in line]
    assert sync
    assert sync[-1] > upgrade


def test_make_test_runs_the_checks_then_pytest_on_every_core_with_the_databases_kept():
    commands = _fresh("test")
    steps = [
        "bin/ruff check .",
        "bin/ruff format --check .",
        "bin/mypy",
        "manage.py check",
        "manage.py makemigrations --check --dry-run",
        "bin/pytest -n auto --reuse-db",
    ]
    found = [
        next(i for i, line in enumerate(commands) if line.endswith(s) or s + " " in line)
        for s in steps
    ]
    assert found == sorted(found)
    assert len(set(found)) == len(steps)
    pytest_line = [
        line.strip() for line in _fresh("test", "PYTEST_REUSE=--create-db") if "bin/pytest" in line
    ]
    assert pytest_line == ["/nonexistent/lap-venv/bin/pytest -n auto --create-db"]


def test_ci_and_the_image_install_the_lock_and_ci_builds_new_test_databases():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "\nmake install\n" in ci
    assert "\nmake test PYTEST_REUSE=--create-db\n" in ci
    dockerfile = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    assert "uv export --locked --format requirements-txt --no-emit-project" in dockerfile
    assert "pip install --no-deps --require-hashes -r /tmp/requirements.txt" in dockerfile
    assert "pip install ." not in dockerfile
