"""The API's action list is written from plain rows (lap/api/actions/listing.py) rather than by
ActionSerializer: what a partner reads must be exactly what the serializer, and so the schema,
gives for the same actions, field by field, in every case the serializer formats."""

import datetime
import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from rest_framework.test import APIRequestFactory

from lap.api.actions.serializers import ActionSerializer
from lap.models.actions import Action
from tests.factories import ActionFactory, DistrictFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def varied_actions(world):
    """Actions covering what the serializer formats: empty and set dates, costs with and without
    cents, a facilitator's entry, a suspended action, a person with no name, crops, several
    districts and responsible organizations listed out of their order."""
    nameless = UserFactory(username="nameless", first_name="", last_name="")
    zeta, alpha = OrganizationFactory(name="Zeta"), OrganizationFactory(name="Alpha")
    district_late, district_early = (
        DistrictFactory(ubigeo="220510", name="Tabalosos"),
        DistrictFactory(ubigeo="220502", name="Alonso de Alvarado"),
    )
    plain = ActionFactory(state="accepted", proposer=nameless, crops=[])
    full = ActionFactory(
        state="suspended",
        suspended_from="approved",
        crops=["coffee", "cocoa"],
        starts_on=datetime.date(2027, 1, 31),
        ends_on=datetime.date(2028, 12, 1),
        estimated_cost_pen=Decimal("350000"),
        entered_by=world.facilitator,
        # 23:30 in Lima is the next day in UTC: the serializer writes Lima's time.
        submitted_at=datetime.datetime(2026, 3, 2, 4, 30, 5, 123456, tzinfo=datetime.UTC),
        accepted_at=datetime.datetime(2026, 3, 2, 0, 0, tzinfo=datetime.UTC),
        districts=[district_late, district_early],
    )
    full.responsible_organizations.set([zeta, alpha])
    ActionFactory(state="approved", estimated_cost_pen=Decimal("1234.5"))
    ActionFactory(state="draft")  # listed to nobody here: not the coordinator's list below
    return plain, full


def _serializer_output(user, state_in):
    request = APIRequestFactory().get("/")
    request.user = user
    actions = Action.objects.filter(state__in=state_in).order_by("-created_at", "-id")
    return ActionSerializer(actions, many=True, context={"request": request}).data


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed in"])
def test_the_list_is_what_the_serializer_gives_for_the_same_actions(
    world, varied_actions, api_client, signed_in
):
    user = world.outsider if signed_in else AnonymousUser()
    if signed_in:
        api_client.force_authenticate(world.outsider)
    listed = api_client.get(reverse("api:action-list")).json()["results"]
    expected = _serializer_output(user, ["accepted", "approved", "suspended"])
    # Through JSON, as a partner reads both.
    assert listed == json.loads(json.dumps(expected, default=str))
    assert [list(action) for action in listed] == [list(action) for action in expected]
    full = next(action for action in listed if action["state"] == "suspended")
    assert full["districts"] == [
        district.pk for district in varied_actions[1].districts.order_by("ubigeo")
    ]
    assert full["estimated_cost_pen"] == "350000.00"
    assert full["submitted_at"] == "2026-03-01T23:30:05.123456-05:00"
    assert (full["entered_by_name"] is not None) is signed_in


def test_a_filtered_reordered_page_is_the_serializers_page_of_the_same_query(
    world, varied_actions, api_client
):
    """Pages are taken as ids first: filters, ordering, `distinct` for a district and the count
    still apply to the page that is written."""
    full = varied_actions[1]
    district = full.districts.first()
    ActionFactory(state="accepted", title="Another in the district", districts=[district])
    response = api_client.get(
        reverse("api:action-list"),
        {"district": district.pk, "ordering": "title", "page_size": 1, "page": 2},
    ).json()
    in_district = Action.objects.filter(districts=district).order_by("title")
    assert response["count"] == 2
    assert [action["id"] for action in response["results"]] == [in_district[1].pk]
    assert response["previous"] is not None
    assert response["next"] is None
