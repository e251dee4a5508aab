import django_filters
from django.db.models import F

from lap.api import strict_filters as strict
from territory.models import (
    ConservationArea,
    Crop,
    District,
    ForestLoss,
    IndigenousCommunity,
    IndigenousPeople,
    LandUse,
    LandUseMeasure,
    Source,
)


class DistrictFilter(django_filters.FilterSet):
    ubigeo = django_filters.CharFilter(lookup_expr="exact")
    name = django_filters.CharFilter(lookup_expr="icontains")
    has_boundary = strict.BooleanFilter(
        field_name="boundary", lookup_expr="isnull", exclude=True, label="Has a boundary"
    )

    class Meta:
        model = District
        fields = ["ubigeo", "name", "has_boundary"]


class CommunityFilter(django_filters.FilterSet):
    district = django_filters.CharFilter(field_name="district__ubigeo", label="District ubigeo")
    district_id = strict.IdFilter(field_name="district_id")
    people = strict.ChoiceFilter(choices=IndigenousPeople.choices)
    organization = strict.IdFilter(field_name="organization_id")
    is_demo = strict.BooleanFilter()

    class Meta:
        model = IndigenousCommunity
        fields = ["district", "district_id", "people", "organization", "is_demo"]


class ForestLossFilter(django_filters.FilterSet):
    district = django_filters.CharFilter(field_name="district__ubigeo", label="District ubigeo")
    province = django_filters.CharFilter(field_name="province__ubigeo", label="Province ubigeo")
    year_from = strict.YearFilter(
        field_name="end_year", lookup_expr="gte", label="Periods ending in or after this year"
    )
    year_to = strict.YearFilter(
        field_name="start_year", lookup_expr="lte", label="Periods starting in or before this year"
    )
    annual = strict.BooleanFilter(method="filter_annual", label="Only annual figures")
    canopy_threshold = strict.IntegerFilter(min_value=0, max_value=100)
    source = django_filters.CharFilter(field_name="source__key")

    class Meta:
        model = ForestLoss
        fields = ["district", "province", "year_from", "year_to", "annual", "canopy_threshold"]

    def filter_annual(self, queryset, name, value):
        if value is None:
            return queryset
        annual = queryset.filter(start_year=F("end_year"))
        return annual if value else queryset.exclude(start_year=F("end_year"))


class LandUseFilter(django_filters.FilterSet):
    crop = strict.ChoiceFilter(choices=Crop.choices)
    measure = strict.ChoiceFilter(choices=LandUseMeasure.choices)
    district = django_filters.CharFilter(field_name="district__ubigeo", label="District ubigeo")
    province = django_filters.CharFilter(field_name="province__ubigeo", label="Province ubigeo")

    class Meta:
        model = LandUse
        fields = ["crop", "district", "province", "measure"]


class ConservationAreaFilter(django_filters.FilterSet):
    district = django_filters.CharFilter(
        field_name="shares__district__ubigeo", distinct=True, label="District ubigeo"
    )
    category = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = ConservationArea
        fields = ["district", "category"]


class SourceFilter(django_filters.FilterSet):
    publisher = django_filters.CharFilter(lookup_expr="icontains")
    year = strict.YearFilter()
    year_from = strict.YearFilter(field_name="year", lookup_expr="gte")
    year_to = strict.YearFilter(field_name="year", lookup_expr="lte")

    class Meta:
        model = Source
        fields = ["publisher", "year", "year_from", "year_to"]
