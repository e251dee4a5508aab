"""Strict filters, tested as FilterSets: what the schema declares filters, the rest is refused."""

import django_filters
import pytest

from lap.api import strict_filters as strict
from stakeholders.api.filters import OrganizationFilter
from stakeholders.models import Organization
from territory.api.filters import SourceFilter
from territory.models import Source
from tests.factories import OrganizationFactory


@pytest.fixture
def organizations(db):
    OrganizationFactory(name="Demo growers", sector="smallholder", is_demo=True)
    OrganizationFactory(name="Roaster", sector="company", is_demo=False)
    return Organization.objects.all()


@pytest.mark.parametrize(("value", "names"), [("true", ["Demo growers"]), ("false", ["Roaster"])])
def test_boolean_filters_take_true_and_false(organizations, value, names):
    filterset = OrganizationFilter({"is_demo": value}, organizations)

    assert filterset.is_valid()
    assert sorted(filterset.qs.values_list("name", flat=True)) == names


@pytest.mark.parametrize("value", ["null", "unknown", "", "yes"])
def test_boolean_filters_refuse_anything_else(organizations, value):
    filterset = OrganizationFilter({"is_demo": value}, organizations)

    assert not filterset.is_valid()
    assert list(filterset.errors) == ["is_demo"]


def test_an_absent_parameter_is_no_filter(organizations):
    filterset = OrganizationFilter({}, organizations)

    assert filterset.is_valid()
    assert filterset.qs.count() == 2


def test_multiple_choices_refuse_an_empty_value(organizations):
    assert OrganizationFilter({"sector": ["company"]}, organizations).qs.get().name == "Roaster"
    assert not OrganizationFilter({"sector": [""]}, organizations).is_valid()


@pytest.mark.parametrize("value", ["0.5", "", "32768", "-1", "99999999999999999999", "1e3"])
def test_year_filters_refuse_what_is_not_a_year(db, value):
    filterset = SourceFilter({"year": value}, Source.objects.all())

    assert not filterset.is_valid()
    assert list(filterset.errors) == ["year"]


def test_year_filters_filter_by_year(db):
    Source.objects.create(key="a", title="A", publisher="P", year=2014)
    Source.objects.create(key="b", title="B", publisher="P", year=2020)

    filterset = SourceFilter({"year_from": "2015"}, Source.objects.all())

    assert list(filterset.qs.values_list("key", flat=True)) == ["b"]


class _DatedSources(django_filters.FilterSet):
    """Dates are not a column of sources; a throwaway FilterSet checks only the form fields."""

    on = strict.DateFilter(field_name="year", method="keep")
    between = strict.DateFromToRangeFilter(field_name="year", method="keep")

    class Meta:
        model = Source
        fields = []

    def keep(self, queryset, name, value):
        return queryset


@pytest.mark.parametrize(
    ("params", "valid"),
    [
        ({"on": "2026-01-31"}, True),
        ({"between_after": "2026-01-01", "between_before": "2026-01-31"}, True),
        ({"between_after": "2026-01-01"}, True),
        ({"on": "31/01/2026"}, False),
        ({"on": "2026-02-30"}, False),
        ({"on": ""}, False),
        ({"between_before": ""}, False),
        ({"between_before": "01/31/2026"}, False),
    ],
)
def test_date_filters_take_iso_dates_only(db, params, valid):
    assert _DatedSources(params, Source.objects.all()).is_valid() is valid
