"""API shapes for resources. Money is a decimal string beside its unit or currency code."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lap import limits
from lap.documents import validate_document
from lap.models import (
    Commitment,
    CommitmentStatus,
    Delivery,
    ExchangeRate,
    NeedKind,
    NeedUnit,
    ResourceNeed,
)

MONEY = {"max_digits": 14, "decimal_places": 2, "coerce_to_string": True}


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
        read_only_fields = ["created_at", "updated_at"]


class NeedWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=NeedKind.choices)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    unit = serializers.ChoiceField(choices=NeedUnit.choices)
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.DESCRIPTION
    )
    estimated_value_pen = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, default=None
    )
    period_start = serializers.DateField(required=False, allow_null=True, default=None)
    period_end = serializers.DateField(required=False, allow_null=True, default=None)


class NeedCreateSerializer(NeedWriteSerializer):
    action = serializers.IntegerField()


class DeliveryBriefSerializer(serializers.ModelSerializer):
    amount = serializers.DecimalField(**MONEY)

    class Meta:
        model = Delivery
        fields = ["id", "amount", "delivered_on"]


class CommitmentSerializer(serializers.ModelSerializer):
    action = serializers.IntegerField(source="need.action_id", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    sector = serializers.CharField(source="organization.sector", read_only=True)
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


class CommitmentCreateSerializer(serializers.Serializer):
    need = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    unit = serializers.ChoiceField(choices=NeedUnit.choices, required=False, allow_blank=True)
    expected_on = serializers.DateField()
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.COMMENT
    )
    organization = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text=_("The organization you commit for; required when you belong to several."),
    )


class CommitmentUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text=_("The version you edited (409 when stale)."))
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)
    unit = serializers.ChoiceField(choices=NeedUnit.choices, required=False)
    expected_on = serializers.DateField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=limits.COMMENT)


class CommitmentTransitionSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, allow_null=True)
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.REASON
    )


class DeliverySerializer(serializers.ModelSerializer):
    organization = serializers.IntegerField(source="commitment.organization_id", read_only=True)
    action = serializers.IntegerField(source="commitment.need.action_id", read_only=True)
    unit = serializers.CharField(source="commitment.unit", read_only=True)
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

    @extend_schema_field(OpenApiTypes.STR)
    def get_document(self, delivery):
        if not delivery.document:
            return None
        return reverse("resources-delivery-document", args=[delivery.pk])


class DeliveryCreateSerializer(serializers.Serializer):
    commitment = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
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
        read_only_fields = ["created_at"]


class ExchangeRateCreateSerializer(serializers.Serializer):
    currency = serializers.ChoiceField(choices=[NeedUnit.USD.value, NeedUnit.EUR.value])
    date = serializers.DateField()
    rate_to_pen = serializers.DecimalField(max_digits=12, decimal_places=6)


class FundingGapQuerySerializer(serializers.Serializer):
    currency = serializers.ChoiceField(choices=["PEN", "USD"], required=False, default="PEN")
    date = serializers.DateField(required=False, allow_null=True, default=None)


STATUS_CHOICES = CommitmentStatus.choices
