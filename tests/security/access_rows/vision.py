"""Access rows for the vision and objectives pages and API (merged into access_table.ACCESS).

Builders create the versions they act on through the services, fresh for every case.
"""

from lap.services import vision as services
from tests.security.access_table import (
    ALL_200,
    API_COORDINATOR_POST,
    COORDINATOR_PAGE,
    COORDINATOR_POST,
    row,
)

BODY = "Intro.\n\n## Forests\nStanding forests.\n\n## Water\nClean water."


def _version(world, state: str):
    version = services.version_create(acting_user=world.coordinator, title="Vision", body=BODY)
    steps = {"open": 1, "closed": 2, "published": 3}.get(state, 0)
    for service in (services.version_open, services.version_close, services.version_publish)[
        :steps
    ]:
        version = service(acting_user=world.coordinator, version=version)
    return version


def _pk(state):
    return lambda w, o: {"pk": _version(w, state).pk}


def _published_exists(w, o):
    _version(w, "published")
    return {}


def _objective(w, o):
    objective = services.objective_create(acting_user=w.coordinator, code="O1", title="Forests")
    services.indicator_create(
        acting_user=w.coordinator,
        objective=objective,
        name="Restored hectares",
        unit="ha",
        direction="increase",
    )
    return {"pk": objective.pk}


def _indicator(w, o):
    objective = services.objective_create(acting_user=w.coordinator, code="O1", title="Forests")
    indicator = services.indicator_create(
        acting_user=w.coordinator,
        objective=objective,
        name="Restored hectares",
        unit="ha",
        direction="increase",
    )
    return {"pk": indicator.pk}


def _measurement(w, o):
    """A value the coordinator entered (so the coordinator may not confirm it)."""
    import datetime
    from decimal import Decimal

    from lap.models import Indicator

    indicator = Indicator.objects.get(pk=_indicator(w, o)["pk"])
    measurement = services.measurement_record(
        acting_user=w.coordinator,
        indicator=indicator,
        measured_on=datetime.date(2026, 6, 30),
        value=Decimal("12.5"),
        source="Field survey",
    )
    return {"pk": measurement.pk}


#                   anon outs memb repr faci coor  key  super
# Confirming a value: representatives and coordinators, not the one who entered it (the
# coordinator here), never a superuser as such.
CONFIRM_POST = (302, 403, 403, 302, 403, 403, 302, 403)
API_CONFIRM = (401, 403, 403, 200, 403, 403, 403, 403)
# Withdrawing a confirmation one never gave: a clear error (a message on the page, 400).
API_WITHDRAW_NONE = (401, 400, 400, 400, 400, 400, 403, 400)
DRAFT_PAGE = (302, 404, 404, 404, 404, 200, 302, 200)
# Endorsing: only the representative (of the smallholder organization) may.
ENDORSE_POST = (302, 403, 403, 302, 403, 403, 302, 403)
# The facilitator's form needs the member they act for: without one, the page again (400)
# with the typed text and the error.
COMMENT_POST = (302, 403, 302, 302, 400, 302, 302, 403)
API_DRAFT = (404, 404, 404, 404, 404, 200, 404, 200)
API_COORDINATOR_POST_ON_DRAFT = (401, 404, 404, 404, 404, 200, 403, 200)
API_ENDORSE = (401, 403, 403, 201, 403, 403, 403, 403)
API_WITHDRAW_NOTHING = (401, 403, 403, 400, 403, 403, 403, 403)
API_SIGNED_IN_OR_KEY = (401, 200, 200, 200, 200, 200, 200, 200)
API_COORDINATOR_CREATE = (401, 403, 403, 403, 403, 201, 403, 201)

ROWS: dict = {
    # --- pages ---
    "vision": row("get", ALL_200, kwargs=_published_exists),
    "vision-version-list": row("get", ALL_200),
    "vision-version-create": row("get", COORDINATOR_PAGE),
    "vision-version-detail": row("get", DRAFT_PAGE, kwargs=_pk("draft")),
    "vision-version-edit": row("get", COORDINATOR_PAGE, kwargs=_pk("draft")),
    "vision-version-open": row("post", COORDINATOR_POST, kwargs=_pk("draft")),
    "vision-version-close": row("post", COORDINATOR_POST, kwargs=_pk("open")),
    "vision-version-publish": row("post", COORDINATOR_POST, kwargs=_pk("closed")),
    "vision-comment-create": row(
        "post",
        COMMENT_POST,
        kwargs=_pk("open"),
        data=lambda w, o: {"section": 2, "text": "More about the Cumbaza headwaters."},
    ),
    "vision-endorse": row("post", ENDORSE_POST, kwargs=_pk("published")),
    "vision-withdraw-endorsement": row("post", ENDORSE_POST, kwargs=_pk("published")),
    "vision-compare": row("get", ALL_200),
    "objective-list": row("get", ALL_200),
    "objective-detail": row("get", ALL_200, kwargs=_objective),
    "objective-create": row("get", COORDINATOR_PAGE),
    "objective-edit": row("get", COORDINATOR_PAGE, kwargs=_objective),
    "indicator-create": row("get", COORDINATOR_PAGE, kwargs=_objective),
    "indicator-edit": row("get", COORDINATOR_PAGE, kwargs=_indicator),
    "indicator-measurement-create": row("get", COORDINATOR_PAGE, kwargs=_indicator),
    # --- API ---
    "api:vision": row("get", ALL_200, kwargs=_published_exists),
    "api:vision-version-list": row("get", ALL_200),
    "api:vision-version-detail": row("get", API_DRAFT, kwargs=_pk("draft")),
    "api:vision-version-open": row("post", API_COORDINATOR_POST_ON_DRAFT, kwargs=_pk("draft")),
    "api:vision-version-close": row("post", API_COORDINATOR_POST, kwargs=_pk("open")),
    "api:vision-version-publish": row("post", API_COORDINATOR_POST, kwargs=_pk("closed")),
    "api:vision-version-endorse": row("post", API_ENDORSE, kwargs=_pk("published")),
    "api:vision-version-withdraw-endorsement": row(
        "post", API_WITHDRAW_NOTHING, kwargs=_pk("published")
    ),
    "api:vision-version-comments": row("get", API_SIGNED_IN_OR_KEY, kwargs=_pk("open")),
    "api:objective-list": row("get", ALL_200),
    "api:objective-detail": row("get", ALL_200, kwargs=_objective),
    "indicator-measurement-verify": row("post", CONFIRM_POST, kwargs=_measurement),
    "indicator-measurement-unverify": row("post", (302,) * 8, kwargs=_measurement),
    "api:measurement-list": row("get", ALL_200),
    "api:measurement-detail": row("get", ALL_200, kwargs=_measurement),
    "api:measurement-verify": row("post", API_CONFIRM, kwargs=_measurement),
    "api:measurement-unverify": row("post", API_WITHDRAW_NONE, kwargs=_measurement),
    "api:indicator-list": row("get", ALL_200),
    "api:indicator-detail": row("get", ALL_200, kwargs=_indicator),
    "api:indicator-measurements": row(
        "post",
        API_COORDINATOR_CREATE,
        kwargs=_indicator,
        data=lambda w, o: {"measured_on": "2026-06-30", "value": "12.5", "source": "Field survey"},
    ),
}
