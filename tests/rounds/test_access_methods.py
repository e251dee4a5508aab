"""Access rows of the rounds URL names that answer more than one method (PATCH of a round):
the same personas and client set-up as tests/security/test_access.py."""

import json

import pytest
from django.urls import reverse

from tests.security.access_table import PERSONAS
from tests.security.test_access import _client_for, objects  # noqa: F401 (a fixture)


def _method_rows() -> dict:
    # After access_table, which imports the area rows (importing them first is circular).
    from tests.security.access_rows.rounds import METHOD_ROWS

    return METHOD_ROWS


METHOD_ROWS = _method_rows()

CASES = [(key, index, persona) for key in METHOD_ROWS for index, persona in enumerate(PERSONAS)]


@pytest.mark.parametrize(
    ("key", "index", "persona"),
    CASES,
    ids=[f"{'-'.join(key)}-{persona}" for key, _, persona in CASES],
)
def test_access_of_other_methods(key, index, persona, world, objects, client):  # noqa: F811
    spec = METHOD_ROWS[key]
    kwargs = spec["kwargs"](world, objects) if spec["kwargs"] else {}
    data = spec["data"](world, objects) if spec["data"] else {}
    extra = _client_for(persona, world, client)
    response = getattr(client, spec["method"])(
        reverse(key[0], kwargs=kwargs), json.dumps(data), content_type="application/json", **extra
    )
    assert response.status_code == spec["statuses"][index], (
        f"{key} as {persona}: got {response.status_code}"
    )
