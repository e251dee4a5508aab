import django_filters

from stakeholders.models import Organization, Sector


class OrganizationFilter(django_filters.FilterSet):
    sector = django_filters.MultipleChoiceFilter(choices=Sector.choices)
    q = django_filters.CharFilter(method="filter_text", label="Name or acronym contains")

    class Meta:
        model = Organization
        fields = ["sector", "government_level", "is_demo"]

    def filter_text(self, queryset, name, value):
        return queryset.filter(name__icontains=value) | queryset.filter(acronym__icontains=value)
