"""Access rows for the rounds pages and API (merged into access_table.ACCESS)."""

from tests.security.access_table import (
    ALL_200,
    API_COORDINATOR_POST,
    API_SIGNED_IN,
    COORDINATOR_PAGE,
    COORDINATOR_POST,
    row,
)

#                  anon outs memb repr faci coor  key  super
# Scoring needs an active membership (or the facilitator role) and an open round.
SCORERS_PAGE = (302, 403, 200, 200, 200, 403, 302, 403)
# Drafts are hidden from everyone but those who run rounds.
API_COORDINATOR_ON_DRAFT = (401, 404, 404, 404, 404, 200, 403, 200)


def _round(world, state):
    """A round of the world in the given state, made once per test case."""
    cache = world.__dict__.setdefault("_rounds", {})
    if state not in cache:
        from lap.services import rounds as services
        from tests.factories import ActionFactory

        round_ = services.round_create(
            acting_user=world.coordinator,
            name=f"Round {state}",
            quorum=2,
            criteria=[{"key": "impact", "name": "Impact", "weight": 1}],
            candidates=[ActionFactory(state="accepted")],
        )
        steps = {"draft": [], "open": ["open"], "closed": ["open", "close"]}
        steps["published"] = [*steps["closed"], "publish"]
        for step in steps[state]:
            round_ = getattr(services, f"round_{step}")(acting_user=world.coordinator, round=round_)
        cache[state] = round_
    return cache[state]


def _pk(state):
    return lambda w, o: {"pk": _round(w, state).pk}


ROWS = {
    # --- pages ---
    "round-list": row("get", ALL_200),
    "round-create": row("get", COORDINATOR_PAGE),
    "round-detail": row("get", ALL_200, kwargs=_pk("open")),
    "round-edit": row("get", COORDINATOR_PAGE, kwargs=_pk("draft")),
    "round-candidates": row("get", COORDINATOR_PAGE, kwargs=_pk("draft")),
    "round-transition": row(
        "post",
        COORDINATOR_POST,
        kwargs=lambda w, o: {"pk": _round(w, "draft").pk, "verb": "open"},
    ),
    "round-score": row("get", SCORERS_PAGE, kwargs=_pk("open")),
    "round-results": row("get", ALL_200, kwargs=_pk("published")),
    "round-transparency": row("get", ALL_200, kwargs=_pk("published")),
    # --- API ---
    "api:round-list": row("get", ALL_200),
    "api:round-detail": row("get", ALL_200, kwargs=_pk("open")),
    "api:round-open": row("post", API_COORDINATOR_ON_DRAFT, kwargs=_pk("draft")),
    "api:round-close": row("post", API_COORDINATOR_POST, kwargs=_pk("open")),
    "api:round-publish": row("post", API_COORDINATOR_POST, kwargs=_pk("closed")),
    # Changed on purpose (issue 10): an open round is never recomputed (400 for those who run
    # rounds, see tests/rounds/test_privacy.py); a closed round is.
    "api:round-recompute": row("post", API_COORDINATOR_POST, kwargs=_pk("closed")),
    # Counts of persons who scored, for those who run rounds.
    "api:round-participation": row("get", API_COORDINATOR_POST, kwargs=_pk("open")),
    "api:round-scores": row("get", API_SIGNED_IN, kwargs=_pk("open")),
    "api:round-results": row("get", ALL_200, kwargs=_pk("published")),
}

# More than one method on a URL name: (URL name, method) -> row, run by
# tests/rounds/test_access_methods.py (the access table has one method per URL name). Bodies are
# sent as JSON.
#                       anon outs memb repr faci coor  key  super
API_COORDINATOR_PATCH_DRAFT = (401, 404, 404, 404, 404, 200, 403, 200)
METHOD_ROWS = {
    ("api:round-detail", "patch"): row(
        "patch",
        API_COORDINATOR_PATCH_DRAFT,
        kwargs=_pk("draft"),
        data=lambda w, o: {"name": "Renamed", "quorum": 1},
    ),
    # Not a draft: who may see it is told no (403), those who run rounds are refused (400).
    ("api:round-detail", "patch", "open"): row(
        "patch",
        (401, 403, 403, 403, 403, 400, 403, 400),
        kwargs=_pk("open"),
        data=lambda w, o: {"name": "Renamed"},
    ),
}
