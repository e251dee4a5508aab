from collections.abc import Mapping
from decimal import Decimal
from typing import TypedDict

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lap import limits
from lap.api.strict import (
    StrictSerializer,
    acting_organization_field,
    id_field,
    on_behalf_of_field,
)
from lap.models.rounds import (
    SCORE_MAX,
    SCORE_MIN,
    ActionResult,
    Criterion,
    Round,
    Score,
)
from stakeholders.models import Sector


class Digits(TypedDict):
    max_digits: int
    decimal_places: int


# A weight as its column stores it (6 digits, 2 decimals).
WEIGHT: Digits = {"max_digits": 6, "decimal_places": 2}

# The stored sector weights, as decimal strings; a sector not listed weighs 1.
SECTOR_WEIGHTS_SCHEMA = {
    "type": "object",
    "properties": {
        sector: {"type": "string", "format": "decimal", "pattern": r"^-?\d{0,4}(?:\.\d{0,2})?$"}
        for sector in Sector.values
    },
    "additionalProperties": False,
}


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["key", "name", "description", "weight"]


class RoundSerializer(serializers.ModelSerializer):
    criteria = CriterionSerializer(many=True, read_only=True)
    sector_weights = serializers.SerializerMethodField()
    candidates = serializers.SerializerMethodField()
    state_label = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = Round
        fields = [
            "id",
            "name",
            "description",
            "state",
            "state_label",
            "quorum",
            "opens_on",
            "closes_on",
            "opened_at",
            "closed_at",
            "published_at",
            "results_status",
            "results_computed_at",
            "criteria",
            "sector_weights",
            "candidates",
        ]

    @extend_schema_field(SECTOR_WEIGHTS_SCHEMA)
    def get_sector_weights(self, round_) -> dict[str, str]:
        return {weight.sector: str(weight.weight) for weight in round_.sector_weights.all()}

    def get_candidates(self, round_) -> list[int]:
        return [candidate.action_id for candidate in round_.candidates.all()]


class CriterionWriteSerializer(StrictSerializer):
    key = serializers.SlugField(max_length=40, required=False, allow_blank=True, default="")
    name = serializers.CharField(max_length=120)
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.DESCRIPTION
    )
    weight = serializers.DecimalField(**WEIGHT, min_value=Decimal("0.01"))


class SectorWeightsSerializer(StrictSerializer):
    """{sector: weight}: a weight per sector sent (0 leaves the sector out); no other keys."""

    def get_fields(self):
        return {
            sector: serializers.DecimalField(**WEIGHT, min_value=Decimal(0), required=False)
            for sector in Sector.values
        }

    def to_internal_value(self, data):
        # An unknown sector is an error of `sector_weights` itself, in the domain's words.
        if isinstance(data, Mapping):
            unknown = sorted(str(key) for key in data if key not in Sector.values)
            if unknown:
                raise serializers.ValidationError(
                    _("Unknown sectors: %(sectors)s.") % {"sectors": ", ".join(unknown)}
                )
        return super().to_internal_value(data)


def _quorum(**kwargs) -> serializers.IntegerField:
    # A quorum counts sectors: more than there are could never be met (and 2**40 would not fit
    # its column). Opening checks it against the sectors that can actually score.
    return serializers.IntegerField(
        min_value=1,
        max_value=len(Sector.values),
        help_text=_("Minimum number of sectors that must score an action for it to be ranked."),
        **kwargs,
    )


class RoundWriteSerializer(StrictSerializer):
    name = serializers.CharField(max_length=limits.TITLE)
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.DESCRIPTION
    )
    quorum = _quorum(default=3)
    opens_on = serializers.DateField(required=False, allow_null=True, default=None)
    closes_on = serializers.DateField(required=False, allow_null=True, default=None)
    criteria = CriterionWriteSerializer(
        many=True, required=False, help_text=_("Leave out for the suggested criteria.")
    )
    sector_weights = SectorWeightsSerializer(
        required=False, help_text=_("{sector: weight}; 0 leaves a sector out; default 1.")
    )
    candidates = serializers.ListField(child=id_field(), required=False)


class RoundPatchSerializer(StrictSerializer):
    """A draft round's set-up: only the fields sent change, all of them or none."""

    name = serializers.CharField(max_length=limits.TITLE, required=False)
    description = serializers.CharField(
        required=False, allow_blank=True, max_length=limits.DESCRIPTION
    )
    quorum = _quorum(required=False)
    opens_on = serializers.DateField(required=False, allow_null=True)
    closes_on = serializers.DateField(required=False, allow_null=True)
    criteria = CriterionWriteSerializer(
        many=True, required=False, help_text=_("The whole new list of criteria.")
    )
    sector_weights = SectorWeightsSerializer(
        required=False,
        help_text=_("{sector: weight}; the sectors sent change, the others keep their weight."),
    )
    candidates = serializers.ListField(
        child=id_field(),
        required=False,
        help_text=_("The whole new list of candidate action ids (accepted actions)."),
    )


class SectorParticipationSerializer(serializers.Serializer):
    sector = serializers.ChoiceField(choices=Sector.choices)
    persons = serializers.IntegerField(help_text=_("Persons of the sector who scored the action."))


class ParticipationSerializer(serializers.Serializer):
    """How many persons of each sector scored an action: counts, never values."""

    action = serializers.IntegerField()
    action_title = serializers.CharField()
    persons = serializers.IntegerField()
    sectors = SectorParticipationSerializer(many=True)


class ScoreItemSerializer(StrictSerializer):
    action = id_field()
    criterion = serializers.CharField(max_length=40)
    value = serializers.IntegerField(min_value=SCORE_MIN, max_value=SCORE_MAX)


class ScoresWriteSerializer(StrictSerializer):
    """The object form of the scores body (the bare list form is also accepted)."""

    scores = ScoreItemSerializer(many=True, allow_empty=False)
    on_behalf_of = on_behalf_of_field()
    organization = acting_organization_field()


class ScoreSerializer(serializers.ModelSerializer):
    criterion = serializers.CharField(source="criterion.key", read_only=True)

    class Meta:
        model = Score
        fields = ["action", "criterion", "value", "updated_at"]


class SectorResultSerializer(serializers.Serializer):
    sector = serializers.ChoiceField(choices=Sector.choices)
    score = serializers.FloatField(
        allow_null=True, help_text=_("The sector score; with 1 person, that person's score.")
    )
    persons = serializers.IntegerField()


class ActionResultSerializer(serializers.ModelSerializer):
    action_title = serializers.CharField(source="action.title", read_only=True)
    withdrawn = serializers.SerializerMethodField()
    balanced = serializers.FloatField(allow_null=True)
    consensus = serializers.FloatField(allow_null=True)
    raw_mean = serializers.FloatField(allow_null=True)
    sectors = SectorResultSerializer(source="sector_lines", many=True, read_only=True)

    class Meta:
        model = ActionResult
        fields = [
            "action",
            "action_title",
            "rank",
            "insufficient",
            "withdrawn",
            "balanced",
            "consensus",
            "raw_mean",
            "persons",
            "sector_count",
            "sectors",
        ]

    def get_withdrawn(self, result) -> bool:
        return result.action.state == "withdrawn"
