"""The access table: for every URL name, the status each persona gets.

One row per URL name: (method, kwargs builder, data builder, statuses) with statuses in the
order of PERSONAS. Builders take the `world` fixture (tests/conftest.py) and the row's
objects fixture. A URL name missing from this table fails the access test.
"""

PERSONAS = (
    "anonymous",
    "outsider",
    "member",
    "representative",
    "facilitator",
    "coordinator",
    "partner_key",
    "superuser",
)


def row(method, statuses, kwargs=None, data=None):
    assert len(statuses) == len(PERSONAS), statuses
    return {"method": method, "statuses": statuses, "kwargs": kwargs, "data": data}


#          anon outs memb repr faci coor  key  super
ALL_200 = (200, 200, 200, 200, 200, 200, 200, 200)
SIGNED_IN_200 = (302, 200, 200, 200, 200, 200, 302, 200)
COORDINATOR_PAGE = (302, 403, 403, 403, 403, 200, 302, 200)
COORDINATOR_POST = (302, 403, 403, 403, 403, 302, 302, 302)
API_READ_ALL = ALL_200
API_SIGNED_IN = (401, 200, 200, 200, 200, 200, 403, 200)
API_COORDINATOR_POST = (401, 403, 403, 403, 403, 200, 403, 200)


def _org(world, objects):
    return {"pk": world.smallholder.pk}


ACCESS = {
    # --- project pages ---
    "home": row("get", ALL_200),
    "accessibility": row("get", ALL_200),
    "switch-language": row("post", (302,) * 8, data=lambda w, o: {"language": "en", "next": "/"}),
    "audit-trail": row(
        "get",
        COORDINATOR_PAGE,
        kwargs=lambda w, o: {
            "app_label": "stakeholders",
            "model_name": "organization",
            "object_id": w.smallholder.pk,
        },
    ),
    # --- accounts ---
    "login": row("get", ALL_200),
    "logout": row("post", (302,) * 8),
    "password_change": row("get", SIGNED_IN_200),
    "password_change_done": row("get", SIGNED_IN_200),
    "password_reset": row("get", ALL_200),
    "password_reset_done": row("get", ALL_200),
    "password_reset_confirm": row(
        "get", ALL_200, kwargs=lambda w, o: {"uidb64": "MQ", "token": "bad-token"}
    ),
    "password_reset_complete": row("get", ALL_200),
    "account": row("get", SIGNED_IN_200),
    "switch-organization": row(
        "post", (302,) * 8, data=lambda w, o: {"organization": w.smallholder.pk}
    ),
    # --- organizations ---
    "organization-list": row("get", ALL_200),
    "organization-create": row("get", COORDINATOR_PAGE),
    "organization-detail": row("get", ALL_200, kwargs=_org),
    "organization-edit": row("get", COORDINATOR_PAGE, kwargs=_org),
    "invitation-create": row(
        "post",
        COORDINATOR_POST,
        kwargs=_org,
        data=lambda w, o: {"email": "new@example.org", "role": "member", "language": "es"},
    ),
    "invitation-revoke": row(
        "post", COORDINATOR_POST, kwargs=lambda w, o: {"pk": o["invitation"].pk}
    ),
    "invitation-accept": row("get", ALL_200, kwargs=lambda w, o: {"token": o["invitation"].token}),
    "join-request-create": row("get", SIGNED_IN_200, kwargs=_org),
    # The representative persona represents the smallholder organization asked to be joined.
    "join-request-decide": row(
        "post",
        (302, 403, 403, 302, 403, 302, 302, 302),
        kwargs=lambda w, o: {"pk": o["join_request"].pk},
        data=lambda w, o: {"decision": "approve"},
    ),
    "membership-set-role": row(
        "post",
        COORDINATOR_POST,
        kwargs=lambda w, o: {"pk": o["government_membership"].pk},
        data=lambda w, o: {"role": "representative"},
    ),
    "membership-revoke": row(
        "post", COORDINATOR_POST, kwargs=lambda w, o: {"pk": o["government_membership"].pk}
    ),
    "api-key-create": row("get", COORDINATOR_PAGE, kwargs=_org),
    "api-key-revoke": row("post", COORDINATOR_POST, kwargs=lambda w, o: {"pk": w.api_key.pk}),
    # --- API ---
    "api:me": row("get", API_SIGNED_IN),
    "api:auth-token": row("post", (400,) * 8, data=lambda w, o: {"username": "x", "password": "y"}),
    "api:organization-list": row("get", API_READ_ALL),
    "api:organization-detail": row("get", API_READ_ALL, kwargs=_org),
    "api:schema": row("get", ALL_200),
    "api:docs": row("get", ALL_200),
}


def _merge_area_rows() -> None:
    from tests.security.access_rows import (
        actions,
        implementation,
        resources,
        rounds,
        territory,
        vision,
    )

    for area in (territory, vision, actions, rounds, resources, implementation):
        overlap = set(area.ROWS) & set(ACCESS)
        assert not overlap, f"{area.__name__} repeats rows: {overlap}"
        ACCESS.update(area.ROWS)


_merge_area_rows()
