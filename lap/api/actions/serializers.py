from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lap import limits
from lap.api.fields import PersonNameField
from lap.api.strict import (
    StrictSerializer,
    acting_organization_field,
    money_field,
    on_behalf_of_field,
)
from lap.documents import validate_document
from lap.models.actions import (
    Action,
    ActionComment,
    ActionState,
    ActionTransition,
    ConcernedCommunity,
    ConsentRecord,
    ConsentState,
)
from lap.models.objectives import Objective
from stakeholders.models import Organization
from territory.models import Crop, District, IndigenousCommunity

STATE_LABELS = dict(ActionState.choices)


class ActionSerializer(serializers.ModelSerializer):
    objective_code = serializers.CharField(source="objective.code", read_only=True)
    # A method field, not `source="get_state_display"`: DRF inspects a callable source's
    # signature on every call, which is a tenth of a list page's time.
    state_label = serializers.SerializerMethodField()
    proposing_organization_name = serializers.CharField(
        source="proposing_organization.name", read_only=True
    )
    proposer_name = PersonNameField(source="proposer")
    entered_by_name = PersonNameField(source="entered_by")
    # (many=True makes a ManyRelatedField at run time; the stubs keep the class.)
    districts: "serializers.PrimaryKeyRelatedField[District]" = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )
    responsible_organizations: "serializers.PrimaryKeyRelatedField[Organization]" = (
        serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    )
    crops = serializers.ListField(
        child=serializers.ChoiceField(choices=Crop.choices), read_only=True
    )
    suspended_from = serializers.ChoiceField(
        choices=ActionState.choices,
        allow_blank=True,
        read_only=True,
        help_text=_("The state a suspended action resumes to; empty unless suspended."),
    )

    @extend_schema_field(OpenApiTypes.STR)
    def get_state_label(self, action: Action) -> str:
        return str(STATE_LABELS.get(action.state, action.state))

    class Meta:
        model = Action
        fields = [
            "id",
            "title",
            "description",
            "objective",
            "objective_code",
            "districts",
            "crops",
            "responsible_organizations",
            "starts_on",
            "ends_on",
            "estimated_cost_pen",
            "state",
            "state_label",
            "suspended_from",
            "proposing_organization",
            "proposing_organization_name",
            "proposer_name",
            "entered_by_name",
            "submitted_at",
            "accepted_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ConsentSummarySerializer(serializers.ModelSerializer):
    """A concerned community and where its consent process stands."""

    community_name = serializers.CharField(source="community.name", read_only=True)
    district = serializers.IntegerField(source="community.district_id", read_only=True)
    organization = serializers.IntegerField(
        source="community.organization_id", read_only=True, allow_null=True
    )
    consent_state = serializers.ChoiceField(
        source="consent.state", choices=ConsentState.choices, read_only=True
    )
    information_shared_on = serializers.DateField(
        source="consent.information_shared_on", read_only=True, allow_null=True
    )
    assembly_date = serializers.DateField(
        source="consent.assembly_date", read_only=True, allow_null=True
    )
    decided_on = serializers.DateField(source="consent.decided_on", read_only=True, allow_null=True)
    languages = serializers.CharField(source="consent.languages", read_only=True)
    conditions = serializers.CharField(source="consent.conditions", read_only=True)

    class Meta:
        model = ConcernedCommunity
        fields = [
            "community",
            "community_name",
            "district",
            "organization",
            "origin",
            "consent_state",
            "information_shared_on",
            "assembly_date",
            "decided_on",
            "languages",
            "conditions",
        ]
        read_only_fields = fields


class TransitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActionTransition
        fields = ["verb", "from_state", "to_state", "reason", "automatic", "created_at"]
        read_only_fields = fields


class ActionDetailSerializer(ActionSerializer):
    concerned_communities = serializers.SerializerMethodField()
    transitions = TransitionSerializer(many=True, read_only=True)

    class Meta(ActionSerializer.Meta):
        fields = [*ActionSerializer.Meta.fields, "concerned_communities", "transitions"]
        read_only_fields = fields

    @extend_schema_field(ConsentSummarySerializer(many=True))
    def get_concerned_communities(self, action):
        concerned = [c for c in action.concerned_communities.all() if not c.is_removed]
        return ConsentSummarySerializer(concerned, many=True).data


class ActionWriteSerializer(StrictSerializer):
    title = serializers.CharField(max_length=limits.TITLE)
    description = serializers.CharField(max_length=limits.DESCRIPTION)
    objective = serializers.PrimaryKeyRelatedField(queryset=Objective.objects.all())
    districts = serializers.PrimaryKeyRelatedField(
        many=True, queryset=District.objects.all(), allow_empty=False
    )
    communities = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=IndigenousCommunity.objects.all(),
        required=False,
        help_text=_("Communities concerned besides those of the districts (on creation)."),
    )
    crops = serializers.ListField(
        child=serializers.ChoiceField(choices=Crop.choices), required=False
    )
    responsible_organizations = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Organization.objects.all(), required=False
    )
    starts_on = serializers.DateField(required=False, allow_null=True)
    ends_on = serializers.DateField(required=False, allow_null=True)
    estimated_cost_pen = money_field(positive=False, required=False, allow_null=True)
    organization = acting_organization_field()
    on_behalf_of = on_behalf_of_field()


