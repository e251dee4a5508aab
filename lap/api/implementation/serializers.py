from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lap import limits
from lap.api.fields import PersonNameField
from lap.api.resources.serializers import RateUsedSerializer
from lap.api.strict import (
    StrictSerializer,
    acting_organization_field,
    id_field,
    on_behalf_of_field,
)
from lap.documents import validate_document
from lap.models.implementation import Milestone, ProgressUpdate


def _files_field(help_text) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.FileField(validators=[validate_document]),
        required=False,
        default=list,
        max_length=10,
        help_text=help_text,
    )


def _percent_field(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=0, max_value=100, allow_null=True, **kwargs)


class MilestoneSerializer(serializers.ModelSerializer):
    done_by_name = PersonNameField(source="done_by")
    evidence = serializers.SerializerMethodField()

    class Meta:
        model = Milestone
        fields = [
            "id",
            "action",
            "title",
            "due_on",
            "done_on",
            "done_by_name",
            "evidence",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(
        serializers.CharField(
            allow_null=True,
            help_text=_(
                "Download address of the evidence (for its organizations and "
                "coordinators); null without one."
            ),
        )
    )
    def get_evidence(self, milestone: Milestone) -> str | None:
        if not milestone.evidence:
            return None
        return reverse("implementation-milestone-evidence", args=[milestone.pk])


class MilestoneCreateSerializer(StrictSerializer):
    action = id_field()
    title = serializers.CharField(max_length=limits.TITLE)
    due_on = serializers.DateField()


class MilestoneEditSerializer(StrictSerializer):
    title = serializers.CharField(max_length=limits.TITLE, required=False)
    due_on = serializers.DateField(required=False)


class MilestoneDoneSerializer(StrictSerializer):
    done_on = serializers.DateField(
        allow_null=True, help_text=_("The day it was done; null marks it not done.")
    )
    evidence = serializers.FileField(
        required=False, allow_null=True, default=None, validators=[validate_document]
    )


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    url = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField())
    def get_url(self, attachment) -> str:
        return reverse("implementation-attachment", args=[attachment.pk])


class ProgressUpdateSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(
        source="organization.name", read_only=True, allow_null=True, default=None
    )
    author_name = PersonNameField(source="author")
    entered_by_name = PersonNameField(source="entered_by")
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "action",
            "reported_on",
            "percent",
            "narrative",
            "organization",
            "organization_name",
            "author_name",
            "entered_by_name",
            "status",
            "published_at",
            "hidden_reason",
            "attachments",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ProgressUpdateCreateSerializer(StrictSerializer):
    action = id_field()
    reported_on = serializers.DateField(help_text=_("The day it tells about; not in the future."))
    percent = _percent_field(required=False, default=None)
    narrative = serializers.CharField(max_length=limits.DESCRIPTION)
    files = _files_field(
        _("Photos or documents (multipart): JPEG, PNG, PDF, ODT or DOCX, 10 MB each.")
    )
    organization = acting_organization_field()
    on_behalf_of = on_behalf_of_field()


class ProgressUpdateEditSerializer(StrictSerializer):
    reported_on = serializers.DateField(required=False)
    percent = _percent_field(required=False)
    narrative = serializers.CharField(max_length=limits.DESCRIPTION, required=False)
    files = _files_field(_("Photos or documents to add (multipart)."))


class HideSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=limits.REASON)


class ObjectiveProgressSerializer(serializers.Serializer):
    objective = serializers.IntegerField(source="objective.pk")
    code = serializers.CharField(source="objective.code")
    title = serializers.CharField(source="objective.title")
    percent = serializers.DecimalField(
        max_digits=5, decimal_places=2, allow_null=True, help_text=_("Null: no action reports.")
    )
    weighting = serializers.ChoiceField(
        choices=["need", "equal", "none"],
        help_text=_("By each action's need in PEN at today's rates, equal, or none to weigh."),
    )
    counted = serializers.IntegerField(help_text=_("Actions whose progress is in the mean."))
    total = serializers.IntegerField(
        help_text=_("Approved, in-progress, completed and suspended actions.")
    )
    unknown = serializers.IntegerField(help_text=_("Left out: no progress known."))
    unconverted = serializers.SerializerMethodField(
        help_text=_("Left out: their need is in a currency with no exchange rate.")
    )

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_unconverted(self, summary) -> list[int]:
        return [action.action_id for action in summary.unconverted]


def _pen(**kwargs) -> serializers.DecimalField:
    # Sums of many amounts: wider than one amount's column.
    return serializers.DecimalField(
        max_digits=20, decimal_places=2, coerce_to_string=True, **kwargs
    )


class UnconvertedPartSerializer(serializers.Serializer):
    figure = serializers.ChoiceField(choices=["need", "confirmed", "delivered"])
    currency = serializers.CharField()
    amount = _pen(help_text=_("In its own currency: no exchange rate converts it."))

    def to_representation(self, instance):
        figure, currency, amount = instance
        return super().to_representation({"figure": figure, "currency": currency, "amount": amount})


class ResourceFiguresSerializer(serializers.Serializer):
    need = _pen(help_text=_("Money needed, in PEN."))
    confirmed = _pen(help_text=_("Confirmed commitments, in PEN."))
    delivered = _pen(help_text=_("Delivered on confirmed commitments, in PEN."))
    unconverted = UnconvertedPartSerializer(many=True)


class ObjectiveResourcesSerializer(ResourceFiguresSerializer):
    objective = serializers.IntegerField(source="objective.pk")
    code = serializers.CharField(source="objective.code")


class ResourcesSummarySerializer(serializers.Serializer):
    on = serializers.DateField(help_text=_("The date of the exchange rates."))
    states = serializers.ListField(
        child=serializers.CharField(), help_text=_("The action states counted.")
    )
    objectives = ObjectiveResourcesSerializer(many=True)
    total = ResourceFiguresSerializer()
    rates_used = RateUsedSerializer(many=True)
    missing_rates = serializers.ListField(
        child=serializers.CharField(), help_text=_("Currencies with no rate on that date.")
    )


class ResultsSummarySerializer(serializers.Serializer):
    actions_by_state = serializers.DictField(child=serializers.IntegerField())
    objectives = ObjectiveProgressSerializer(many=True)
    resources = ResourcesSummarySerializer(
        help_text=_("Money per objective in PEN at today's rates (never by organization).")
    )
