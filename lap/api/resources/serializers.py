"""API shapes for resources. Money is a decimal string beside its unit or currency code."""

from decimal import Decimal
from typing import TypedDict

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lap import limits
from lap.api.strict import NoEmptyQueryValues, StrictSerializer, id_field, money_field
from lap.documents import validate_document
from lap.models import (
    ActionState,
    Commitment,
    CommitmentStatus,
    Delivery,
    ExchangeRate,
    NeedKind,
    NeedUnit,
    ResourceNeed,
)
from stakeholders.models import Sector


class _Money(TypedDict):
    max_digits: int
    decimal_places: int
    coerce_to_string: bool


MONEY: _Money = {"max_digits": 14, "decimal_places": 2, "coerce_to_string": True}


class NeedSerializer(serializers.ModelSerializer):
    action_title = serializers.CharField(source="action.title", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    amount = serializers.DecimalField(**MONEY)
    estimated_value_pen = serializers.DecimalField(**MONEY, allow_null=True, required=False)

    class Meta:
        model = ResourceNeed
        fields = [
            "id",
            "action",
            "action_title",
            "kind",
            "kind_label",
            "description",
            "amount",
            "unit",
            "estimated_value_pen",
            "period_start",
            "period_end",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class NeedWriteSerializer(StrictSerializer):
    kind = serializers.ChoiceField(choices=NeedKind.choices)
    amount = money_field()
    unit = serializers.ChoiceField(choices=NeedUnit.choices)
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.DESCRIPTION
    )
    estimated_value_pen = money_field(positive=False, required=False, allow_null=True, default=None)
    period_start = serializers.DateField(required=False, allow_null=True, default=None)
    period_end = serializers.DateField(required=False, allow_null=True, default=None)


class NeedCreateSerializer(NeedWriteSerializer):
    action = id_field()


class DeliveryBriefSerializer(serializers.ModelSerializer):
    amount = serializers.DecimalField(**MONEY)

    class Meta:
        model = Delivery
        fields = ["id", "amount", "delivered_on"]


class CommitmentSerializer(serializers.ModelSerializer):
    action = serializers.IntegerField(source="need.action_id", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    sector = serializers.ChoiceField(
        source="organization.sector", choices=Sector.choices, read_only=True
    )
    amount = serializers.DecimalField(**MONEY)
    delivered = serializers.DecimalField(**MONEY, read_only=True)

    class Meta:
        model = Commitment
        fields = [
            "id",
            "need",
            "action",
            "organization",
            "organization_name",
            "sector",
            "amount",
            "unit",
            "delivered",
            "expected_on",
            "note",
            "status",
            "version",
            "created_at",
            "confirmed_at",
            "cancelled_at",
            "cancel_reason",
        ]
        read_only_fields = fields


class CommitmentCreateSerializer(StrictSerializer):
    need = id_field()
    amount = money_field()
    unit = serializers.ChoiceField(
        choices=NeedUnit.choices,
        required=False,
        allow_blank=True,
        help_text=_("Leave out (or empty) for the need's unit."),
    )
    expected_on = serializers.DateField()
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.COMMENT
    )
    organization = id_field(
        required=False,
        allow_null=True,
        help_text=_("The organization you commit for; required when you belong to several."),
    )


# A commitment's version is a PositiveIntegerField that starts at 1.
class _VersionRange(TypedDict):
    min_value: int
    max_value: int


VERSION: _VersionRange = {"min_value": 1, "max_value": 2**31 - 1}


class CommitmentUpdateSerializer(StrictSerializer):
    """PUT and PATCH alike: the fields sent change; `version` is always required."""

    required_when_partial = ("version",)

    version = serializers.IntegerField(
        **VERSION, help_text=_("The version you edited (409 when stale).")
    )
    amount = money_field(required=False)
    unit = serializers.ChoiceField(choices=NeedUnit.choices, required=False)
    expected_on = serializers.DateField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=limits.COMMENT)


class CommitmentTransitionSerializer(StrictSerializer):
    version = serializers.IntegerField(
        **VERSION,
        required=False,
        allow_null=True,
        help_text=_("The version you read (409 when stale); leave out to skip the check."),
    )
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.REASON
    )


class DeliverySerializer(serializers.ModelSerializer):
    organization = serializers.IntegerField(source="commitment.organization_id", read_only=True)
    action = serializers.IntegerField(source="commitment.need.action_id", read_only=True)
    unit = serializers.ChoiceField(
        source="commitment.unit", choices=NeedUnit.choices, read_only=True
    )
    amount = serializers.DecimalField(**MONEY)
    # The app's download address (signed-in, attachment), never the raw media file.
    document = serializers.SerializerMethodField()

    class Meta:
        model = Delivery
        fields = [
            "id",
            "commitment",
            "organization",
            "action",
            "amount",
            "unit",
            "delivered_on",
            "note",
            "document",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(
        serializers.CharField(
            allow_null=True, help_text=_("Download address of the evidence; null without one.")
        )
    )
    def get_document(self, delivery):
        if not delivery.document:
            return None
        return reverse("resources-delivery-document", args=[delivery.pk])


class DeliveryCreateSerializer(StrictSerializer):
    commitment = id_field()
    amount = money_field()
    delivered_on = serializers.DateField()
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.COMMENT
    )
    document = serializers.FileField(
        required=False, allow_null=True, default=None, validators=[validate_document]
    )


