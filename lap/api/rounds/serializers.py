from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from lap import limits
from lap.models.rounds import (
    SCORE_MAX,
    SCORE_MIN,
    ActionResult,
    Criterion,
    Round,
    Score,
)
from stakeholders.models import Sector


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

    def get_sector_weights(self, round_) -> dict[str, str]:
        return {weight.sector: str(weight.weight) for weight in round_.sector_weights.all()}

    def get_candidates(self, round_) -> list[int]:
        return [candidate.action_id for candidate in round_.candidates.all()]


class CriterionWriteSerializer(serializers.Serializer):
    key = serializers.SlugField(max_length=40, required=False, allow_blank=True, default="")
    name = serializers.CharField(max_length=120)
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.DESCRIPTION
    )
    weight = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=Decimal("0.01"))


class RoundWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=limits.TITLE)
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.DESCRIPTION
    )
    quorum = serializers.IntegerField(min_value=1, default=3)
    opens_on = serializers.DateField(required=False, allow_null=True, default=None)
    closes_on = serializers.DateField(required=False, allow_null=True, default=None)
    criteria = CriterionWriteSerializer(
        many=True, required=False, help_text=_("Leave out for the suggested criteria.")
    )
    sector_weights = serializers.DictField(
        child=serializers.DecimalField(max_digits=6, decimal_places=2, min_value=Decimal(0)),
        required=False,
        help_text=_("{sector: weight}; 0 leaves a sector out; default 1."),
    )
    candidates = serializers.ListField(child=serializers.IntegerField(), required=False)

    def validate_sector_weights(self, value):
        unknown = set(value) - set(Sector.values)
        if unknown:
            raise serializers.ValidationError(
                _("Unknown sectors: %(sectors)s.") % {"sectors": ", ".join(sorted(unknown))}
            )
        return value


class RoundPatchSerializer(serializers.Serializer):
    """A draft round's set-up: only the fields sent change, all of them or none."""

    name = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    quorum = serializers.IntegerField(min_value=1, max_value=1000, required=False)
    opens_on = serializers.DateField(required=False, allow_null=True)
    closes_on = serializers.DateField(required=False, allow_null=True)
    criteria = CriterionWriteSerializer(
        many=True, required=False, help_text=_("The whole new list of criteria.")
    )
    sector_weights = serializers.DictField(
        child=serializers.DecimalField(max_digits=6, decimal_places=2, min_value=Decimal(0)),
        required=False,
        help_text=_("{sector: weight}; the sectors sent change, the others keep their weight."),
    )
    candidates = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
        required=False,
        help_text=_("The whole new list of candidate action ids (accepted actions)."),
    )

    validate_sector_weights = RoundWriteSerializer.validate_sector_weights


class SectorParticipationSerializer(serializers.Serializer):
    sector = serializers.CharField()
    persons = serializers.IntegerField(help_text=_("Persons of the sector who scored the action."))


class ParticipationSerializer(serializers.Serializer):
    """How many persons of each sector scored an action: counts, never values."""

    action = serializers.IntegerField()
    action_title = serializers.CharField()
    persons = serializers.IntegerField()
    sectors = SectorParticipationSerializer(many=True)


class ScoreItemSerializer(serializers.Serializer):
    action = serializers.IntegerField()
    criterion = serializers.CharField(max_length=40)
    value = serializers.IntegerField(min_value=SCORE_MIN, max_value=SCORE_MAX)


class ScoresWriteSerializer(serializers.Serializer):
    """The object form of the scores body (the bare list form is also accepted)."""

    scores = ScoreItemSerializer(many=True, allow_empty=False)
    on_behalf_of = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("Facilitators: the member's user id.")
    )
    organization = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text=_("The organization you score for, if you belong to several."),
    )


class ScoreSerializer(serializers.ModelSerializer):
    criterion = serializers.CharField(source="criterion.key", read_only=True)

    class Meta:
        model = Score
        fields = ["action", "criterion", "value", "updated_at"]


class SectorResultSerializer(serializers.Serializer):
    sector = serializers.CharField()
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
