import django_filters
from django.db.models import Q

from lap.api.strict_filters import IdFilter, MultipleChoiceFilter
from lap.models.actions import Action, ActionState
from stakeholders.models import Sector


class ActionFilter(django_filters.FilterSet):
    objective = IdFilter()
    district = IdFilter(field_name="districts", distinct=True)
    sector = MultipleChoiceFilter(
        field_name="proposing_organization__sector", choices=Sector.choices
    )
    state = MultipleChoiceFilter(choices=ActionState.choices)
    proposing_organization = IdFilter()
    q = django_filters.CharFilter(method="filter_text", label="Title or description contains")

    class Meta:
        model = Action
        fields = ["objective", "district", "sector", "state", "proposing_organization"]

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))