class ExchangeRateSerializer(serializers.ModelSerializer):
    rate_to_pen = serializers.DecimalField(max_digits=12, decimal_places=6, coerce_to_string=True)

    class Meta:
        model = ExchangeRate
        fields = ["id", "currency", "date", "rate_to_pen", "created_at"]
        read_only_fields = fields


class ExchangeRateCreateSerializer(StrictSerializer):
    currency = serializers.ChoiceField(choices=[NeedUnit.USD.value, NeedUnit.EUR.value])
    date = serializers.DateField()
    rate_to_pen = serializers.DecimalField(
        max_digits=12, decimal_places=6, min_value=Decimal("0.000001")
    )


# --- The funding-gap report (documents lap.exports.resources; the view builds the body) -------

REPORT_CURRENCIES = ["PEN", "USD"]
MONEY_CURRENCIES = ["PEN", "USD", "EUR"]
FIGURE_NAMES = ["need", "pledged", "confirmed", "delivered", "gap", "surplus"]


def _amount(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=16, decimal_places=2, **kwargs)


class UnconvertedSerializer(serializers.Serializer):
    """Part of a figure left in its own currency: a rate is missing."""

    figure = serializers.ChoiceField(choices=FIGURE_NAMES)
    currency = serializers.ChoiceField(choices=MONEY_CURRENCIES)
    amount = _amount(
        allow_null=True, help_text=_("Null when a need's gap or surplus cannot be determined.")
    )
    missing_rates = serializers.ListField(child=serializers.CharField())
    note = serializers.CharField(help_text=_("The flag, in the request's language."))


class MoneyFiguresSerializer(serializers.Serializer):
    """Figures in the report currency; what could not be converted is listed in `unconverted`."""

    need = _amount(allow_null=True)
    pledged = _amount()
    confirmed = _amount()
    delivered = _amount()
    gap = _amount(allow_null=True, help_text=_("Null when it cannot be determined."))
    surplus = _amount(allow_null=True, help_text=_("Null when it cannot be determined."))
    unconverted = UnconvertedSerializer(many=True)


class QuantitiesSerializer(serializers.Serializer):
    """A non-money need's figures in its own unit."""

    need = _amount()
    pledged = _amount()
    confirmed = _amount()
    delivered = _amount()
    gap = _amount()
    surplus = _amount()


class RateUsedSerializer(serializers.Serializer):
    # A pattern, not an enum: a third component sharing the rates' choice set would make the
    # schema's enum names (one per set of currencies called "currency") collide.
    currency = serializers.RegexField(r"^(USD|EUR)$")
    date = serializers.DateField()
    rate_to_pen = serializers.DecimalField(max_digits=12, decimal_places=6)


class GapNeedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=NeedKind.choices)
    unit = serializers.ChoiceField(choices=NeedUnit.choices)
    amount = _amount()
    money = MoneyFiguresSerializer(
        allow_null=True, help_text=_("Null for a non-money need without a PEN estimate.")
    )
    quantities = QuantitiesSerializer(allow_null=True, help_text=_("Null for money needs."))


class GapActionSerializer(MoneyFiguresSerializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    state = serializers.ChoiceField(choices=ActionState.choices)
    rank = serializers.IntegerField(
        allow_null=True, help_text=_("Rank in the latest published round; null when unranked.")
    )
    objective = serializers.CharField(help_text=_("The objective's code."))
    districts = serializers.ListField(child=serializers.CharField())
    needs = GapNeedSerializer(many=True)


class GapObjectiveSerializer(MoneyFiguresSerializer):
    objective = serializers.CharField()
    title = serializers.CharField()


class GapDistrictSerializer(MoneyFiguresSerializer):
    district = serializers.CharField()
    ubigeo = serializers.CharField()


class GapOrganizationSerializer(serializers.Serializer):
    organization = serializers.CharField()
    sector = serializers.ChoiceField(choices=Sector.choices)
    pledged = _amount()
    confirmed = _amount()
    delivered = _amount()
    unconverted = UnconvertedSerializer(many=True)


class FundingGapSerializer(serializers.Serializer):
    """The envelope of `funding-gaps/`: a page of actions in `results`, and beside it the whole
    report's totals (the same on every page)."""

    count = serializers.IntegerField(help_text=_("Listed actions in the whole report."))
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = GapActionSerializer(many=True)
    currency = serializers.ChoiceField(choices=REPORT_CURRENCIES)
    date = serializers.DateField()
    complete = serializers.BooleanField(help_text=_("False when a rate is missing."))
    rates_used = RateUsedSerializer(many=True)
    missing_rates = serializers.ListField(child=serializers.CharField())
    unconverted = UnconvertedSerializer(
        many=True, help_text=_("What the totals could not convert (the `unconverted` of totals).")
    )
    totals = MoneyFiguresSerializer()
    quantity_totals = serializers.DictField(
        child=QuantitiesSerializer(), help_text=_("{unit: figures} of the non-money needs.")
    )
    by_objective = GapObjectiveSerializer(many=True)
    district_totals_overlap = serializers.BooleanField()
    by_district = GapDistrictSerializer(many=True)
    by_organization = GapOrganizationSerializer(many=True)


class FundingGapQuerySerializer(NoEmptyQueryValues, serializers.Serializer):
    currency = serializers.ChoiceField(
        choices=REPORT_CURRENCIES,
        required=False,
        default="PEN",
        help_text=_("The report currency; default PEN."),
    )
    date = serializers.DateField(
        required=False, default=None, help_text=_("The report date; default today.")
    )


STATUS_CHOICES = CommitmentStatus.choices
