import django_filters

from lap.api.strict_filters import (
    BooleanFilter,
    ChoiceFilter,
    DateFilter,
    IdFilter,
    MultipleChoiceFilter,
)
from lap.models import (
    Indicator,
    IndicatorDirection,
    IndicatorMeasurement,
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


class MeasurementFilter(django_filters.FilterSet):
    indicator = IdFilter()
    objective = IdFilter(field_name="indicator__objective")
    verified = BooleanFilter(method="filter_verified", label="Confirmed by two people")
    measured_after = DateFilter(field_name="measured_on", lookup_expr="gte")
    measured_before = DateFilter(field_name="measured_on", lookup_expr="lte")

    class Meta:
        model = IndicatorMeasurement
        fields = ["indicator"]

    def filter_verified(self, queryset, name, value):
        from lap.models.objectives import CONFIRMATIONS_NEEDED

        lookup = {"confirmation_count__gte": CONFIRMATIONS_NEEDED}
        return queryset.filter(**lookup) if value else queryset.exclude(**lookup)
