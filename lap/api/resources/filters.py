import django_filters

from lap.api.strict_filters import (
    BooleanFilter,
    ChoiceFilter,
    DateFilter,
    IdFilter,
    MultipleChoiceFilter,
)
from lap.models import Commitment, CommitmentStatus, Delivery, ExchangeRate, NeedKind, ResourceNeed
from lap.models.resources import NeedUnit
from stakeholders.models import Sector


class NeedFilter(django_filters.FilterSet):
    action = IdFilter()
    kind = MultipleChoiceFilter(choices=NeedKind.choices)
    unit = ChoiceFilter(choices=NeedUnit.choices)
    organization = IdFilter(
        field_name="commitments__organization", distinct=True, label="Committed by organization"
    )
    sector = ChoiceFilter(
        field_name="commitments__organization__sector",
        choices=Sector.choices,
        distinct=True,
        label="Committed by sector",
    )
    status = ChoiceFilter(
        field_name="commitments__status",
        choices=CommitmentStatus.choices,
        distinct=True,
        label="With a commitment in this status",
    )

    class Meta:
        model = ResourceNeed
        fields = ["action", "kind", "unit"]


class CommitmentFilter(django_filters.FilterSet):
    need = IdFilter()
    organization = IdFilter()
    unit = ChoiceFilter(choices=NeedUnit.choices)
    action = IdFilter(field_name="need__action")
    sector = ChoiceFilter(field_name="organization__sector", choices=Sector.choices)
    status = MultipleChoiceFilter(choices=CommitmentStatus.choices)
    overdue = BooleanFilter(method="filter_overdue", label="Pledged and past its date")

    class Meta:
        model = Commitment
        fields = ["need", "organization", "unit"]

    def filter_overdue(self, queryset, name, value):
        from django.utils import timezone

        overdue = {"status": CommitmentStatus.PLEDGED, "expected_on__lt": timezone.localdate()}
        return queryset.filter(**overdue) if value else queryset.exclude(**overdue)


class DeliveryFilter(django_filters.FilterSet):
    commitment = IdFilter()
    action = IdFilter(field_name="commitment__need__action")
    organization = IdFilter(field_name="commitment__organization")
    sector = ChoiceFilter(field_name="commitment__organization__sector", choices=Sector.choices)
    status = ChoiceFilter(field_name="commitment__status", choices=CommitmentStatus.choices)
    delivered_after = DateFilter(field_name="delivered_on", lookup_expr="gte")
    delivered_before = DateFilter(field_name="delivered_on", lookup_expr="lte")

    class Meta:
        model = Delivery
        fields = ["commitment"]


class ExchangeRateFilter(django_filters.FilterSet):
    currency = ChoiceFilter(choices=ExchangeRate._meta.get_field("currency").choices)
    date = DateFilter()
    date_after = DateFilter(field_name="date", lookup_expr="gte")
    date_before = DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = ExchangeRate
        fields = ["currency", "date"]
