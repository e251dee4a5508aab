"""Personas and switches shared by the whole suite.

Tests marked `services` need the real PostgreSQL and Redis, and tests marked `browser` need
Debian's Chromium. Without them they skip with a reason; with LAP_REQUIRE_SERVICES=1 or
LAP_REQUIRE_BROWSER=1 (set by .ci/run) a skip becomes a failure, so CI cannot pass by skipping.

Under pytest-xdist (`make test` runs `-n auto`) each worker has its own PostgreSQL test database
(pytest-django names it test_<name>_gw0, _gw1...) and its own Redis broker database: worker gwN
takes the db of CELERY_BROKER_URL plus N, so the real Celery workers the tests start, and the
queues they flush or purge, never see another xdist worker's tasks.
"""

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from rest_framework.test import APIClient

from stakeholders import services
from stakeholders.models import ApiScope, MembershipRole
from tests.factories import OrganizationFactory, UserFactory, member_of

CHROMIUM = Path("/usr/bin/chromium")


def services_available() -> tuple[bool, str]:
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        return False, "needs PostgreSQL: set DATABASE_URL (make test runs on SQLite without it)"
    if not settings.CELERY_BROKER_URL:
        return False, "needs Redis: set CELERY_BROKER_URL"
    return True, ""


def browser_available() -> tuple[bool, str]:
    if not CHROMIUM.exists():
        return False, (
            "needs Debian's Chromium at /usr/bin/chromium: "
            "apt-get install -y chromium (never a downloaded browser)"
        )
    return True, ""


REDIS_DATABASES = 16  # Redis's default `databases`
# The broker URL as given (CELERY_BROKER_URL), before an xdist worker takes its own db.
GIVEN_BROKER_URL = settings.CELERY_BROKER_URL


def worker_broker_url(url: str, worker: str | None) -> str:
    """The Redis broker URL of pytest-xdist's worker `worker` (gw0, gw1...; None without
    xdist): the database of `url` plus the worker's number."""
    if not url or not worker:
        return url
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    database = base + int(worker.removeprefix("gw"))
    if database >= REDIS_DATABASES:
        raise pytest.UsageError(
            f"xdist worker {worker} would need Redis db {database} (CELERY_BROKER_URL db {base}): "
            f"Redis has {REDIS_DATABASES}; use a lower db or fewer workers (-n)"
        )
    return urlunsplit(parts._replace(path=f"/{database}"))


def pytest_configure(config):
    # A fast hasher: the suite creates many accounts; real hashing is Django's own business.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # This xdist worker's own broker db, for the in-process workers (start_worker, through the
    # app's configuration) and the subprocess ones (given settings.CELERY_BROKER_URL).
    broker_url = worker_broker_url(GIVEN_BROKER_URL, os.environ.get("PYTEST_XDIST_WORKER"))
    if broker_url != settings.CELERY_BROKER_URL:
        from lap.celery import app

        settings.CELERY_BROKER_URL = broker_url
        # Celery's broker_url prefers the environment variable to the configuration.
        os.environ["CELERY_BROKER_URL"] = broker_url
        app.conf.broker_url = broker_url


def pytest_runtest_setup(item):
    for marker, check, switch in (
        ("services", services_available, "LAP_REQUIRE_SERVICES"),
        ("browser", browser_available, "LAP_REQUIRE_BROWSER"),
    ):
        if marker in item.keywords:
            available, reason = check()
            if not available:
                if os.environ.get(switch) == "1":
                    pytest.fail(f"{switch}=1 but this test cannot run: {reason}")
                pytest.skip(reason)


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language (Spanish): a request's language must not leak
    into the next test through the thread's active translation."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _isolated_cache():
    """Throttles and caches start empty in every test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _eager_celery():
    """Tasks run in-process in tests; the real-worker test (tests/lap) switches this off."""
    from lap.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@dataclass
class World:
    """One organization per core sector with a representative and a member each, a coordinator,
    a facilitator, an outsider, a superuser and a partner key."""

    government: object
    company: object
    smallholder: object
    indigenous: object
    coordinator: object
    facilitator: object
    outsider: object
    superuser: object
    representative: object  # of the smallholder organization
    member: object  # of the smallholder organization
    representatives: dict
    members: dict
    api_key: object
    api_key_secret: str

    def person(self, persona: str):
        """The account of a persona of the access table; None for anonymous and the partner key."""
        return {
            "outsider": self.outsider,
            "member": self.member,
            "representative": self.representative,
            "facilitator": self.facilitator,
            "coordinator": self.coordinator,
            "superuser": self.superuser,
        }.get(persona)


@pytest.fixture
def world(db) -> World:
    coordinator = UserFactory(username="coordinator", is_coordinator=True)
    facilitator = UserFactory(username="facilitator", is_facilitator=True)
    outsider = UserFactory(username="outsider")
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    organizations = {
        sector: OrganizationFactory(name=f"{sector.title()} organization", sector=sector)
        for sector in ("government", "company", "smallholder", "indigenous")
    }
    representatives = {
        sector: member_of(
            organization, role=MembershipRole.REPRESENTATIVE, username=f"{sector}-representative"
        )
        for sector, organization in organizations.items()
    }
    members = {
        sector: member_of(organization, username=f"{sector}-member")
        for sector, organization in organizations.items()
    }
    api_key, secret = services.api_key_create(
        acting_user=coordinator,
        organization=organizations["company"],
        name="Partner dashboard",
        scopes=list(ApiScope.values),
    )
    return World(
        **organizations,
        coordinator=coordinator,
        facilitator=facilitator,
        outsider=outsider,
        superuser=superuser,
        representative=representatives["smallholder"],
        member=members["smallholder"],
        representatives=representatives,
        members=members,
        api_key=api_key,
        api_key_secret=secret,
    )
