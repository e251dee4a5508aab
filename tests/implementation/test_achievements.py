"""Achievements to date on the home page: the plan's headline figures, each linked to where it
comes from, public figures only, in a constant number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from lap.models import ExchangeRate, Indicator
from lap.selectors.achievements import achievements, path_value
from lap.services import implementation as implementation_services
from lap.services import resources as resource_services
from territory.models import ForestLoss, Source
from tests.factories import ActionFactory, ProvinceFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 20)


def _indicator(objective, **fields):
    values = {
        "name": "Humid primary forest loss",
        "unit": "ha/year",
        "direction": "decrease",
        "series": "humid_primary_forest_loss_ha",
        "series_province": ProvinceFactory(),
        "baseline_value": Decimal("2400"),
        "baseline_year": 2021,
        "target_value": Decimal("1200"),
        "target_year": 2030,
    }
    values.update(fields)
    return Indicator.objects.create(objective=objective, **values)


def test_the_target_path_is_linear_from_baseline_to_target_and_absent_without_either(approved):
    indicator = _indicator(approved.objective)
    assert path_value(indicator, 2021) == Decimal("2400.00")
    assert path_value(indicator, 2024) == Decimal("2000.00")
    assert path_value(indicator, 2030) == Decimal("1200.00")
    assert path_value(indicator, 2035) == Decimal("1200.00")
    indicator.baseline_value = None
    assert path_value(indicator, 2024) is None


def test_forest_loss_is_on_or_off_track_against_the_path(approved):
    indicator = _indicator(approved.objective)
    source = Source.objects.create(key="gfw-demo", title="Global Forest Watch (demo)")
    for year, hectares in ((2021, "2400"), (2024, "2100")):
        ForestLoss.objects.create(
            province=indicator.series_province,
            start_year=year,
            end_year=year,
            humid_primary_forest_loss_ha=Decimal(hectares),
            source=source,
        )
    loss = achievements().forest_loss
    assert (loss.year, loss.value, loss.path_value, loss.on_track) == (
        2024,
        Decimal("2100.00"),
        Decimal("2000.00"),
        False,
    )
    ForestLoss.objects.filter(start_year=2024).update(humid_primary_forest_loss_ha=Decimal("1900"))
    assert achievements().forest_loss.on_track is True


def test_money_is_confirmed_and_delivered_in_soles_at_todays_rates(world, approved):
    ExchangeRate.objects.create(
        currency="USD", date=DAY, rate_to_pen=Decimal("3.75"), entered_by=world.coordinator
    )
    need = resource_services.need_create(
        acting_user=world.coordinator, action=approved, kind="finance", amount="90000", unit="PEN"
    )
    for unit, amount in (("PEN", "10000"), ("USD", "1000"), ("EUR", "500")):
        commitment = resource_services.commitment_create(
            acting_user=world.representatives["company"],
            need=need,
            amount=Decimal(amount),
            unit=unit,
            expected_on=DAY,
        )
        resource_services.commitment_confirm(acting_user=world.coordinator, commitment=commitment)
    money = achievements(on=DAY).money
    assert money.confirmed_pen == Decimal("13750.00")  # 10,000 + 1,000 × 3.75; EUR has no rate
    assert money.unconverted == ["EUR"]
    assert money.rates_used == ["USD 3.75 (2026-11-20)"]


def _published_update(world, action, narrative):
    update = implementation_services.progress_update_create(
        acting_user=world.member, action=action, reported_on=DAY, percent=20, narrative=narrative
    )
    implementation_services.progress_update_publish(acting_user=world.coordinator, update=update)


def test_the_home_page_links_each_figure_to_its_source_and_shows_the_latest_updates(
    world, approved, client
):
    _published_update(world, approved, "Seedlings ready in the nursery.")
    implementation_services.progress_update_create(
        acting_user=world.member, action=approved, reported_on=DAY, narrative="A private draft."
    )
    client.cookies["django_language"] = "en"
    html = client.get(reverse("home")).content.decode()
    section = html.split('data-testid="achievements"')[1].split("</section>")[0]
    assert "1 approved, 0 in progress, 0 completed" in section
    assert f'href="{reverse("action-list")}"' in section
    assert f'href="{reverse("resources-funding-gaps")}"' in section
    assert "Seedlings ready in the nursery." in section
    assert "A private draft." not in section
    assert world.member.get_full_name() not in section  # organizations, never people


@pytest.mark.parametrize("count", [1, 12])
def test_the_home_page_takes_a_constant_number_of_queries(
    world, approved, client, django_assert_max_num_queries, count
):
    for number in range(count):
        action = ActionFactory(state="in_progress", objective=approved.objective)
        action.responsible_organizations.set([world.smallholder])
        _published_update(world, action, f"News {number}")
    with django_assert_max_num_queries(10):
        response = client.get(reverse("home"))
    assert response.status_code == 200


def test_the_home_page_names_the_sectors_that_endorsed_the_vision(world, client):
    """Only the sectors that endorsed, in order, whichever sector comes first in the list."""
    from lap.services import vision as vision_services
    from tests.vision.conftest import make_version

    published = make_version(world, "published")
    vision_services.endorsement_create(
        acting_user=world.representatives["indigenous"], version=published
    )
    client.cookies["django_language"] = "en"
    html = client.get(reverse("home")).content.decode()
    line = html.split('data-testid="achievements"')[1].split("</li>")[0]
    # The Indigenous sector is not the first of the sectors: the words and commas still fit.
    assert line.endswith(
        "The shared vision</a>: not adopted yet; endorsed by Indigenous organization"
    )
