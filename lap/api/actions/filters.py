import django_filters
from django.db.models import Q

from lap.api.strict import IdFilter, StrictFilterSet
from lap.models.actions import Action, ActionState
from stakeholders.models import Sector


class ActionFilter(StrictFilterSet):
    objective = IdFilter()
    district = IdFilter(field_name="districts", distinct=True)
    sector = django_filters.MultipleChoiceFilter(
        field_name="proposing_organization__sector", choices=Sector.choices
    )
    state = django_filters.MultipleChoiceFilter(choices=ActionState.choices)
    q = django_filters.CharFilter(method="filter_text", label="Title or description contains")

    class Meta:
        model = Action
        fields = ["objective", "district", "sector", "state", "proposing_organization"]

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))
