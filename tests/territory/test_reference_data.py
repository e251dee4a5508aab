from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum

from lap.models.audit import AuditEvent
from territory import services
from territory.models import (
    CarbonStock,
    ConservationArea,
    DeforestationRanking,
    District,
    ForestLoss,
    IndigenousCommunity,
    LandUse,
    PopulationFigure,
    Province,
    Source,
)

pytestmark = pytest.mark.django_db


def test_the_eleven_districts_of_lamas_are_loaded_with_inei_codes_and_official_areas(
    reference_data,
):
    districts = District.objects.order_by("ubigeo")
    assert [district.ubigeo for district in districts] == [f"2205{n:02d}" for n in range(1, 12)]
    assert districts.aggregate(total=Sum("official_area_ha"))["total"] == Decimal("508254")
    caynarachi = District.objects.get(ubigeo="220504")
    assert caynarachi.capital == "Pongo de Caynarachi"
    assert caynarachi.official_area_ha == Decimal("167869")
    assert caynarachi.gis_area_ha == Decimal("125965.04")
    assert caynarachi.official_area_source.key == "inei-ubigeo"
    assert caynarachi.gis_area_source.key == "minam-district-limits"
    assert District.objects.get(ubigeo="220505").name == "Cuñumbuqui"


def test_loading_twice_creates_and_changes_nothing(reference_data):
    events = AuditEvent.objects.count()
    counts = [model.objects.count() for model in (Source, District, LandUse, ForestLoss)]

    again = services.reference_data_load()

    assert (again.created, again.updated) == (0, 0)
    assert again.unchanged == reference_data.created
    assert [model.objects.count() for model in (Source, District, LandUse, ForestLoss)] == counts
    assert AuditEvent.objects.count() == events


def test_load_reference_data_command_is_idempotent_and_says_so(db, capsys):
    call_command("load_reference_data", "--no-demo")
    call_command("load_reference_data", "--no-demo")
    output = capsys.readouterr().out
    assert "0 created, 0 updated" in output
    assert District.objects.count() == 11


def test_a_changed_figure_is_put_back_by_a_reload_and_audited(reference_data):
    District.objects.filter(ubigeo="220501").update(official_area_ha=1)

    result = services.reference_data_load()

    assert result.updated == 1
    assert District.objects.get(ubigeo="220501").official_area_ha == Decimal("7982")
    assert AuditEvent.objects.filter(verb="territory.district.update").count() == 1


def test_forest_loss_2002_2021_is_stored_as_the_brief_states_it(reference_data):
    loss = ForestLoss.objects.get(province__ubigeo="2205", start_year=2002, end_year=2021)
    assert loss.tree_cover_loss_ha == Decimal("89900")  # not the brief's typo 899,000
    assert loss.humid_primary_forest_loss_ha == Decimal("46200")
    assert loss.emissions_t_co2e == Decimal("58600000")
    assert loss.tree_cover_decrease_pct == Decimal("19")
    assert loss.primary_share_pct == Decimal("52")
    assert loss.is_derived is False
    assert loss.source.key == "ra-business-case-lamas"
    # Never invented annual figures: the reference data holds no single-year row.
    assert not ForestLoss.objects.filter(start_year__exact=2010).exists()


def test_crop_hectares_computed_from_shares_are_marked_derived(reference_data):
    barranquita_palm = LandUse.objects.get(crop="oil_palm", district__ubigeo="220503")
    assert barranquita_palm.share_pct == Decimal("59")
    assert barranquita_palm.hectares == Decimal("2950")
    assert barranquita_palm.hectares_is_derived
    assert "59" in barranquita_palm.derivation
    cocoa_total = LandUse.objects.get(crop="cocoa", province__ubigeo="2205")
    assert cocoa_total.hectares == Decimal("6000")
    assert cocoa_total.is_approximate
    assert not cocoa_total.hectares_is_derived
    coffee = LandUse.objects.get(crop="coffee", district__ubigeo="220502")
    assert coffee.share_pct == Decimal("42")
    assert coffee.hectares is None
    assert coffee.measure == "production"


def test_conservation_area_carbon_and_rankings_carry_their_sources(reference_data):
    area = ConservationArea.objects.get(code="acr-ce")
    assert area.area_ha == Decimal("149870")
    assert area.legal_instrument == "Decreto Supremo 045-2005-AG"
    assert sorted(area.shares.values_list("district__ubigeo", flat=True)) == [
        "220503",
        "220504",
        "220508",
    ]
    carbon = CarbonStock.objects.get(province__ubigeo="2205")
    assert carbon.tonnes_carbon == Decimal("29000000")
    assert carbon.is_lower_bound
    rankings = {r.scope: (r.rank, r.out_of) for r in DeforestationRanking.objects.all()}
    assert rankings == {"region": (4, 10), "national": (25, None)}


def test_population_figures_keep_their_kind_year_and_source(reference_data):
    lamas = District.objects.get(ubigeo="220501")
    figures = {(f.year, f.kind): f for f in lamas.population_figures.select_related("source")}
    assert figures[(2017, "census")].population == 15052
    assert figures[(2025, "projection")].source.key == "inei-renamu-2025"
    # No census figure where none was found.
    assert not PopulationFigure.objects.filter(district__ubigeo="220505", kind="census").exists()
    estimate = PopulationFigure.objects.get(province__ubigeo="2205")
    assert estimate.population == 70000
    assert estimate.is_approximate


def test_chirikyacu_is_sourced_and_demo_communities_are_marked_demo(db):
    services.reference_data_load(with_demo=True)
    chirikyacu = IndigenousCommunity.objects.get(name="Chirikyacu")
    assert chirikyacu.district.ubigeo == "220508"
    assert chirikyacu.category == "Comunidad Nativa"
    assert chirikyacu.source is not None
    assert not chirikyacu.is_demo
    others = IndigenousCommunity.objects.exclude(pk=chirikyacu.pk)
    assert others.exists()
    assert all(c.is_demo and c.source is None and "demo" in c.name for c in others)
    # San Roque de Cumbaza: five communities in the brief.
    assert IndigenousCommunity.objects.filter(district__ubigeo="220508").count() == 5


def test_the_province_official_area_is_derived_from_its_districts(reference_data):
    province = Province.objects.get(ubigeo="2205")
    assert province.official_area_ha == Decimal("508254")
    assert province.official_area_derivation
    assert province.stated_area_ha == Decimal("500000")
