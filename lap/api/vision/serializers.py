"""API serializers: vision versions, comments, endorsements, adoption; objectives and indicators.

Read serializers expose what the selectors computed; write serializers only shape input for
the services. People's names are not public: endorsements name the organization only.
"""

from typing import TypedDict

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lap import limits
from lap.api.strict import (
    MAX_SMALL,
    StrictSerializer,
    acting_organization_field,
    on_behalf_of_field,
)
from lap.models import (
    Endorsement,
    Indicator,
    IndicatorDirection,
    IndicatorMeasurement,
    IndicatorSeries,
    LandscalePillar,
    Objective,
    VisionComment,
    VisionVersion,
)
from lap.models.objectives import CONFIRMATIONS_NEEDED
from lap.selectors.vision import (
    ENDORSED,
    NO_ACTIVE_ORGANIZATION,
    NO_REPRESENTATIVE,
    WAITING,
)
from stakeholders.models import Organization, Sector
from territory.models import District, Province


class OrganizationBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "name", "sector"]


class SectionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    heading = serializers.CharField()
    text = serializers.CharField()


class EndorsementSerializer(serializers.ModelSerializer):
    organization = OrganizationBriefSerializer(read_only=True)

    class Meta:
        model = Endorsement
        fields = ["id", "organization", "note", "created_at"]


class SectorStatusSerializer(serializers.Serializer):
    sector = serializers.ChoiceField(choices=Sector.choices)
    # DRF's metaclass moves declared fields out of the class; its stubs take this for Field.label.
    label = serializers.CharField()  # type: ignore[assignment]
    state = serializers.ChoiceField(
        choices=[ENDORSED, WAITING, NO_REPRESENTATIVE, NO_ACTIVE_ORGANIZATION],
        help_text="endorsed, waiting, no_representative (missing: no representative) or "
        "no_active_organization (not needed for adoption)",
    )
    state_label = serializers.CharField()
    endorsers = OrganizationBriefSerializer(many=True)


class AdoptionSerializer(serializers.Serializer):
    is_adopted = serializers.BooleanField()
    adopted_at = serializers.DateTimeField(source="adoption.adopted_at", allow_null=True)
    adopted_by = OrganizationBriefSerializer(
        source="adoption_endorsers", many=True, help_text="Organizations recorded at adoption."
    )
    is_complete = serializers.BooleanField()
    sectors = SectorStatusSerializer(many=True)


class VisionVersionSerializer(serializers.ModelSerializer):
    comment_count = serializers.IntegerField(read_only=True)
    endorsement_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = VisionVersion
        fields = [
            "id",
            "number",
            "title",
            "summary",
            "state",
            "is_current",
            "is_demo",
            "created_at",
            "opened_at",
            "closed_at",
            "published_at",
            "comment_count",
            "endorsement_count",
        ]


class VisionVersionDetailSerializer(VisionVersionSerializer):
    sections = SectionSerializer(many=True, read_only=True)
    endorsements = serializers.SerializerMethodField()
    adoption = serializers.SerializerMethodField()

    class Meta(VisionVersionSerializer.Meta):
        fields = [
            *VisionVersionSerializer.Meta.fields,
            "body",
            "sections",
            "endorsements",
            "adoption",
        ]

    def _status(self, version):
        status = self.context.get("adoption_status")
        return status if status is not None and status.version.pk == version.pk else None

    def get_endorsements(self, version) -> EndorsementSerializer(many=True):  # type: ignore[valid-type]
        status = self._status(version)
        return EndorsementSerializer(status.endorsements if status else [], many=True).data

    def get_adoption(self, version) -> AdoptionSerializer(allow_null=True):  # type: ignore[valid-type]
        status = self._status(version)
        if status is None:
            return None
        status.adoption_endorsers = (
            list(status.adoption.endorsers.all()) if status.adoption is not None else []
        )
        return AdoptionSerializer(status).data


class VisionVersionWriteSerializer(StrictSerializer):
    title = serializers.CharField(max_length=limits.TITLE)
    body = serializers.CharField(max_length=limits.DESCRIPTION)
    summary = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.COMMENT
    )


class VisionCommentSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.__str__", read_only=True)
    organization = OrganizationBriefSerializer(read_only=True, allow_null=True)
    entered_by = serializers.CharField(
        source="entered_by.__str__", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = VisionComment
        fields = [
            "id",
            "version",
            "section",
            "section_heading",
            "text",
            "author",
            "organization",
            "entered_by",
            "created_at",
        ]


class VisionCommentWriteSerializer(StrictSerializer):
    section = serializers.IntegerField(min_value=1, max_value=MAX_SMALL)
    text = serializers.CharField(max_length=limits.COMMENT)
    organization = acting_organization_field()
    on_behalf_of = on_behalf_of_field()


class EndorseSerializer(StrictSerializer):
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.COMMENT
    )
    organization = acting_organization_field()


class WithdrawEndorsementSerializer(StrictSerializer):
    organization = acting_organization_field()


# --- Objectives and indicators -------------------------------------------------------------------


