import django_filters

from lap.api import strict_filters as strict
from stakeholders.models import GovernmentLevel, Organization, Sector


class OrganizationFilter(django_filters.FilterSet):
    sector = strict.MultipleChoiceFilter(choices=Sector.choices)
    government_level = strict.ChoiceFilter(choices=GovernmentLevel.choices)
    is_demo = strict.BooleanFilter()
    q = django_filters.CharFilter(method="filter_text", label="Name or acronym contains")

    class Meta:
        model = Organization
        fields = ["sector", "government_level", "is_demo"]

    def filter_text(self, queryset, name, value):
        return queryset.filter(name__icontains=value) | queryset.filter(acronym__icontains=value)
