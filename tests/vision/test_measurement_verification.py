"""A hand-entered measurement is unverified until two persons other than the one who entered it
confirm it: coordinators (counting once, as the convener) or representatives of active
organizations (once per organization); superusers do not count; a confirmation can be withdrawn;
a corrected value is unverified again. Unverified values are labelled where they appear."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lap.models import IndicatorMeasurement, MeasurementConfirmation
from lap.services import vision as services
from tests.factories import UserFactory, member_of

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 6, 30)


@pytest.fixture
def measurement(world):
    objective = services.objective_create(acting_user=world.coordinator, code="O1", title="Forests")
    indicator = services.indicator_create(
        acting_user=world.coordinator,
        objective=objective,
        name="Restored hectares",
        unit="ha",
        direction="increase",
        pillar="ecosystems",
    )
    return services.measurement_record(
        acting_user=world.coordinator,
        indicator=indicator,
        measured_on=DAY,
        value=Decimal("120"),
        source="Field survey",
        method="GPS walk of the plots",
    )


def _confirmations(measurement):
    return MeasurementConfirmation.objects.filter(measurement=measurement).count()


def test_two_organizations_verify_a_value_the_coordinator_entered(world, measurement, api_client):
    assert measurement.period_start == DAY  # a single day unless a period is given
    api_client.force_authenticate(world.coordinator)
    refused = api_client.post(reverse("api:measurement-verify", args=[measurement.pk]))
    assert refused.status_code == 403  # the one who entered it
    api_client.force_authenticate(world.representative)
    first = api_client.post(reverse("api:measurement-verify", args=[measurement.pk])).json()
    assert (first["confirmations"], first["verified"]) == (1, False)
    second_of_same = member_of(world.smallholder, role="representative", username="second-rep")
    with pytest.raises(ValidationError):
        services.measurement_confirm(acting_user=second_of_same, measurement=measurement)
    api_client.force_authenticate(world.representatives["company"])
    verified = api_client.post(reverse("api:measurement-verify", args=[measurement.pk])).json()
    assert (verified["confirmations"], verified["verified"]) == (2, True)


def test_coordinators_count_once_as_the_convener_and_superusers_not_at_all(world, measurement):
    other_coordinator = UserFactory(username="coordinator-2", is_coordinator=True)
    third_coordinator = UserFactory(username="coordinator-3", is_coordinator=True)
    services.measurement_confirm(acting_user=other_coordinator, measurement=measurement)
    with pytest.raises(ValidationError):
        services.measurement_confirm(acting_user=third_coordinator, measurement=measurement)
    with pytest.raises(PermissionDenied):
        services.measurement_confirm(acting_user=world.superuser, measurement=measurement)
    with pytest.raises(PermissionDenied):
        services.measurement_confirm(acting_user=world.member, measurement=measurement)
    assert _confirmations(measurement) == 1


def test_a_correction_or_a_withdrawal_makes_the_value_unverified_again(world, measurement):
    services.measurement_confirm(acting_user=world.representative, measurement=measurement)
    services.measurement_confirm(
        acting_user=world.representatives["company"], measurement=measurement
    )
    # The same value recorded again keeps its confirmations; another value drops them.
    services.measurement_record(
        acting_user=world.coordinator,
        indicator=measurement.indicator,
        measured_on=DAY,
        value=Decimal("120"),
        source="Field survey",
    )
    assert _confirmations(measurement) == 2
    services.measurement_record(
        acting_user=world.coordinator,
        indicator=measurement.indicator,
        measured_on=DAY,
        value=Decimal("125"),
        source="Field survey, corrected",
    )
    assert _confirmations(measurement) == 0
    services.measurement_confirm(acting_user=world.representative, measurement=measurement)
    services.measurement_withdraw_confirmation(
        acting_user=world.representative, measurement=measurement
    )
    assert _confirmations(measurement) == 0
    with pytest.raises(ValidationError):
        services.measurement_withdraw_confirmation(
            acting_user=world.representative, measurement=measurement
        )


def test_a_period_cannot_end_before_it_starts(world, measurement):
    with pytest.raises(ValidationError) as error:
        services.measurement_record(
            acting_user=world.coordinator,
            indicator=measurement.indicator,
            measured_on=DAY,
            period_start=DAY + datetime.timedelta(days=1),
            value=Decimal("1"),
            source="x",
        )
    assert "period_start" in error.value.message_dict
    assert IndicatorMeasurement.objects.get().value == Decimal("120")


def test_the_objective_page_labels_the_value_and_lets_a_representative_confirm_it(
    world, measurement, client
):
    objective_page = reverse("objective-detail", args=[measurement.indicator.objective_id])
    client.cookies["django_language"] = "en"
    html = client.get(objective_page).content.decode()
    assert 'data-testid="unverified"' in html
    assert "Ecosystems" in html
    client.force_login(world.representative)
    page = client.get(objective_page).content.decode()
    verify = reverse("indicator-measurement-verify", args=[measurement.pk])
    assert verify in page
    assert client.post(verify).status_code == 302
    services.measurement_confirm(
        acting_user=world.representatives["company"], measurement=measurement
    )
    client.logout()
    html = client.get(objective_page).content.decode()
    assert 'data-testid="unverified"' not in html
    assert "badge-verified" in html
    indicator = client.get(reverse("api:indicator-detail", args=[measurement.indicator_id])).json()
    assert indicator["latest"]["verification"] == "verified"
    assert indicator["pillar"] == "ecosystems"


@pytest.mark.parametrize("count", [2, 20])
def test_the_measurement_list_query_count_does_not_grow(
    world, measurement, api_client, django_assert_max_num_queries, count
):
    for day in range(1, count):
        services.measurement_record(
            acting_user=world.coordinator,
            indicator=measurement.indicator,
            measured_on=DAY - datetime.timedelta(days=day),
            value=Decimal(day),
            source="Field survey",
        )
    with django_assert_max_num_queries(2):
        response = api_client.get(reverse("api:measurement-list"), {"page_size": count})
    assert len(response.json()["results"]) == count
