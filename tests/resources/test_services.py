"""Writes about resources: who may do what, what is refused, and what is left in the database."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lap.models import AuditEvent, Commitment, Delivery, ExchangeRate, ResourceNeed
from lap.services import resources as services
from lap.services.kit import StaleVersion
from tests.factories import ActionFactory, OrganizationFactory, member_of
from tests.resources.conftest import RATE_DAY

DAY = datetime.date(2026, 1, 5)


def test_a_member_of_the_proposing_organization_enters_a_need_and_it_is_audited(world, action):
    need = services.need_create(
        acting_user=world.member,
        action=action,
        kind="staff",
        amount="40",
        unit="person_days",
        estimated_value_pen="12000",
    )
    assert need.amount == Decimal("40.00")
    assert AuditEvent.objects.filter(verb="need.create", object_id=str(need.pk)).exists()


def test_a_member_of_another_organization_cannot_enter_a_need(world, action):
    with pytest.raises(PermissionDenied):
        services.need_create(
            acting_user=world.members["company"],
            action=action,
            kind="finance",
            amount="10",
            unit="PEN",
        )
    assert not ResourceNeed.objects.exists()


def test_needs_cannot_be_edited_once_the_action_is_closed(world):
    completed = ActionFactory(state="completed", proposing_organization=world.smallholder)
    with pytest.raises(PermissionDenied):
        services.need_create(
            acting_user=world.coordinator, action=completed, kind="finance", amount="1", unit="PEN"
        )


@pytest.mark.parametrize(
    ("kind", "unit", "estimate", "field"),
    [
        ("finance", "person_days", None, "unit"),
        ("staff", "PEN", None, "unit"),
        ("finance", "PEN", "100", "estimated_value_pen"),
    ],
)
def test_a_need_in_the_wrong_unit_is_refused_with_the_field_named(
    world, action, kind, unit, estimate, field
):
    with pytest.raises(ValidationError) as error:
        services.need_create(
            acting_user=world.coordinator,
            action=action,
            kind=kind,
            amount="10",
            unit=unit,
            estimated_value_pen=estimate,
        )
    assert field in error.value.message_dict


def test_money_given_as_a_float_is_refused(world, action):
    with pytest.raises(TypeError):
        services.need_create(
            acting_user=world.coordinator, action=action, kind="finance", amount=0.1, unit="PEN"
        )


def test_an_amount_with_more_than_two_decimals_is_refused(world, action):
    with pytest.raises(ValidationError) as error:
        services.need_create(
            acting_user=world.coordinator, action=action, kind="finance", amount="1.005", unit="PEN"
        )
    assert "amount" in error.value.message_dict


def test_a_member_cannot_commit_resources_for_their_organization(world, money_need):
    with pytest.raises(PermissionDenied):
        services.commitment_create(
            acting_user=world.members["company"], need=money_need, amount="10", expected_on=DAY
        )
    assert not Commitment.objects.exists()


def test_a_coordinator_without_membership_cannot_commit(world, money_need):
    with pytest.raises(PermissionDenied):
        services.commitment_create(
            acting_user=world.coordinator, need=money_need, amount="10", expected_on=DAY
        )


def test_a_representative_of_several_organizations_must_choose_one(world, money_need):
    person = world.representatives["company"]
    other = OrganizationFactory(name="Second company", sector="company")
    from tests.factories import MembershipFactory

    MembershipFactory(user=person, organization=other, role="representative")
    with pytest.raises(ValidationError) as error:
        services.commitment_create(
            acting_user=person, need=money_need, amount="10", expected_on=DAY
        )
    assert "organization" in error.value.message_dict
    commitment = services.commitment_create(
        acting_user=person, need=money_need, amount="10", expected_on=DAY, organization_id=other.pk
    )
    assert commitment.organization == other


def test_a_commitment_to_a_person_days_need_must_be_in_person_days(world, action):
    need = services.need_create(
        acting_user=world.coordinator, action=action, kind="staff", amount="40", unit="person_days"
    )
    with pytest.raises(ValidationError) as error:
        services.commitment_create(
            acting_user=world.representatives["company"],
            need=need,
            amount="10",
            unit="PEN",
            expected_on=DAY,
        )
    assert "unit" in error.value.message_dict


def test_delivering_more_than_committed_is_refused_and_nothing_is_written(world, confirmed):
    services.delivery_create(
        acting_user=world.coordinator, commitment=confirmed, amount="25000", delivered_on=DAY
    )
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        services.delivery_create(
            acting_user=world.representatives["government"],
            commitment=confirmed,
            amount="5000.01",
            delivered_on=DAY,
        )
    assert "quedan como máximo 5000.00" in error.value.message_dict["amount"][0]
    assert list(Delivery.objects.values_list("amount", flat=True)) == [Decimal("25000.00")]
    assert AuditEvent.objects.count() == events
    services.delivery_create(
        acting_user=world.coordinator, commitment=confirmed, amount="5000", delivered_on=DAY
    )
    assert Delivery.objects.count() == 2


def test_a_pledge_cannot_receive_deliveries_until_confirmed(world, pledge):
    with pytest.raises(ValidationError):
        services.delivery_create(
            acting_user=world.coordinator, commitment=pledge, amount="1", delivered_on=DAY
        )
    assert not Delivery.objects.exists()


def test_someone_outside_the_committing_organization_cannot_record_deliveries(world, confirmed):
    with pytest.raises(PermissionDenied):
        services.delivery_create(
            acting_user=world.representative, commitment=confirmed, amount="1", delivered_on=DAY
        )


def test_a_stale_edit_of_a_commitment_is_refused_and_the_first_edit_stays(world, pledge):
    first = services.commitment_update(
        acting_user=world.coordinator, commitment=pledge, version=1, amount="21000"
    )
    assert first.version == 2
    with pytest.raises(StaleVersion, match="versión 2") as stale:
        services.commitment_update(
            acting_user=world.representatives["company"],
            commitment=pledge,
            version=1,
            amount="19000",
        )
    assert stale.value.current_version == 2
    assert str(stale.value).startswith("Otra persona cambió este compromiso")
    pledge.refresh_from_db()
    assert (pledge.amount, pledge.version) == (Decimal("21000.00"), 2)


def test_cancelling_needs_a_reason_and_keeps_it(world, pledge):
    with pytest.raises(ValidationError):
        services.commitment_cancel(acting_user=world.coordinator, commitment=pledge, reason=" ")
    cancelled = services.commitment_cancel(
        acting_user=world.representatives["company"], commitment=pledge, reason="Budget cut"
    )
    assert (cancelled.status, cancelled.cancel_reason) == ("cancelled", "Budget cut")
    with pytest.raises(ValidationError):
        services.commitment_confirm(acting_user=world.coordinator, commitment=pledge)


def test_only_the_committing_representative_or_a_coordinator_confirms(world, pledge):
    with pytest.raises(PermissionDenied):
        services.commitment_confirm(acting_user=world.representative, commitment=pledge)
    another_company_rep = member_of(world.company, role="representative", username="second-rep")
    assert (
        services.commitment_confirm(acting_user=another_company_rep, commitment=pledge).status
        == "confirmed"
    )


def test_exchange_rates_are_unique_per_currency_and_day_and_for_coordinators(world):
    services.exchange_rate_create(
        acting_user=world.coordinator, currency="USD", date=RATE_DAY, rate_to_pen="3.75"
    )
    with pytest.raises(ValidationError) as error:
        services.exchange_rate_create(
            acting_user=world.coordinator, currency="USD", date=RATE_DAY, rate_to_pen="3.80"
        )
    assert "date" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.exchange_rate_create(
            acting_user=world.representative, currency="EUR", date=RATE_DAY, rate_to_pen="4.1"
        )
    with pytest.raises(ValidationError):
        services.exchange_rate_create(
            acting_user=world.coordinator, currency="EUR", date=RATE_DAY, rate_to_pen="0"
        )
    assert list(ExchangeRate.objects.values_list("rate_to_pen", flat=True)) == [Decimal("3.75")]
