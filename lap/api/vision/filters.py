import django_filters

from lap.api.strict import StrictBooleanFilter, StrictFilterSet
from lap.models import (
    Indicator,
    IndicatorDirection,
    IndicatorSeries,
    Objective,
    VisionState,
    VisionVersion,
)


class VisionVersionFilter(StrictFilterSet):
    state = django_filters.MultipleChoiceFilter(choices=VisionState.choices)

    class Meta:
        model = VisionVersion
        fields = ["state", "is_current", "is_demo"]


class ObjectiveFilter(StrictFilterSet):
    q = django_filters.CharFilter(method="filter_text", label="Code or title contains")

    class Meta:
        model = Objective
        fields = ["code", "is_demo"]

    def filter_text(self, queryset, name, value):
        return queryset.filter(code__icontains=value) | queryset.filter(title__icontains=value)


class IndicatorFilter(StrictFilterSet):
    direction = django_filters.ChoiceFilter(choices=IndicatorDirection.choices)
    series = django_filters.ChoiceFilter(choices=IndicatorSeries.choices[1:])
    fed_by_series = StrictBooleanFilter(method="filter_fed", label="Fed by a series")

    class Meta:
        model = Indicator
        fields = ["objective", "direction", "series", "is_demo"]

    def filter_fed(self, queryset, name, value):
        return queryset.exclude(series="") if value else queryset.filter(series="")
