"""The admin changes platform roles through the service, so the audit trail has them."""

import pytest
from django.urls import reverse

from lap.audit import trail_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_granting_coordinator_in_the_admin_is_audited(world, client):
    person = UserFactory(username="nueva-coordinadora")
    client.force_login(world.superuser)
    url = reverse("admin:stakeholders_user_change", args=[person.pk])
    form = client.get(url).context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if value is not None and key not in {"groups", "user_permissions", "password"}
    }
    data.update(
        {
            "is_coordinator": "on",
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    person.refresh_from_db()
    assert person.is_coordinator
    event = trail_for(person).get(verb="user.platform_roles")
    assert event.actor == world.superuser
    assert event.changes == {"is_coordinator": [False, True]}
