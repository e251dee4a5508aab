from django.contrib.auth import authenticate
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from lap import limits
from stakeholders.lockout import is_locked, lockout_message
from stakeholders.models import GovernmentLevel, Membership, Organization, Sector, User


class OrganizationSerializer(serializers.ModelSerializer):
    sector_label = serializers.CharField(source="get_sector_display", read_only=True)
    active_member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Organization
        fields = [
            "id",
            "name",
            "acronym",
            "sector",
            "sector_label",
            "government_level",
            "description",
            "website",
            "is_demo",
            "active_member_count",
        ]
        read_only_fields = ["is_demo"]


class OrganizationWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=limits.TITLE)
    acronym = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    sector = serializers.ChoiceField(choices=Sector.choices)
    government_level = serializers.ChoiceField(
        choices=GovernmentLevel.choices, required=False, allow_blank=True, default=""
    )
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.DESCRIPTION
    )
    website = serializers.URLField(required=False, allow_blank=True, default="")


class MembershipSerializer(serializers.ModelSerializer):
    organization: "serializers.PrimaryKeyRelatedField[Organization]" = (
        serializers.PrimaryKeyRelatedField(read_only=True)
    )
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    sector = serializers.CharField(source="organization.sector", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "organization", "organization_name", "sector", "role", "status"]


class MeSerializer(serializers.ModelSerializer):
    memberships = MembershipSerializer(many=True, read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "email",
            "language",
            "is_coordinator",
            "is_facilitator",
            "memberships",
        ]
        read_only_fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_coordinator",
            "is_facilitator",
        ]

    def to_internal_value(self, data):
        # A form field sent empty counts as absent in DRF; a language sent must be one.
        if hasattr(data, "get") and "language" in data and data.get("language") in ("", None):
            raise serializers.ValidationError({"language": [_("Choose Spanish or English.")]})
        # A form body the parser found nothing in (malformed multipart) is not "no change".
        if isinstance(data, QueryDict) and not data:
            raise serializers.ValidationError({"language": [_("Choose Spanish or English.")]})
        # Nor is a body of fields that cannot be changed here (a misspelt "lang" included).
        if hasattr(data, "keys"):
            unknown = sorted(str(key) for key in data if key != "language")
            if unknown:
                raise serializers.ValidationError(
                    {key: [_("Only the language can be changed here.")] for key in unknown}
                )
        return super().to_internal_value(data)


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)

    def validate(self, attrs):
        request = self.context["request"]
        if is_locked(attrs["username"], request):
            raise serializers.ValidationError({"detail": lockout_message()})
        user = authenticate(request=request, username=attrs["username"], password=attrs["password"])
        if user is None:
            if is_locked(attrs["username"], request):
                raise serializers.ValidationError({"detail": lockout_message()})
            raise serializers.ValidationError(
                {"detail": _("Unable to sign in with the username and password given.")}
            )
        if not user.is_active:
            raise serializers.ValidationError({"detail": _("This account is disabled.")})
        attrs["user"] = user
        return attrs


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
