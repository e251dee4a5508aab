"""The API answers what its schema says, for every persona (DESIGN "REST API").

Schemathesis generates requests from /api/v1/schema/ and runs them against the app in-process
(WSGI, no server), inside the test's transaction, on a world with data for every endpoint: the
four core organizations and their people, a published vision, objectives with an indicator,
actions in several states, an open round, needs, commitments and a delivery, the territory's
reference facts.

The normal suite runs a bounded pass: 4 personas, 10 examples an operation. The full pass
(`LAP_SCHEMATHESIS_FULL=1`, run by .ci/run as its own step) covers the 8 personas of the access
table with 25 examples. Both are derandomized (and read no Hypothesis database): the same
requests every run, so a failure is reproducible. Not deterministic, honestly: the ids the
fixtures get differ between SQLite and PostgreSQL and between runs on PostgreSQL (sequences are
not reset), so a generated id may name an object in one run and nothing in the next; both
answers (200 or 404) are documented and checked, but which one a request gets can change.
"""

import datetime
import os
from decimal import Decimal

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from requests.models import RequestEncodingMixin
from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.specs.openapi.checks import positive_data_acceptance

from lap.services import actions as action_services
from lap.services import implementation as implementation_services
from lap.services import resources as resource_services
from lap.services import rounds as round_services
from lap.services import vision as vision_services
from territory import services as territory_services
from tests.factories import ActionFactory, CommunityFactory
from tests.security.access_table import PERSONAS as ALL_PERSONAS

FULL = os.environ.get("LAP_SCHEMATHESIS_FULL") == "1"

PERSONAS = ALL_PERSONAS if FULL else ("anonymous", "member", "coordinator", "partner_key")
EXAMPLES = 25 if FULL else 10

# Every check but `positive_data_acceptance`: it expects every schema-valid request to succeed,
# and the domain refuses valid-looking ones on purpose (an approval without consent, a stale
# version, a round that is not open), with a documented 400/403/404/409.
EXCLUDED_CHECKS = [positive_data_acceptance]

# Operations left out: none. Every operation of the schema is checked for every persona.


@pytest.fixture
def _no_throttling(monkeypatch):
    """Thousands of requests a minute from one caller: the throttles would answer 429 to the
    run itself (429 stays documented and is tested in test_errors.py)."""
    monkeypatch.setattr(
        SimpleRateThrottle,
        "THROTTLE_RATES",
        {"anon": "1000000/minute", "user": "1000000/minute", "api_key": "1000000/minute"},
    )


