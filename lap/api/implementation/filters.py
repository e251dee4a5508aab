import django_filters

from lap.api.strict_filters import BooleanFilter, DateFilter, IdFilter, MultipleChoiceFilter
from lap.models.actions import ActionState
from lap.models.implementation import Milestone, ProgressUpdate, UpdateStatus


class _ByAction(django_filters.FilterSet):
    action = IdFilter()
    objective = IdFilter(field_name="action__objective")
    district = IdFilter(field_name="action__districts", distinct=True)
    state = MultipleChoiceFilter(
        field_name="action__state", choices=ActionState.choices, label="The action's state"
    )


class MilestoneFilter(_ByAction):
    organization = IdFilter(
        field_name="action__responsible_organizations",
        distinct=True,
        label="Responsible organization",
    )
    done = BooleanFilter(method="filter_done", label="Done or not")
    due_after = DateFilter(field_name="due_on", lookup_expr="gte")
    due_before = DateFilter(field_name="due_on", lookup_expr="lte")

    class Meta:
        model = Milestone
        fields = ["action"]

    def filter_done(self, queryset, name, value):
        return queryset.filter(done_on__isnull=not value)


class ProgressUpdateFilter(_ByAction):
    organization = IdFilter()
    status = MultipleChoiceFilter(choices=UpdateStatus.choices)
    reported_after = DateFilter(field_name="reported_on", lookup_expr="gte")
    reported_before = DateFilter(field_name="reported_on", lookup_expr="lte")

    class Meta:
        model = ProgressUpdate
        fields = ["action", "organization"]
