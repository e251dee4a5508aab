import django_filters

from lap.api.strict_filters import BooleanFilter, ChoiceFilter, IdFilter, MultipleChoiceFilter
from lap.models import (
    Indicator,
    IndicatorDirection,
    IndicatorSeries,
    Objective,
    VisionState,
    VisionVersion,
)


class VisionVersionFilter(django_filters.FilterSet):
    state = MultipleChoiceFilter(choices=VisionState.choices)
    is_current = BooleanFilter()
    is_demo = BooleanFilter()

    class Meta:
        model = VisionVersion
        fields = ["state", "is_current", "is_demo"]


class ObjectiveFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label="Code or title contains")
    is_demo = BooleanFilter()

    class Meta:
        model = Objective
        fields = ["code", "is_demo"]

    def filter_text(self, queryset, name, value):
        return queryset.filter(code__icontains=value) | queryset.filter(title__icontains=value)


class IndicatorFilter(django_filters.FilterSet):
    objective = IdFilter()
    direction = ChoiceFilter(choices=IndicatorDirection.choices)
    series = ChoiceFilter(choices=IndicatorSeries.choices[1:])
    fed_by_series = BooleanFilter(method="filter_fed", label="Fed by a series")
    is_demo = BooleanFilter()

    class Meta:
        model = Indicator
        fields = ["objective", "direction", "series", "is_demo"]

    def filter_fed(self, queryset, name, value):
        return queryset.exclude(series="") if value else queryset.filter(series="")
