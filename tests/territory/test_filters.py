import pytest

from territory.api.filters import (
    CommunityFilter,
    ConservationAreaFilter,
    DistrictFilter,
    ForestLossFilter,
    LandUseFilter,
    SourceFilter,
)
from territory.importers import gfw_import
from territory.models import (
    ConservationArea,
    District,
    ForestLoss,
    IndigenousCommunity,
    LandUse,
    Source,
)
from territory.services import demo_communities_load
from tests.territory.fixtures import synthetic_csv

pytestmark = pytest.mark.django_db


def test_forest_loss_filters_by_district_and_year_range(reference_data):
    gfw_import(text=synthetic_csv("gfw_long_synthetic.csv"))
    rows = ForestLoss.objects.all()

    caynarachi = ForestLossFilter({"district": "220504"}, rows).qs
    assert sorted(caynarachi.values_list("start_year", flat=True)) == [2019, 2020]
    in_2020 = ForestLossFilter({"year_from": 2020, "year_to": 2020}, rows).qs
    # 2020 rows of three districts, and the 2002–2021 period that covers 2020.
    assert in_2020.count() == 4
    annual = ForestLossFilter({"annual": True}, rows).qs
    assert annual.count() == 5
    periods = ForestLossFilter({"annual": False}, rows).qs
    assert list(periods.values_list("start_year", "end_year")) == [(2002, 2021)]
    assert ForestLossFilter({"province": "2205"}, rows).qs.count() == 1


def test_land_use_filters_by_crop_and_district(reference_data):
    rows = LandUse.objects.all()
    assert LandUseFilter({"crop": "oil_palm"}, rows).qs.count() == 3
    assert LandUseFilter({"district": "220503"}, rows).qs.count() == 2


def test_community_filters_by_district_and_demo_mark(reference_data):
    demo_communities_load()
    rows = IndigenousCommunity.objects.all()
    assert CommunityFilter({"district": "220508", "is_demo": False}, rows).qs.get().name == (
        "Chirikyacu"
    )
    assert CommunityFilter({"people": "shawi"}, rows).qs.count() == 1


def test_district_filter_by_boundary(boundaries):
    rows = District.objects.all()
    assert DistrictFilter({"has_boundary": True}, rows).qs.count() == 11
    assert DistrictFilter({"has_boundary": False}, rows).qs.count() == 0
    assert DistrictFilter({"name": "roque"}, rows).qs.get().ubigeo == "220508"


def test_conservation_areas_filter_by_a_district_they_cover(reference_data):
    rows = ConservationArea.objects.all()
    covering = ConservationAreaFilter({"district": "220504"}, rows).qs
    assert list(covering.values_list("code", flat=True)) == ["acr-ce"]
    assert not ConservationAreaFilter({"district": "220501"}, rows).qs.exists()


def test_sources_filter_by_publisher_and_year(reference_data):
    rows = Source.objects.all()
    inei = SourceFilter({"publisher": "inei"}, rows).qs
    assert "inei-renamu-2025" in set(inei.values_list("key", flat=True))
    assert "gfw-tree-cover-loss" not in set(inei.values_list("key", flat=True))
    in_2014 = SourceFilter({"year": 2014}, rows).qs
    assert list(in_2014.values_list("key", flat=True)) == ["asner-2014-carbon"]
    recent = SourceFilter({"year_from": 2017}, rows).qs
    assert set(recent.values_list("key", flat=True)) == {"inei-renamu-2025", "citypopulation-2017"}
