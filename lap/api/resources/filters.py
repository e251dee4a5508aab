import django_filters

from lap.api.strict import IdFilter, StrictBooleanFilter, StrictFilterSet
from lap.models import Commitment, CommitmentStatus, Delivery, ExchangeRate, NeedKind, ResourceNeed
from stakeholders.models import Sector


class NeedFilter(StrictFilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=NeedKind.choices)
    organization = IdFilter(
        field_name="commitments__organization", distinct=True, label="Committed by organization"
    )
    sector = django_filters.ChoiceFilter(
        field_name="commitments__organization__sector",
        choices=Sector.choices,
        distinct=True,
        label="Committed by sector",
    )
    status = django_filters.ChoiceFilter(
        field_name="commitments__status",
        choices=CommitmentStatus.choices,
        distinct=True,
        label="With a commitment in this status",
    )

    class Meta:
        model = ResourceNeed
        fields = ["action", "kind", "unit"]


class CommitmentFilter(StrictFilterSet):
    action = IdFilter(field_name="need__action")
    sector = django_filters.ChoiceFilter(field_name="organization__sector", choices=Sector.choices)
    status = django_filters.MultipleChoiceFilter(choices=CommitmentStatus.choices)
    overdue = StrictBooleanFilter(method="filter_overdue", label="Pledged and past its date")

    class Meta:
        model = Commitment
        fields = ["need", "organization", "unit"]

    def filter_overdue(self, queryset, name, value):
        from django.utils import timezone

        overdue = {"status": CommitmentStatus.PLEDGED, "expected_on__lt": timezone.localdate()}
        return queryset.filter(**overdue) if value else queryset.exclude(**overdue)


class DeliveryFilter(StrictFilterSet):
    action = IdFilter(field_name="commitment__need__action")
    organization = IdFilter(field_name="commitment__organization")
    sector = django_filters.ChoiceFilter(
        field_name="commitment__organization__sector", choices=Sector.choices
    )
    status = django_filters.ChoiceFilter(
        field_name="commitment__status", choices=CommitmentStatus.choices
    )
    delivered_after = django_filters.DateFilter(field_name="delivered_on", lookup_expr="gte")
    delivered_before = django_filters.DateFilter(field_name="delivered_on", lookup_expr="lte")

    class Meta:
        model = Delivery
        fields = ["commitment"]


class ExchangeRateFilter(StrictFilterSet):
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = ExchangeRate
        fields = ["currency", "date"]
