"""Objectives and indicators: baselines, latest values and targets, by hand or from the data."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lap.api.vision.filters import IndicatorFilter, ObjectiveFilter
from lap.models import Indicator, IndicatorMeasurement, Objective
from lap.selectors.vision import attach_figures
from lap.services import vision as services


def _figures(indicator):
    return attach_figures([Indicator.objects.get(pk=indicator.pk)])[0].figures


def _annual(province, year, hectares):
    from territory.models import ForestLoss, Source

    source, _ = Source.objects.get_or_create(
        key="gfw", defaults={"title": "Global Forest Watch", "publisher": "WRI"}
    )
    return ForestLoss.objects.create(
        province=province,
        start_year=year,
        end_year=year,
        humid_primary_forest_loss_ha=Decimal(hectares),
        source=source,
    )


def test_only_a_period_total_gives_a_derived_annual_mean_and_no_invented_years(forest_indicator):
    figures = _figures(forest_indicator)
    assert figures.baseline.value == Decimal("2310.00")
    assert figures.baseline.is_derived
    assert figures.baseline.period == "2002–2021"
    assert figures.measurements == []
    assert figures.latest is None
    assert [t.value for t in figures.period_totals] == [Decimal("46200.00")]


def test_annual_figures_from_an_import_become_the_measurements_and_latest_value(
    forest_indicator, lamas
):
    _annual(lamas, 2022, "2100")
    _annual(lamas, 2023, "1900.5")
    figures = _figures(forest_indicator)
    assert [m.period for m in figures.measurements] == ["2022", "2023"]
    assert figures.latest.value == Decimal("1900.50")
    assert figures.baseline.is_derived  # still the 2002–2021 mean: no baseline year chosen


def test_a_baseline_year_with_an_annual_figure_uses_that_figure(world, forest_indicator, lamas):
    _annual(lamas, 2021, "2500")
    _annual(lamas, 2024, "1800")
    services.indicator_update(
        acting_user=world.coordinator, indicator=forest_indicator, baseline_year=2021
    )
    figures = _figures(forest_indicator)
    assert (figures.baseline.value, figures.baseline.is_derived) == (Decimal("2500.00"), False)
    assert figures.latest.period == "2024"


def test_district_series_reads_only_that_district(world, lamas):
    from territory.models import ForestLoss, Source
    from tests.factories import DistrictFactory

    district = DistrictFactory(province=lamas, name="Caynarachi")
    ForestLoss.objects.create(
        district=district,
        start_year=2023,
        end_year=2023,
        tree_cover_loss_ha=Decimal("800"),
        source=Source.objects.get(),
    )
    objective = services.objective_create(acting_user=world.coordinator, code="O9", title="x")
    indicator = services.indicator_create(
        acting_user=world.coordinator,
        objective=objective,
        name="Tree cover loss in Caynarachi",
        unit="ha/yr",
        direction="decrease",
        series="tree_cover_loss_ha",
        series_district=district,
    )
    figures = _figures(indicator)
    assert [m.value for m in figures.measurements] == [Decimal("800.00")]
    assert figures.period_totals == []


def test_a_series_needs_exactly_one_place(world, lamas):
    objective = services.objective_create(acting_user=world.coordinator, code="O9", title="x")
    with pytest.raises(ValidationError) as error:
        services.indicator_create(
            acting_user=world.coordinator,
            objective=objective,
            name="Loss",
            unit="ha",
            direction="decrease",
            series="humid_primary_forest_loss_ha",
        )
    assert "series_province" in error.value.message_dict
    assert not Indicator.objects.exists()


def test_target_year_cannot_precede_the_baseline(world):
    objective = services.objective_create(acting_user=world.coordinator, code="O9", title="x")
    with pytest.raises(ValidationError) as error:
        services.indicator_create(
            acting_user=world.coordinator,
            objective=objective,
            name="Farmers",
            unit="people",
            direction="increase",
            baseline_year=2025,
            target_year=2020,
        )
    assert "target_year" in error.value.message_dict


def test_coordinator_records_measurements_and_a_second_on_the_same_date_replaces_it(world):
    objective = services.objective_create(acting_user=world.coordinator, code="O2", title="x")
    indicator = services.indicator_create(
        acting_user=world.coordinator,
        objective=objective,
        name="Verified farmers",
        unit="farmers",
        direction="increase",
        baseline_value=Decimal("0"),
        baseline_year=2025,
        target_value=Decimal("1500"),
        target_year=2030,
    )
    day = datetime.date(2026, 6, 30)
    services.measurement_record(
        acting_user=world.coordinator,
        indicator=indicator,
        measured_on=day,
        value=Decimal("120"),
        source="Cooperative census",
    )
    services.measurement_record(
        acting_user=world.coordinator,
        indicator=indicator,
        measured_on=day,
        value=Decimal("125"),
        source="Cooperative census (corrected)",
    )
    figures = _figures(indicator)
    assert figures.latest.value == Decimal("125")
    assert figures.baseline.value == Decimal("0")
    assert IndicatorMeasurement.objects.count() == 1


def test_members_cannot_record_measurements(world):
    objective = services.objective_create(acting_user=world.coordinator, code="O2", title="x")
    indicator = services.indicator_create(
        acting_user=world.coordinator, objective=objective, name="n", unit="u", direction="increase"
    )
    with pytest.raises(PermissionDenied):
        services.measurement_record(
            acting_user=world.representative,
            indicator=indicator,
            measured_on=datetime.date(2026, 1, 1),
            value=Decimal(1),
            source="me",
        )


def test_series_fed_indicator_refuses_typed_measurements(world, forest_indicator):
    with pytest.raises(ValidationError, match="serie del territorio"):
        services.measurement_record(
            acting_user=world.coordinator,
            indicator=forest_indicator,
            measured_on=datetime.date(2026, 1, 1),
            value=Decimal(1),
            source="typed",
        )


def test_objective_codes_are_unique_whatever_the_case(world):
    services.objective_create(acting_user=world.coordinator, code="O1", title="Forests")
    with pytest.raises(ValidationError) as error:
        services.objective_create(acting_user=world.coordinator, code="o1", title="Again")
    assert "code" in error.value.message_dict


def test_objective_page_shows_a_chart_and_its_table(world, client, forest_indicator, lamas):
    _annual(lamas, 2023, "1900")
    html = client.get(reverse("objective-detail", args=[forest_indicator.objective_id])).content
    html = html.decode()
    assert '<svg class="chart chart--line"' in html
    assert "<caption>Figures of the chart</caption>" in html
    assert "<td>2023</td><td>1,900.00</td>" in html


def test_coordinator_records_a_measurement_on_the_page(world, client):
    objective = services.objective_create(acting_user=world.coordinator, code="O3", title="x")
    indicator = services.indicator_create(
        acting_user=world.coordinator,
        objective=objective,
        name="n",
        unit="ha",
        direction="increase",
    )
    client.force_login(world.coordinator)
    response = client.post(
        reverse("indicator-measurement-create", args=[indicator.pk]),
        {"measured_on": "2026-03-01", "value": "40", "source": ""},
    )
    assert response.status_code == 200  # the form again, with the missing source named
    assert not IndicatorMeasurement.objects.exists()
    response = client.post(
        reverse("indicator-measurement-create", args=[indicator.pk]),
        {"measured_on": "2026-03-01", "value": "40", "source": "Field survey"},
    )
    assert response.status_code == 302
    assert IndicatorMeasurement.objects.get().value == Decimal("40")


def test_coordinator_creates_an_objective_and_an_indicator_fed_by_the_series_on_pages(
    world, client, lamas
):
    client.force_login(world.coordinator)
    client.post(reverse("objective-create"), {"code": "O7", "title": "Forests", "order": 1})
    objective = Objective.objects.get(code="O7")
    response = client.post(
        reverse("indicator-create", args=[objective.pk]),
        {
            "name": "Loss",
            "unit": "ha/yr",
            "direction": "decrease",
            "series": "humid_primary_forest_loss_ha",
            "series_province": lamas.pk,
            "order": 0,
        },
    )
    assert response.status_code == 302
    assert _figures(objective.indicators.get()).baseline.value == Decimal("2310.00")


def test_filtersets_narrow_objectives_and_indicators(world, forest_indicator):
    other = services.objective_create(acting_user=world.coordinator, code="O2", title="Coffee")
    services.indicator_create(
        acting_user=world.coordinator, objective=other, name="n", unit="u", direction="increase"
    )
    objectives = ObjectiveFilter({"q": "coff"}, Objective.objects.all()).qs
    assert list(objectives) == [other]
    fed = IndicatorFilter({"fed_by_series": "true"}, Indicator.objects.all()).qs
    assert list(fed) == [forest_indicator]
    increasing = IndicatorFilter({"direction": "increase"}, Indicator.objects.all()).qs
    assert [i.objective for i in increasing] == [other]
