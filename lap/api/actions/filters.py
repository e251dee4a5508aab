import django_filters
from django.db.models import Q

from lap.api.strict import StrictFilterSet
from lap.models.actions import Action, ActionState
from lap.models.objectives import Objective
from stakeholders.models import Sector
from territory.models import District


class ActionFilter(StrictFilterSet):
    objective = django_filters.ModelChoiceFilter(queryset=Objective.objects.all())
    district = django_filters.ModelChoiceFilter(
        field_name="districts", queryset=District.objects.all(), distinct=True
    )
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