@pytest.fixture
def _connection_kept_open():
    """Django closes the database connection when a WSGI request finishes; that would end the
    test's transaction after the first request on PostgreSQL. Django's own test client keeps
    it open the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def plan_world(world):
    """Data behind every endpoint, made through the services where they exist."""
    territory_services.reference_data_load()
    from territory.models import District

    districts = list(District.objects.order_by("ubigeo")[:2])
    CommunityFactory(
        name="Alto Shamboyacu (demo)", district=districts[0], organization=world.indigenous
    )
    vision = vision_services.version_create(
        acting_user=world.coordinator, title="Shared vision", body="Forests and livelihoods."
    )
    for step in (
        vision_services.version_open,
        vision_services.version_close,
        vision_services.version_publish,
    ):
        vision = step(acting_user=world.coordinator, version=vision)
    objective = vision_services.objective_create(
        acting_user=world.coordinator, code="O1", title="Stop forest loss"
    )
    draft = action_services.action_create(
        acting_user=world.member,
        title="Agroforestry coffee with shade trees",
        description="Shade trees on coffee plots.",
        objective=objective,
        districts=districts,
    )
    accepted = [
        ActionFactory(
            state=state,
            objective=objective,
            proposing_organization=world.smallholder,
            proposer=world.member,
            districts=districts,
        )
        for state in ("accepted", "accepted", "approved", "in_progress")
    ]
    round_ = round_services.round_create(
        acting_user=world.coordinator,
        name="Priorities 2026",
        quorum=2,
        criteria=[
            {"key": "impact", "name": "Impact", "weight": 3},
            {"key": "feasibility", "name": "Feasibility", "weight": 1},
        ],
        sector_weights=None,
        candidates=accepted[:2],
    )
    round_services.round_open(acting_user=world.coordinator, round=round_)
    need = resource_services.need_create(
        acting_user=world.coordinator,
        action=accepted[2],
        kind="finance",
        amount="100000",
        unit="PEN",
    )
    resource_services.commitment_create(
        acting_user=world.representatives["company"],
        need=need,
        amount=Decimal("20000"),
        unit="USD",
        expected_on=datetime.date(2026, 1, 5),
    )
    confirmed = resource_services.commitment_confirm(
        acting_user=world.representatives["government"],
        commitment=resource_services.commitment_create(
            acting_user=world.representatives["government"],
            need=need,
            amount=Decimal("30000"),
            unit="PEN",
            expected_on=datetime.date(2026, 1, 5),
        ),
    )
    milestone = implementation_services.milestone_create(
        acting_user=world.coordinator,
        action=accepted[3],
        title="Nursery",
        due_on=datetime.date(2026, 3, 1),
    )
    update = implementation_services.progress_update_create(
        acting_user=world.member,
        action=accepted[3],
        reported_on=datetime.date(2026, 3, 2),
        percent=30,
        narrative="Nursery planted.",
    )
    implementation_services.progress_update_publish(acting_user=world.coordinator, update=update)
    implementation_services.progress_update_create(
        acting_user=world.member,
        action=accepted[2],
        reported_on=datetime.date(2026, 3, 2),
        narrative="A draft.",
    )
    return {
        "draft": draft,
        "actions": accepted,
        "round": round_,
        "commitment": confirmed,
        "milestone": milestone,
    }


# Schemathesis asks for gzip, but its in-process WSGI transport hands the body over as it
# comes, compressed; an HTTP client decompresses (tests/lap/test_compression.py checks that).
UNCOMPRESSED = {"Accept-Encoding": "identity"}


def _headers_for(persona, world) -> dict:
    user = world.person(persona)
    if user is not None:
        token, _created = Token.objects.get_or_create(user=user)
        return {**UNCOMPRESSED, "Authorization": f"Token {token.key}"}
    if persona == "partner_key":
        return {**UNCOMPRESSED, "Authorization": f"Api-Key {world.api_key_secret}"}
    return dict(UNCOMPRESSED)


# Loaded once, at collection, from the schema the app serves (a request through WSGI that
# touches no database). Requests then go to the same WSGI app, inside each test's transaction.
# Not `schemathesis.pytest.from_fixture`: its lazy loader sets `node._nodeid`, which pytest 9.2
# no longer has (AttributeError), while this eager form gives one test per operation anyway.
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/schema/", get_wsgi_application(), headers={"Accept-Language": "en"}
)


@pytest.mark.usefixtures("_no_throttling", "_connection_kept_open")
@pytest.mark.parametrize("persona", PERSONAS)
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,  # nothing replayed from earlier runs: every run sends the same requests
    deadline=None,
    # The world is made once per operation and persona, not per example (it takes a second);
    # examples share it, in one transaction rolled back at the end.
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
    ],
)
def test_api_answers_as_its_schema_says(case, persona, world, plan_world):
    case.call_and_validate(
        headers=_headers_for(persona, world), excluded_checks=EXCLUDED_CHECKS, **_form_body(case)
    )


def _form_body(case) -> dict:
    """A form body encoded as a partner's HTTP client (requests) encodes it, which is also what
    schemathesis reports and checks. Its in-process transport hands the fields to werkzeug, which
    takes a field whose generated value is an object or a tuple for a file and drops it from a
    urlencoded body: the server then never sees the field the check says was sent."""
    if case.media_type != "application/x-www-form-urlencoded" or not isinstance(case.body, dict):
        return {}
    return {"data": RequestEncodingMixin._encode_params(case.body)}
