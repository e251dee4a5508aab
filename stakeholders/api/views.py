from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from rest_framework.views import APIView

from lap.api.permissions import SignedInUser
from stakeholders import selectors, services
from stakeholders.api.filters import OrganizationFilter
from stakeholders.api.serializers import (
    MeSerializer,
    OrganizationSerializer,
    OrganizationWriteSerializer,
    TokenRequestSerializer,
    TokenSerializer,
)


class MeView(generics.RetrieveUpdateAPIView):
    """The caller, their platform roles and memberships; PATCH sets the language."""

    serializer_class = MeSerializer
    permission_classes = [SignedInUser]
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        return selectors.user_with_memberships(self.request.user)

    def perform_update(self, serializer):
        language = serializer.validated_data.get("language")
        if language:
            services.user_set_language(acting_user=self.request.user, language=language)


class OrganizationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """The organization directory (public). Coordinators create organizations."""

    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    ordering_fields = ["name", "sector"]
    ordering = ["name"]

    def get_queryset(self):
        return selectors.organization_directory()

    @extend_schema(request=OrganizationWriteSerializer, responses=OrganizationSerializer)
    def create(self, request, *args, **kwargs):
        write = OrganizationWriteSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        organization = services.organization_create(
            acting_user=request.user, **write.validated_data
        )
        organization = self.get_queryset().get(pk=organization.pk)
        return Response(OrganizationSerializer(organization).data, status=status.HTTP_201_CREATED)


class TokenView(APIView):
    """Exchange a username and password for a token (`Authorization: Token <token>`)."""

    authentication_classes: list = []
    permission_classes: list = []

    @extend_schema(request=TokenRequestSerializer, responses=TokenSerializer)
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})