class ReasonSerializer(StrictSerializer):
    """The body of a transition that takes an optional reason."""

    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.REASON
    )


class ReasonRequiredSerializer(StrictSerializer):
    """The body of a transition that needs a reason (reject, suspend, withdraw, removal)."""

    reason = serializers.CharField(max_length=limits.REASON)


class CommentSerializer(serializers.ModelSerializer):
    author_name = PersonNameField(source="author")
    organization_name = serializers.CharField(
        source="organization.name", read_only=True, allow_null=True, default=None
    )
    entered_by_name = PersonNameField(source="entered_by")

    class Meta:
        model = ActionComment
        fields = [
            "id",
            "body",
            "organization",
            "organization_name",
            "author_name",
            "entered_by_name",
            "created_at",
        ]
        read_only_fields = fields


class CommentWriteSerializer(StrictSerializer):
    body = serializers.CharField(max_length=limits.COMMENT)
    organization = acting_organization_field()
    on_behalf_of = on_behalf_of_field()


class ConsentRecordSerializer(serializers.ModelSerializer):
    community = serializers.IntegerField(source="process.concerned.community_id", read_only=True)
    has_document = serializers.SerializerMethodField()

    class Meta:
        model = ConsentRecord
        fields = [
            "id",
            "community",
            "from_state",
            "state",
            "information_shared_on",
            "assembly_date",
            "decided_on",
            "languages",
            "conditions",
            "notes",
            "organization",
            "has_document",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_has_document(self, entry):
        return bool(entry.document)


class ConsentWriteSerializer(StrictSerializer):
    community = serializers.PrimaryKeyRelatedField(queryset=IndigenousCommunity.objects.all())
    state = serializers.ChoiceField(choices=ConsentState.choices)
    information_shared_on = serializers.DateField(required=False, allow_null=True)
    assembly_date = serializers.DateField(required=False, allow_null=True)
    decided_on = serializers.DateField(required=False, allow_null=True)
    languages = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, max_length=limits.TITLE
    )
    conditions = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, max_length=limits.DESCRIPTION
    )
    notes = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.COMMENT
    )
    document = serializers.FileField(
        required=False, allow_null=True, validators=[validate_document]
    )


class ConcernedCommunitySerializer(serializers.ModelSerializer):
    community_name = serializers.CharField(source="community.name", read_only=True)
    district = serializers.IntegerField(source="community.district_id", read_only=True)
    consent_state = serializers.ChoiceField(
        source="consent.state", choices=ConsentState.choices, read_only=True
    )

    class Meta:
        model = ConcernedCommunity
        fields = [
            "community",
            "community_name",
            "district",
            "origin",
            "consent_state",
            "removed_at",
            "removal_reason",
        ]
        read_only_fields = fields


class CommunityAddSerializer(StrictSerializer):
    community = serializers.PrimaryKeyRelatedField(queryset=IndigenousCommunity.objects.all())
