"""The resources API: who reads and writes, the transitions, 409 on stale edits, filters and
query counts."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from lap.api.exceptions import exception_handler
from lap.api.resources.filters import CommitmentFilter, DeliveryFilter, NeedFilter
from lap.models import Commitment, Delivery, ResourceNeed
from lap.selectors import resources as selectors
from lap.services import resources as services
from lap.services.kit import StaleVersion
from stakeholders import services as stakeholder_services
from tests.factories import ActionFactory
from tests.resources.conftest import client_for

DAY = datetime.date(2026, 1, 5)
STALE_COMMITMENT_ES = (
    "Otra persona cambió este compromiso después de que usted lo abriera (ahora es la versión "
    "%(version)s). Vuelva a cargarlo y haga su cambio otra vez."
)


def _key_client(secret) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {secret}")
    return client


def test_anonymous_visitors_cannot_list_commitments(api_client, pledge):
    assert api_client.get(reverse("api:commitment-list")).status_code == 401


def test_a_partner_key_with_the_resources_scope_reads_commitments_with_money_as_strings(
    world, pledge
):
    response = _key_client(world.api_key_secret).get(reverse("api:commitment-list"))
    assert response.status_code == 200
    result = response.json()["results"][0]
    assert (result["amount"], result["unit"], result["status"]) == ("20000.00", "USD", "pledged")


def test_a_partner_key_without_the_resources_scope_is_refused(world, pledge):
    _key, secret = stakeholder_services.api_key_create(
        acting_user=world.coordinator,
        organization=world.company,
        name="Territory only",
        scopes=["territory"],
    )
    assert _key_client(secret).get(reverse("api:commitment-list")).status_code == 403
    assert _key_client(secret).get(reverse("api:funding-gaps")).status_code == 403


def test_a_partner_key_cannot_write(world, money_need):
    response = _key_client(world.api_key_secret).post(
        reverse("api:commitment-list"),
        {"need": money_need.pk, "amount": "1", "expected_on": "2026-01-01"},
    )
    assert response.status_code == 403
    assert not Commitment.objects.exists()


def test_a_member_cannot_commit_resources_through_the_api(world, money_need):
    response = client_for(world.members["company"]).post(
        reverse("api:commitment-list"),
        {"need": money_need.pk, "amount": "1000", "unit": "PEN", "expected_on": "2026-03-01"},
    )
    assert response.status_code == 403
    assert "representante" in response.json()["detail"]
    assert not Commitment.objects.exists()


def test_committing_to_an_unknown_need_is_a_400_on_need(world):
    # Was a 404: it is the body that names a missing need, not the address (issue 10, item 13).
    response = client_for(world.representatives["company"]).post(
        reverse("api:commitment-list"),
        {"need": 999999, "amount": "1", "expected_on": "2026-03-01"},
    )
    assert response.status_code == 400
    assert list(response.json()) == ["need"]
    assert not Commitment.objects.exists()


def test_a_stale_edit_through_the_api_gets_409_and_the_first_edit_stays(world, pledge):
    url = reverse("api:commitment-detail", kwargs={"pk": pledge.pk})
    coordinator = client_for(world.coordinator)
    representative = client_for(world.representatives["company"])
    assert coordinator.patch(url, {"version": 1, "amount": "21000"}).status_code == 200
    stale = representative.patch(url, {"version": 1, "expected_on": "2026-06-01"})
    assert stale.status_code == 409
    assert "versión 2" in stale.json()["detail"]
    assert stale.json() == {"detail": STALE_COMMITMENT_ES % {"version": 2}}
    pledge.refresh_from_db()
    assert (pledge.amount, pledge.expected_on, pledge.version) == (
        Decimal("21000.00"),
        DAY,
        2,
    )


def test_a_stale_confirm_through_the_api_gets_409_with_the_commitments_message(world, pledge):
    coordinator = client_for(world.coordinator)
    edit = reverse("api:commitment-detail", kwargs={"pk": pledge.pk})
    assert coordinator.patch(edit, {"version": 1, "amount": "21000"}).status_code == 200
    confirm = reverse("api:commitment-confirm", kwargs={"pk": pledge.pk})
    stale = coordinator.post(confirm, {"version": 1})
    assert stale.status_code == 409
    assert stale.json() == {"detail": STALE_COMMITMENT_ES % {"version": 2}}
    pledge.refresh_from_db()
    assert (pledge.status, pledge.version) == ("pledged", 2)


def test_the_api_answers_any_stale_version_with_409_and_its_message():
    response = exception_handler(StaleVersion(7, "Reload it."), {})
    assert (response.status_code, response.data) == (409, {"detail": "Reload it."})


def test_an_edit_without_a_version_is_refused(world, pledge):
    url = reverse("api:commitment-detail", kwargs={"pk": pledge.pk})
    response = client_for(world.coordinator).patch(url, {"amount": "1"})
    assert response.status_code == 400
    assert "version" in response.json()


def test_cancel_through_the_api_needs_a_reason(world, pledge):
    url = reverse("api:commitment-cancel", kwargs={"pk": pledge.pk})
    client = client_for(world.representatives["company"])
    assert client.post(url, {}).status_code == 400
    response = client.post(url, {"reason": "Budget moved to 2027"})
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"


def test_delivering_more_than_committed_through_the_api_is_400_and_nothing_is_written(
    world, confirmed
):
    response = client_for(world.coordinator).post(
        reverse("api:delivery-list"),
        {"commitment": confirmed.pk, "amount": "30000.01", "delivered_on": "2026-01-20"},
    )
    assert response.status_code == 400
    assert "más de lo comprometido" in response.json()["amount"][0]
    assert not Delivery.objects.exists()
    ok = client_for(world.coordinator).post(
        reverse("api:delivery-list"),
        {"commitment": confirmed.pk, "amount": "30000", "delivered_on": "2026-01-20"},
    )
    assert ok.status_code == 201
    assert ok.json()["unit"] == "PEN"


def test_a_member_of_another_organization_cannot_add_needs_through_the_api(world, action):
    response = client_for(world.members["company"]).post(
        reverse("api:need-list"),
        {"action": action.pk, "kind": "finance", "amount": "5", "unit": "PEN"},
    )
    assert response.status_code == 403
    assert not ResourceNeed.objects.exists()


def test_the_proposer_organization_edits_and_deletes_a_need_without_commitments(world, money_need):
    client = client_for(world.member)
    url = reverse("api:need-detail", kwargs={"pk": money_need.pk})
    response = client.patch(url, {"amount": "120000"})
    assert response.status_code == 200
    assert response.json()["amount"] == "120000.00"
    assert client.delete(url).status_code == 204
    assert not ResourceNeed.objects.exists()


def test_a_need_with_commitments_cannot_be_deleted(world, money_need, pledge):
    url = reverse("api:need-detail", kwargs={"pk": money_need.pk})
    assert client_for(world.coordinator).delete(url).status_code == 400
    assert ResourceNeed.objects.filter(pk=money_need.pk).exists()


def test_only_coordinators_enter_exchange_rates(world):
    data = {"currency": "USD", "date": "2026-01-10", "rate_to_pen": "3.75"}
    url = reverse("api:exchange-rate-list")
    assert client_for(world.representative).post(url, data).status_code == 403
    assert client_for(world.coordinator).post(url, data).status_code == 201
    duplicate = client_for(world.coordinator).post(url, data)
    assert duplicate.status_code == 400
    assert "date" in duplicate.json()


def test_needs_of_a_draft_are_hidden_from_other_organizations(world):
    draft = ActionFactory(state="draft", proposing_organization=world.smallholder)
    services.need_create(
        acting_user=world.member, action=draft, kind="finance", amount="5", unit="PEN"
    )
    other = client_for(world.members["company"])
    assert other.get(reverse("api:need-list")).json()["count"] == 0
    assert client_for(world.member).get(reverse("api:need-list")).json()["count"] == 1


def _many_commitments(world, count):
    for _ in range(count):
        action = ActionFactory(state="approved", proposing_organization=world.smallholder)
        need = services.need_create(
            acting_user=world.coordinator, action=action, kind="finance", amount="10", unit="PEN"
        )
        commitment = services.commitment_create(
            acting_user=world.representatives["company"],
            need=need,
            amount="5",
            unit="PEN",
            expected_on=DAY,
        )
        services.commitment_confirm(acting_user=world.coordinator, commitment=commitment)
        services.delivery_create(
            acting_user=world.coordinator, commitment=commitment, amount="1", delivered_on=DAY
        )


@pytest.mark.parametrize("page_size", [2, 10])
@pytest.mark.parametrize("name", ["api:need-list", "api:commitment-list", "api:delivery-list"])
def test_resource_lists_keep_their_query_count_whatever_the_page_size(
    world, django_assert_max_num_queries, page_size, name
):
    _many_commitments(world, 10)
    client = client_for(world.members["company"])
    with django_assert_max_num_queries(6):
        response = client.get(reverse(name), {"page_size": page_size})
    assert len(response.json()["results"]) == page_size


def test_commitment_filters_by_action_organization_sector_and_status(
    world, money_need, pledge, confirmed
):
    queryset = selectors.visible_commitments(world.coordinator)
    assert list(CommitmentFilter({"sector": "company"}, queryset).qs) == [pledge]
    assert list(CommitmentFilter({"status": ["confirmed"]}, queryset).qs) == [confirmed]
    assert list(CommitmentFilter({"organization": world.government.pk}, queryset).qs) == [confirmed]
    assert CommitmentFilter({"action": money_need.action_id}, queryset).qs.count() == 2
    assert CommitmentFilter({"action": money_need.action_id + 1}, queryset).qs.count() == 0
    assert list(CommitmentFilter({"overdue": "true"}, queryset).qs) == [pledge]


def test_need_and_delivery_filters(world, money_need, confirmed):
    services.delivery_create(
        acting_user=world.coordinator, commitment=confirmed, amount="10", delivered_on=DAY
    )
    needs = selectors.visible_needs(world.coordinator)
    assert list(NeedFilter({"organization": world.government.pk}, needs).qs) == [money_need]
    assert NeedFilter({"organization": world.company.pk}, needs).qs.count() == 0
    assert NeedFilter({"kind": ["staff"]}, needs).qs.count() == 0
    deliveries = selectors.visible_deliveries(world.coordinator)
    assert DeliveryFilter({"sector": "government"}, deliveries).qs.count() == 1
    assert DeliveryFilter({"sector": "company"}, deliveries).qs.count() == 0
