"""The README's make targets, read with `make -n` (prints the commands, runs none)."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")


def _commands(*args: str) -> list[str]:
    result = subprocess.run(
        ["make", "-n", *args], cwd=ROOT, capture_output=True, text=True, check=True, timeout=60
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