class IndicatorFigureSerializer(serializers.Serializer):
    value = serializers.DecimalField(max_digits=16, decimal_places=2)
    period = serializers.CharField()
    start_year = serializers.IntegerField(allow_null=True)
    end_year = serializers.IntegerField(allow_null=True)
    is_derived = serializers.BooleanField()
    source = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.source
    note = serializers.CharField()
    verification = serializers.ChoiceField(
        choices=["", "verified", "unverified", "source"],
        help_text=_(
            "For measured values: verified (confirmed by two people), unverified, or source "
            "(a territory series, verified by its source); empty for baselines and targets."
        ),
    )


class IndicatorSerializer(serializers.ModelSerializer):
    baseline = IndicatorFigureSerializer(source="figures.baseline", read_only=True, allow_null=True)
    latest = IndicatorFigureSerializer(source="figures.latest", read_only=True, allow_null=True)
    target = IndicatorFigureSerializer(source="figures.target", read_only=True, allow_null=True)
    measurements = IndicatorFigureSerializer(
        source="figures.measurements", many=True, read_only=True
    )
    period_totals = IndicatorFigureSerializer(
        source="figures.period_totals", many=True, read_only=True
    )

    class Meta:
        model = Indicator
        fields = [
            "id",
            "objective",
            "name",
            "description",
            "unit",
            "direction",
            "series",
            "series_province",
            "series_district",
            "target_value",
            "target_year",
            "pillar",
            "goal",
            "is_demo",
            "baseline",
            "latest",
            "target",
            "measurements",
            "period_totals",
        ]


class ObjectiveSerializer(serializers.ModelSerializer):
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = Objective
        fields = ["id", "code", "title", "description", "order", "is_demo", "indicators"]


class ObjectiveWriteSerializer(StrictSerializer):
    code = serializers.CharField(max_length=10)
    title = serializers.CharField(max_length=limits.TITLE)
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.DESCRIPTION
    )
    order = serializers.IntegerField(min_value=0, max_value=MAX_SMALL, required=False, default=0)


# Years and orders are PositiveSmallIntegerFields.
class _Bounds(TypedDict):
    min_value: int
    max_value: int


YEAR: _Bounds = {"min_value": 0, "max_value": MAX_SMALL}


class IndicatorWriteSerializer(StrictSerializer):
    objective = serializers.PrimaryKeyRelatedField(queryset=Objective.objects.all())
    name = serializers.CharField(max_length=limits.TITLE)
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.DESCRIPTION
    )
    unit = serializers.CharField(max_length=40)
    direction = serializers.ChoiceField(choices=IndicatorDirection.choices)
    baseline_value = serializers.DecimalField(
        max_digits=16, decimal_places=2, required=False, allow_null=True, default=None
    )
    baseline_year = serializers.IntegerField(**YEAR, required=False, allow_null=True, default=None)
    target_value = serializers.DecimalField(
        max_digits=16, decimal_places=2, required=False, allow_null=True, default=None
    )
    target_year = serializers.IntegerField(**YEAR, required=False, allow_null=True, default=None)
    series = serializers.ChoiceField(
        choices=IndicatorSeries.choices, required=False, allow_blank=True, default=""
    )
    pillar = serializers.ChoiceField(
        choices=LandscalePillar.choices, required=False, allow_blank=True, default=""
    )
    goal = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.COMMENT
    )
    series_province = serializers.PrimaryKeyRelatedField(
        queryset=Province.objects.all(),
        required=False,
        allow_null=True,
        default=None,
    )
    series_district = serializers.PrimaryKeyRelatedField(
        queryset=District.objects.all(),
        required=False,
        allow_null=True,
        default=None,
    )
    order = serializers.IntegerField(min_value=0, max_value=MAX_SMALL, required=False, default=0)


class MeasurementSerializer(serializers.ModelSerializer):
    confirmations = serializers.SerializerMethodField(
        help_text=_("Confirmations counted (one per organization; coordinators as the convener).")
    )
    verified = serializers.SerializerMethodField(
        help_text=_("Confirmed by two people other than the one who entered it.")
    )

    class Meta:
        model = IndicatorMeasurement
        fields = [
            "id",
            "indicator",
            "period_start",
            "measured_on",
            "value",
            "source",
            "method",
            "note",
            "confirmations",
            "verified",
            "recorded_at",
        ]
        read_only_fields = fields

    def _count(self, measurement) -> int:
        counted = getattr(measurement, "confirmation_count", None)
        return measurement.confirmations.count() if counted is None else counted

    @extend_schema_field(serializers.IntegerField())
    def get_confirmations(self, measurement) -> int:
        return self._count(measurement)

    @extend_schema_field(serializers.BooleanField())
    def get_verified(self, measurement) -> bool:
        return self._count(measurement) >= CONFIRMATIONS_NEEDED


class MeasurementWriteSerializer(StrictSerializer, serializers.ModelSerializer):
    period_start = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("The first day the value covers; the end date when left out."),
    )

    class Meta:
        model = IndicatorMeasurement
        fields = ["period_start", "measured_on", "value", "source", "method", "note"]


class MeasurementConfirmSerializer(StrictSerializer):
    organization = acting_organization_field()
