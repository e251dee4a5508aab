"""The HTTP benchmark: `python -m bench.http_run` (or `make bench-http`) on PostgreSQL and Redis.

Generates N actions with needs, commitments and deliveries (bench.http_generate; default
10,000, `--actions 50000`), serves the app with gunicorn (production settings, two workers)
and, beside it, the bare views of bench.bare_views (same rows with `.values()` and
JsonResponse, no middleware, no DRF), and loads both in turn, interleaved, on varied pages:
requests a second for each, and their ratio (app / bare; 1 would be no overhead at all). Then
the funding-gap downloads: time to the first byte, total time, and the worker's memory before
and after. Prints a table and writes everything to bench/results-http.json.

Run it on a database of its own: it writes rows named "bench-http-..." (removed by the next
run). Options: --actions N, --reuse (keep the data set of a previous run), --seconds S per
measurement (default 4), --rounds R (default 3), --concurrency C (default 2), --only TEXT (just
the targets whose name contains TEXT, and no downloads).
"""

import argparse
import http.client
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lap.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from bench import http_generate  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
APP_PORT, BARE_PORT = 8801, 8802
BOUNDARIES = ROOT.parent / "shared" / "reference" / "peru_districts.geojson"
# What is measured: a name, the path (page numbers drawn at random from 1..pages) and who asks.
TARGETS = (
    ("GET /api/v1/actions/?page_size=50 (anonymous)", "/api/v1/actions/?page_size=50", None),
    ("GET /api/v1/actions/?page_size=50 (token)", "/api/v1/actions/?page_size=50", "token"),
    ("GET /api/v1/funding-gaps/", "/api/v1/funding-gaps/", "token"),
    ("/resources/funding-gaps/ page", "/resources/funding-gaps/", None),
    ("/territory/", "/territory/", None),
    ("home /", "/", None),
)
DOWNLOADS = ("/resources/funding-gaps.csv", "/resources/funding-gaps.xlsx")


def _server_environment(port: int) -> dict[str, str]:
    environment = dict(os.environ)
    environment.update(
        {
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "bench-http-only-" + "x" * 50,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "CACHE_URL": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/9"),
            # A benchmark is one client asking a lot: no throttle.
            "LAP_THROTTLE_ANON": "1000000/minute",
            "LAP_THROTTLE_USER": "1000000/minute",
            "LAP_THROTTLE_API_KEY": "1000000/minute",
            "GUNICORN_WORKERS": "2",
            "GUNICORN_TIMEOUT": "300",
            "GUNICORN_MAX_REQUESTS": "0",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
        }
    )
    return environment


def _start(application: str, port: int) -> subprocess.Popen:
    process = subprocess.Popen(  # noqa: S603 (our own gunicorn, arguments of our own)
        [
            str(Path(sys.executable).parent / "gunicorn"),
            application,
            "--config",
            str(ROOT / "gunicorn.conf.py"),
            "--access-logfile",
            "/dev/null",
        ],
        cwd=ROOT,
        env=_server_environment(port),
    )
    for _ in range(100):
        try:
            _get(port, "/", {})
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"gunicorn for {application} did not start on port {port}")


