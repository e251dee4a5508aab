"""The resources pages: forms that work, readable errors, nothing written on refusal."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from lap.models import Commitment, Delivery, ExchangeRate, ResourceNeed
from lap.services import resources as services

DAY = datetime.date(2026, 1, 5)


def test_the_proposer_adds_a_need_from_the_action_resources_page(world, action, client):
    client.force_login(world.member)
    page = client.get(reverse("resources-action", kwargs={"pk": action.pk}))
    assert reverse("resources-need-create", kwargs={"pk": action.pk}) in page.content.decode()
    response = client.post(
        reverse("resources-need-create", kwargs={"pk": action.pk}),
        {"kind": "staff", "amount": "40", "unit": "person_days", "estimated_value_pen": ""},
    )
    assert response.status_code == 302
    need = ResourceNeed.objects.get()
    assert (need.amount, need.unit) == (Decimal("40.00"), "person_days")


def test_a_need_in_the_wrong_unit_shows_the_error_on_the_unit_field(world, action, client):
    client.force_login(world.member)
    response = client.post(
        reverse("resources-need-create", kwargs={"pk": action.pk}),
        {"kind": "finance", "amount": "40", "unit": "ha"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["unit"]
    assert not ResourceNeed.objects.exists()


def test_a_representative_commits_from_the_page_and_it_is_pledged(world, money_need, client):
    client.force_login(world.representatives["company"])
    page = client.get(reverse("resources-action", kwargs={"pk": money_need.action_id}))
    assert (
        reverse("resources-commitment-create", kwargs={"pk": money_need.pk})
        in page.content.decode()
    )
    response = client.post(
        reverse("resources-commitment-create", kwargs={"pk": money_need.pk}),
        {"amount": "20000", "unit": "USD", "expected_on": "2026-03-01", "note": ""},
    )
    assert response.status_code == 302
    commitment = Commitment.objects.get()
    assert (commitment.organization, commitment.status) == (world.company, "pledged")


def test_a_member_cannot_open_the_commitment_form(world, money_need, client):
    client.force_login(world.members["company"])
    response = client.get(reverse("resources-commitment-create", kwargs={"pk": money_need.pk}))
    assert response.status_code == 403


def test_delivering_more_than_committed_on_the_page_shows_a_clear_error(world, confirmed, client):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("resources-delivery-create", kwargs={"pk": confirmed.pk}),
        {"amount": "30000.50", "delivered_on": "2026-01-20", "note": "Second transfer"},
    )
    assert response.status_code == 200
    assert "más de lo comprometido" in response.context["form"].errors["amount"][0]
    assert not Delivery.objects.exists()


def test_a_delivery_with_a_document_is_recorded(world, confirmed, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.representatives["government"])
    document = io.BytesIO(b"%PDF-1.4 receipt")
    document.name = "receipt.pdf"
    response = client.post(
        reverse("resources-delivery-create", kwargs={"pk": confirmed.pk}),
        {"amount": "1000", "delivered_on": "2026-01-20", "note": "", "document": document},
    )
    assert response.status_code == 302
    delivery = Delivery.objects.get()
    assert delivery.document.name.endswith(".pdf")


def test_a_stale_edit_on_the_page_answers_409_and_keeps_the_other_edit(world, pledge, client):
    services.commitment_update(
        acting_user=world.coordinator, commitment=pledge, version=1, amount="25000"
    )
    client.force_login(world.representatives["company"])
    response = client.post(
        reverse("resources-commitment-edit", kwargs={"pk": pledge.pk}),
        {"amount": "19000", "unit": "USD", "expected_on": "2026-03-01", "note": "", "version": 1},
    )
    assert response.status_code == 409
    assert "versión 2" in str(response.context["form"].non_field_errors())
    pledge.refresh_from_db()
    assert pledge.amount == Decimal("25000.00")


def test_confirm_and_cancel_buttons_work_for_the_committing_representative(world, pledge, client):
    client.force_login(world.representatives["company"])
    response = client.post(reverse("resources-commitment-cancel", kwargs={"pk": pledge.pk}), {})
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.status == "pledged"  # no reason: refused
    client.post(reverse("resources-commitment-confirm", kwargs={"pk": pledge.pk}), {"version": 1})
    pledge.refresh_from_db()
    assert pledge.status == "confirmed"


def test_a_coordinator_enters_an_exchange_rate_on_the_page(world, client):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("resources-exchange-rates"),
        {"currency": "USD", "date": "2026-01-10", "rate_to_pen": "3.75"},
    )
    assert response.status_code == 302
    assert ExchangeRate.objects.get().rate_to_pen == Decimal("3.75")


def test_a_representative_cannot_post_an_exchange_rate(world, client):
    client.force_login(world.representative)
    response = client.post(
        reverse("resources-exchange-rates"),
        {"currency": "USD", "date": "2026-01-10", "rate_to_pen": "3.75"},
    )
    assert response.status_code == 403
    assert not ExchangeRate.objects.exists()


def test_the_dashboard_shows_overdue_pledges_recent_deliveries_and_sectors(
    world, pledge, confirmed, client, monkeypatch
):
    from lap.selectors import rounds as rounds_selectors

    monkeypatch.setattr(
        rounds_selectors, "latest_published_ranks", lambda: {pledge.need.action_id: 1}
    )
    services.delivery_create(
        acting_user=world.coordinator, commitment=confirmed, amount="1000", delivered_on=DAY
    )
    services.exchange_rate_create(
        acting_user=world.coordinator, currency="USD", date=DAY, rate_to_pen="3.75"
    )
    client.force_login(world.coordinator)
    response = client.get(reverse("resources-dashboard"))
    html = response.content.decode()
    assert response.status_code == 200
    assert [line.figures.gap for line in response.context["largest_gaps"]] == [Decimal("70000.00")]
    assert list(response.context["overdue"]) == [pledge]
    assert 'data-testid="recent-deliveries"' in html
    sectors = {row["sector"]: row for row in response.context["sectors"]}
    assert sectors["government"]["confirmed"] == Decimal("30000.00")
    assert sectors["company"]["pledged"] == Decimal("75000.00")
    assert "<svg" in html


@pytest.mark.parametrize("count", [2, 12])
def test_the_exchange_rate_list_keeps_its_query_count(
    world, client, django_assert_max_num_queries, count
):
    for day in range(count):
        services.exchange_rate_create(
            acting_user=world.coordinator,
            currency="USD",
            date=DAY + datetime.timedelta(days=day),
            rate_to_pen="3.7",
        )
    with django_assert_max_num_queries(4):
        response = client.get(reverse("resources-exchange-rates"))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 6])
def test_the_action_resources_page_keeps_its_query_count(
    world, action, client, django_assert_max_num_queries, count
):
    for _ in range(count):
        need = services.need_create(
            acting_user=world.coordinator, action=action, kind="finance", amount="10", unit="PEN"
        )
        commitment = services.commitment_create(
            acting_user=world.representatives["company"],
            need=need,
            amount="5",
            expected_on=DAY,
        )
        services.commitment_confirm(acting_user=world.coordinator, commitment=commitment)
        services.delivery_create(
            acting_user=world.coordinator, commitment=commitment, amount="1", delivered_on=DAY
        )
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("resources-action", kwargs={"pk": action.pk}))
    assert response.content.decode().count("data-commitment=") == count


@pytest.mark.parametrize("count", [1, 6])
def test_the_action_resources_page_keeps_its_query_count_for_a_representative(
    world, action, client, django_assert_max_num_queries, count
):
    """The representative sees the buttons of their own organization's commitments only, and
    the page asks who they represent once, however many commitments there are."""
    own = []
    for index in range(2 * count):
        sector = "company" if index % 2 == 0 else "government"
        need = services.need_create(
            acting_user=world.coordinator, action=action, kind="finance", amount="10", unit="PEN"
        )
        commitment = services.commitment_create(
            acting_user=world.representatives[sector], need=need, amount="5", expected_on=DAY
        )
        if sector == "company":
            own.append(commitment)
    client.force_login(world.representatives["company"])
    with django_assert_max_num_queries(16):
        response = client.get(reverse("resources-action", kwargs={"pk": action.pk}))
    html = response.content.decode()
    assert html.count("data-commitment=") == 2 * count
    for commitment in Commitment.objects.filter(need__action=action):
        edit = reverse("resources-commitment-edit", kwargs={"pk": commitment.pk})
        assert (edit in html) == (commitment in own)


@pytest.mark.parametrize("count", [1, 6])
def test_the_dashboard_and_the_downloads_keep_their_query_count(
    world, client, django_assert_max_num_queries, count
):
    from tests.factories import ActionFactory

    for _ in range(count):
        action = ActionFactory(state="approved", proposing_organization=world.smallholder)
        need = services.need_create(
            acting_user=world.coordinator, action=action, kind="finance", amount="10", unit="PEN"
        )
        commitment = services.commitment_create(
            acting_user=world.representatives["company"], need=need, amount="5", expected_on=DAY
        )
        services.commitment_create(
            acting_user=world.representatives["government"], need=need, amount="2", expected_on=DAY
        )
        services.commitment_confirm(acting_user=world.coordinator, commitment=commitment)
        services.delivery_create(
            acting_user=world.coordinator, commitment=commitment, amount="1", delivered_on=DAY
        )
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(20):
        dashboard = client.get(reverse("resources-dashboard"))
    assert len(dashboard.context["overdue"]) == count
    assert len(dashboard.context["recent_deliveries"]) == count
    for name in ("resources-funding-gaps-csv", "resources-funding-gaps-xlsx"):
        with django_assert_max_num_queries(12):
            assert client.get(reverse(name)).status_code == 200
