"""/results/ shows the province's annual humid primary forest loss against the indicator's
path to its target: each year with data on or off track; a period total only as a derived
annual mean with no yearly marks; districts beside it without marks; no path without baseline
and target. The chart's numbers are in a table."""

from decimal import Decimal

import pytest
from django.urls import reverse

from lap.models import Indicator
from territory.models import ForestLoss, Source
from tests.factories import DistrictFactory, ObjectiveFactory, ProvinceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator(db):
    return Indicator.objects.create(
        objective=ObjectiveFactory(code="O1"),
        name="Humid primary forest loss",
        unit="ha/year",
        direction="decrease",
        series="humid_primary_forest_loss_ha",
        series_province=ProvinceFactory(),
        baseline_year=2021,
        baseline_value=Decimal("2400"),
        target_year=2030,
        target_value=Decimal("1200"),
    )


@pytest.fixture
def source(db):
    return Source.objects.create(key="gfw-test", title="Global Forest Watch (test)")


def _loss(source, start, end, hectares, **place):
    ForestLoss.objects.create(
        start_year=start,
        end_year=end,
        humid_primary_forest_loss_ha=Decimal(hectares),
        source=source,
        **place,
    )


def _page(client):
    client.cookies["django_language"] = "en"
    html = client.get(reverse("results")).content.decode()
    title = html.split("<title>")[1].split("</title>")[0]
    assert title == "Results of the plan · LAP Lamas"
    assert html.count('aria-labelledby="forest-heading"') == 1
    return html.split('aria-labelledby="forest-heading"')[1].split("</section>")[0]


def test_each_year_with_data_is_on_or_off_track_and_districts_have_no_marks(
    indicator, source, client
):
    province = indicator.series_province
    _loss(source, 2021, 2021, "2400", province=province)
    _loss(source, 2023, 2023, "1900", province=province)  # path 2133.33: on track
    _loss(source, 2024, 2024, "2100", province=province)  # path 2000: off track
    _loss(source, 2024, 2024, "350", district=DistrictFactory(province=province, name="Tabalosos"))
    section = _page(client)
    row_2023 = section.split('data-year="2023"')[1].split("</tr>")[0]
    row_2024 = section.split('data-year="2024"')[1].split("</tr>")[0]
    assert "on track" in row_2023
    assert "2,133.33" in row_2023
    assert "off track" in row_2024
    assert "<svg" in section
    districts = section.split('data-testid="district-forest-loss"')[1]
    assert "Tabalosos" in districts
    assert "track" not in districts


def test_a_period_total_alone_is_a_derived_annual_mean_without_yearly_marks(
    indicator, source, client
):
    _loss(source, 2002, 2021, "46200", province=indicator.series_province)
    section = _page(client)
    assert "derived" in section
    assert "2,310.00" in section  # 46,200 ÷ 20 years
    assert "data-year=" not in section


def test_no_path_without_a_baseline_and_a_target(indicator, source, client):
    Indicator.objects.filter(pk=indicator.pk).update(target_value=None)
    _loss(source, 2024, 2024, "2100", province=indicator.series_province)
    row = _page(client).split('data-year="2024"')[1].split("</tr>")[0]
    assert "no path (baseline or target missing)" in row
    assert "on track" not in row
