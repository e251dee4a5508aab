"""API: the vision (versions, comments, endorsements, adoption) and objectives with indicators.

Reads follow the selectors (drafts: coordinators; open and closed versions: signed-in people
and partner keys; published: everyone). Writes call one service each; the services check who
may act, so a member's endorsement is refused with 403 and changes nothing.
"""

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from lap.api.permissions import request_api_key
from lap.api.vision.filters import (
    IndicatorFilter,
    MeasurementFilter,
    ObjectiveFilter,
    VisionVersionFilter,
)
from lap.api.vision.serializers import (
    EndorseSerializer,
    IndicatorSerializer,
    IndicatorWriteSerializer,
    MeasurementConfirmSerializer,
    MeasurementSerializer,
    MeasurementWriteSerializer,
    ObjectiveSerializer,
    ObjectiveWriteSerializer,
    VisionCommentSerializer,
    VisionCommentWriteSerializer,
    VisionVersionDetailSerializer,
    VisionVersionSerializer,
    VisionVersionWriteSerializer,
    WithdrawEndorsementSerializer,
)
from lap.selectors import vision as selectors
from lap.services import vision as services

User = get_user_model()


def _versions_for(request):
    return selectors.visible_versions(
        request.user, as_outsider=request_api_key(request) is not None
    )


def _detail(request, version, *, status_code=status.HTTP_200_OK) -> Response:
    version = _versions_for(request).get(pk=version.pk)
    context = {"request": request}
    if version.state == "published":
        context["adoption_status"] = selectors.adoption_status(version)
    return Response(
        VisionVersionDetailSerializer(version, context=context).data, status=status_code
    )


class CurrentVisionView(APIView):
    """The current published version: its sections, endorsements and adoption state."""

    api_scope = "plan"

    @extend_schema(responses=VisionVersionDetailSerializer)
    def get(self, request):
        version = selectors.current_version()
        if version is None:
            raise exceptions.NotFound(_("No version of the vision has been published yet."))
        return _detail(request, version)


class VisionVersionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Versions of the vision. Coordinators draft, edit drafts, open, close and publish;
    representatives endorse the current version for their organization."""

    api_scope = "plan"
    serializer_class = VisionVersionSerializer
    filterset_class = VisionVersionFilter
    ordering_fields = ["number", "published_at"]
    ordering = ["-number"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return _versions_for(self.request)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return VisionVersionDetailSerializer
        return VisionVersionSerializer

    def retrieve(self, request, *args, **kwargs):
        return _detail(request, self.get_object())

    @extend_schema(
        request=VisionVersionWriteSerializer, responses={201: VisionVersionDetailSerializer}
    )
    def create(self, request):
        write = VisionVersionWriteSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        version = services.version_create(acting_user=request.user, **write.validated_data)
        return _detail(request, version, status_code=status.HTTP_201_CREATED)

    @extend_schema(request=VisionVersionWriteSerializer, responses=VisionVersionDetailSerializer)
    def partial_update(self, request, pk=None):
        version = self.get_object()
        # Only the fields sent change; the others keep what is saved.
        write = VisionVersionWriteSerializer(data=request.data, partial=True)
        write.is_valid(raise_exception=True)
        fields = {
            "title": version.title,
            "body": version.body,
            "summary": version.summary,
            **write.validated_data,
        }
        services.version_update(acting_user=request.user, version=version, **fields)
        return _detail(request, version)

    def _transition(self, request, service):
        version = self.get_object()
        service(acting_user=request.user, version=version)
        return _detail(request, version)

    @extend_schema(request=None, responses=VisionVersionDetailSerializer)
    @action(detail=True, methods=["post"])
    def open(self, request, pk=None):
        return self._transition(request, services.version_open)

    @extend_schema(request=None, responses=VisionVersionDetailSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._transition(request, services.version_close)

    @extend_schema(request=None, responses=VisionVersionDetailSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._transition(request, services.version_publish)

    @extend_schema(request=EndorseSerializer, responses={201: VisionVersionDetailSerializer})
    @action(detail=True, methods=["post"])
    def endorse(self, request, pk=None):
        version = self.get_object()
        write = EndorseSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        services.endorsement_create(
            acting_user=request.user,
            version=version,
            organization_id=write.validated_data.get("organization"),
            note=write.validated_data["note"],
        )
        return _detail(request, version, status_code=status.HTTP_201_CREATED)

    @extend_schema(request=WithdrawEndorsementSerializer, responses=VisionVersionDetailSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path="withdraw-endorsement",
        url_name="withdraw-endorsement",
    )
    def withdraw_endorsement(self, request, pk=None):
        version = self.get_object()
        write = WithdrawEndorsementSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        services.endorsement_withdraw(
            acting_user=request.user,
            version=version,
            organization_id=write.validated_data.get("organization"),
        )
        return _detail(request, version)

    @extend_schema(
        methods=["get"], request=None, responses=VisionCommentSerializer(many=True), filters=False
    )
    @extend_schema(
        methods=["post"],
        request=VisionCommentWriteSerializer,
        responses={201: VisionCommentSerializer},
    )
    @action(detail=True, methods=["get", "post"], filterset_class=None, ordering_fields=[])
    def comments(self, request, pk=None):
        """Comments on the version's sections: for signed-in people and partner keys."""
        if not request.user.is_authenticated and request_api_key(request) is None:
            raise exceptions.NotAuthenticated(_("Sign in to read the comments."))
        version = self.get_object()
        if request.method == "POST":
            write = VisionCommentWriteSerializer(data=request.data)
            write.is_valid(raise_exception=True)
            on_behalf_of = None
            if write.validated_data.get("on_behalf_of"):
                on_behalf_of = get_object_or_404(User, pk=write.validated_data["on_behalf_of"])
            comment = services.comment_create(
                acting_user=request.user,
                version=version,
                section=write.validated_data["section"],
                text=write.validated_data["text"],
                organization_id=write.validated_data.get("organization"),
                on_behalf_of=on_behalf_of,
            )
            comment = selectors.comments_of(version).get(pk=comment.pk)
            return Response(VisionCommentSerializer(comment).data, status=status.HTTP_201_CREATED)
        page = self.paginate_queryset(selectors.comments_of(version))
        return self.get_paginated_response(VisionCommentSerializer(page, many=True).data)


class ObjectiveViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Objectives with their indicators, baselines, latest values, targets and measurements."""

    api_scope = "plan"
    serializer_class = ObjectiveSerializer
    filterset_class = ObjectiveFilter
    ordering_fields = ["order", "code"]
    ordering = ["order", "code"]

    def get_queryset(self):
        return selectors.objectives_with_indicators()

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        selectors.attach_objective_figures(page)
        return self.get_paginated_response(ObjectiveSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        objective = self.get_object()
        selectors.attach_objective_figures([objective])
        return Response(ObjectiveSerializer(objective).data)

    @extend_schema(request=ObjectiveWriteSerializer, responses={201: ObjectiveSerializer})
    def create(self, request, *args, **kwargs):
        write = ObjectiveWriteSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        objective = services.objective_create(acting_user=request.user, **write.validated_data)
        objective = self.get_queryset().get(pk=objective.pk)
        selectors.attach_objective_figures([objective])
        return Response(ObjectiveSerializer(objective).data, status=status.HTTP_201_CREATED)


class IndicatorViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Indicators; those fed by a territory series read their figures from the data."""

    api_scope = "plan"
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter
    ordering_fields = ["objective", "order", "name"]
    ordering = ["objective", "order", "id"]

    def get_queryset(self):
        return selectors.indicators_visible()

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        selectors.attach_figures(page)
        return self.get_paginated_response(IndicatorSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        indicator = selectors.attach_figures([self.get_object()])[0]
        return Response(IndicatorSerializer(indicator).data)

    @extend_schema(request=IndicatorWriteSerializer, responses={201: IndicatorSerializer})
    def create(self, request, *args, **kwargs):
        write = IndicatorWriteSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        data = dict(write.validated_data)
        indicator = services.indicator_create(
            acting_user=request.user, objective=data.pop("objective"), **data
        )
        indicator = selectors.attach_figures([self.get_queryset().get(pk=indicator.pk)])[0]
        return Response(IndicatorSerializer(indicator).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MeasurementWriteSerializer, responses={201: MeasurementSerializer})
    @action(detail=True, methods=["post"], filterset_class=None)
    def measurements(self, request, pk=None):
        """Record a measurement (coordinators; not for indicators fed by a series)."""
        indicator = self.get_object()
        write = MeasurementWriteSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        measurement = services.measurement_record(
            acting_user=request.user, indicator=indicator, **write.validated_data
        )
        return Response(MeasurementSerializer(measurement).data, status=status.HTTP_201_CREATED)


class MeasurementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Hand-entered measurements of indicators. A value is verified once two persons other
    than the one who entered it confirmed it: coordinators (counting as the convener) or
    representatives of active organizations, at most one per organization; a correction of the
    value makes it unverified again."""

    api_scope = "plan"
    serializer_class = MeasurementSerializer
    filterset_class = MeasurementFilter
    ordering_fields = ["measured_on", "id"]
    ordering = ["-measured_on", "-id"]

    def get_queryset(self):
        return selectors.measurements_with_confirmations()

    def _respond(self, measurement):
        return Response(MeasurementSerializer(self.get_queryset().get(pk=measurement.pk)).data)

    @extend_schema(request=MeasurementConfirmSerializer, responses=MeasurementSerializer)
    @action(detail=True, methods=["post"], url_path="verify", url_name="verify")
    def verify(self, request, pk=None):
        """Confirm the value (for the organization you represent, named if several)."""
        measurement = self.get_object()
        write = MeasurementConfirmSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        services.measurement_confirm(
            acting_user=request.user,
            measurement=measurement,
            organization_id=write.validated_data.get("organization"),
        )
        return self._respond(measurement)

    @extend_schema(request=None, responses=MeasurementSerializer)
    @action(detail=True, methods=["post"], url_path="unverify", url_name="unverify")
    def unverify(self, request, pk=None):
        """Withdraw your confirmation."""
        measurement = self.get_object()
        services.measurement_withdraw_confirmation(
            acting_user=request.user, measurement=measurement
        )
        return self._respond(measurement)