def _get(port: int, path: str, headers: dict[str, str]) -> tuple[int, float, float, int]:
    """One request: status, seconds to the first byte of the body, total seconds, bytes."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Host": "127.0.0.1", **headers})
    response = connection.getresponse()
    first = response.read(1)
    first_byte = time.perf_counter() - started
    size = len(first) + len(response.read())
    total = time.perf_counter() - started
    connection.close()
    return response.status, first_byte, total, size


def _paths(path: str, pages: int) -> list[str]:
    joiner = "&" if "?" in path else "?"
    if path in ("/", "/territory/"):
        return [path]
    return [f"{path}{joiner}page={page}" for page in range(1, pages + 1)]


def _pages(count: int, per_page: int = 50) -> int:
    """Pages to draw from: all of them, at most 200."""
    return max(1, min(200, -(-count // per_page)))


def _rate(port: int, paths: list[str], headers: dict, seconds: float, concurrency: int) -> dict:
    """Requests a second over `seconds`, `concurrency` clients at once, each a random path."""
    done, failed = [], []
    deadline = time.perf_counter() + seconds
    lock = threading.Lock()

    def client(seed: int) -> None:
        rng = random.Random(seed)
        while time.perf_counter() < deadline:
            status, _first, total, _size = _get(port, rng.choice(paths), headers)
            with lock:
                (done if status == 200 else failed).append(total)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "requests_per_second": len(done) / elapsed,
        "median_seconds": statistics.median(done) if done else None,
        "failed": len(failed),
    }


def _worker_rss_mb(master: subprocess.Popen) -> dict[int, float]:
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
    sizes = {}
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes[int(pid)] = int(line.split()[1]) / 1024
    return sizes


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=10_000)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--only", default="")
    parser.add_argument("--output", default=str(ROOT / "bench" / "results-http.json"))
    options = parser.parse_args(argv)
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit("make bench-http needs PostgreSQL: set DATABASE_URL")

    call_command("load_reference_data", verbosity=0)
    if BOUNDARIES.exists():
        call_command("import_boundaries", str(BOUNDARIES), province="2205", verbosity=0)
    # Production's static files (hashed names and their manifest), as the Dockerfile builds them.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=_server_environment(APP_PORT),
        check=True,
    )
    if options.reuse:
        data = {"reused": True}
    else:
        data = http_generate.generate(options.actions)
        print("generated:", data)
    from rest_framework.authtoken.models import Token

    from stakeholders.models import User

    reader = User.objects.get(username=f"{http_generate.PREFIX}reader")
    token, _created = Token.objects.get_or_create(user=reader)
    from lap.models import FUNDING_LISTED_STATES, Action
    from lap.selectors.actions import PUBLIC_STATES

    pages = {
        "/api/v1/actions/?page_size=50": _pages(
            Action.objects.filter(state__in=PUBLIC_STATES).count()
        ),
        "funding": _pages(Action.objects.filter(state__in=FUNDING_LISTED_STATES).count()),
    }

    app = _start("lap.wsgi:application", APP_PORT)
    bare = _start("bench.bare_wsgi:application", BARE_PORT)
    results: dict = {"data": data, "targets": {}, "downloads": {}}
    try:
        for name, path, who in TARGETS:
            if options.only not in name:
                continue
            headers = {"Authorization": f"Token {token.key}"} if who == "token" else {}
            paths = _paths(path, pages.get(path, pages["funding"]))
            # Warm both (templates, connections, the territory drawing's cache).
            for port in (APP_PORT, BARE_PORT):
                status = _get(port, paths[0], headers)[0]
                if status != 200:
                    raise SystemExit(f"{name}: port {port} answered {status}")
            app_rates, bare_rates = [], []
            for _round in range(options.rounds):
                for port, rates in ((APP_PORT, app_rates), (BARE_PORT, bare_rates)):
                    rates.append(_rate(port, paths, headers, options.seconds, options.concurrency))
            app_rate = statistics.median(r["requests_per_second"] for r in app_rates)
            bare_rate = statistics.median(r["requests_per_second"] for r in bare_rates)
            results["targets"][name] = {
                "app_requests_per_second": round(app_rate, 2),
                "bare_requests_per_second": round(bare_rate, 2),
                "ratio": round(app_rate / bare_rate, 2) if bare_rate else None,
                "app_median_seconds": statistics.median(
                    r["median_seconds"] for r in app_rates if r["median_seconds"] is not None
                ),
                "app_failed": sum(r["failed"] for r in app_rates),
            }
            print(f"{name}: {results['targets'][name]}")
        for path in DOWNLOADS if not options.only else ():
            before = _worker_rss_mb(app)
            status, first_byte, total, size = _get(APP_PORT, path, {})
            after = _worker_rss_mb(app)
            grown = max(after.get(pid, 0) - before.get(pid, 0) for pid in after)
            results["downloads"][path] = {
                "status": status,
                "first_byte_seconds": round(first_byte, 3),
                "total_seconds": round(total, 3),
                "bytes": size,
                "worker_rss_mb_before": round(max(before.values()), 1),
                "worker_rss_mb_after": round(max(after.values()), 1),
                "worker_rss_growth_mb": round(grown, 1),
            }
            print(f"{path}: {results['downloads'][path]}")
    finally:
        for process in (app, bare):
            process.terminate()
            process.wait(timeout=30)
    results["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version()}
    Path(options.output).write_text(json.dumps(results, indent=2, default=str))
    print(f"\nwritten to {options.output}")
    print("\n| what | app req/s | bare req/s | ratio |\n|---|---|---|---|")
    for name, figures in results["targets"].items():
        print(
            f"| {name} | {figures['app_requests_per_second']} | "
            f"{figures['bare_requests_per_second']} | {figures['ratio']} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
