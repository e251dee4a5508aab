"""API: needs, commitments (with confirm/cancel), deliveries, exchange rates, funding gaps."""

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from lap.api.pagination import PageNumberPagination, page_parameters
from lap.api.permissions import ReadOnlyForKeysAndAnonymous, request_api_key
from lap.api.resources import serializers as s
from lap.api.resources.filters import (
    CommitmentFilter,
    DeliveryFilter,
    ExchangeRateFilter,
    NeedFilter,
)
from lap.api.strict import visible_or_400
from lap.exports import resources as exports
from lap.selectors import resources as selectors
from lap.selectors.actions import actions_visible_to
from lap.services import resources as services

if TYPE_CHECKING:
    from rest_framework.permissions import _PermissionClass  # the stubs' name, typing only


class SignedInOrResourcesKey(ReadOnlyForKeysAndAnonymous):
    """Needs, commitments and deliveries: members of an organization, coordinators, the
    superuser and keys with the `resources` scope (outsiders are refused, anonymous visitors are
    asked to sign in)."""

    message = _("Sign in, or use an API key with the “resources” scope.")

    def has_permission(self, request, view) -> bool:
        api_key = request_api_key(request)
        if api_key is None:
            if not (request.user and request.user.is_authenticated):
                return False
            if not selectors.can_read_resources(request.user):
                self.message = _(
                    "Needs, commitments and deliveries are open to members of an organization "
                    "and to coordinators."
                )
                return False
        return super().has_permission(request, view)


class ResourcesViewMixin:
    api_scope = "resources"
    permission_classes: "Sequence[_PermissionClass]" = [SignedInOrResourcesKey]

    def _readers(self):
        return {"user": self.request.user, "api_key": request_api_key(self.request)}


class NeedViewSet(
    ResourcesViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """What each action needs. The proposing organization's members and coordinators edit them
    while the action is open."""

    serializer_class = s.NeedSerializer
    filterset_class = NeedFilter
    ordering_fields = ["id", "action", "amount", "kind"]
    ordering = ["action", "id"]

    def get_queryset(self):
        return selectors.visible_needs(**self._readers())

    @extend_schema(
        request=s.NeedCreateSerializer,
        responses={201: s.NeedSerializer},
    )
    def create(self, request, *args, **kwargs):
        write = s.NeedCreateSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        data = dict(write.validated_data)
        action = visible_or_400(
            actions_visible_to(request.user), field="action", pk=data.pop("action")
        )
        need = services.need_create(acting_user=request.user, action=action, **data)
        return Response(
            s.NeedSerializer(self.get_queryset().get(pk=need.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=s.NeedWriteSerializer, responses=s.NeedSerializer)
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)

    @extend_schema(request=s.NeedWriteSerializer, responses=s.NeedSerializer)
    def update(self, request, *args, **kwargs):
        need = self.get_object()
        write = s.NeedWriteSerializer(data=request.data, partial=kwargs.get("partial", False))
        write.is_valid(raise_exception=True)
        fields = {k: v for k, v in write.validated_data.items() if k in request.data}
        need = services.need_update(acting_user=request.user, need=need, **fields)
        return Response(s.NeedSerializer(self.get_queryset().get(pk=need.pk)).data)

    def destroy(self, request, *args, **kwargs):
        services.need_delete(acting_user=request.user, need=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class CommitmentViewSet(
    ResourcesViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Organizations' commitments. A representative commits the organization they act for;
    the committing representative or a coordinator confirms, cancels (with a reason) or edits
    (sending the `version` they read: a stale one gets 409)."""

    serializer_class = s.CommitmentSerializer
    filterset_class = CommitmentFilter
    # The edits and transitions that answer 409 to a stale `version` (documented in the schema).
    conflict_actions = ("update", "partial_update", "confirm", "cancel")
    ordering_fields = ["id", "created_at", "expected_on", "amount", "status"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        return selectors.visible_commitments(**self._readers())

    def _respond(self, commitment, status_code=status.HTTP_200_OK):
        return Response(
            s.CommitmentSerializer(self.get_queryset().get(pk=commitment.pk)).data,
            status=status_code,
        )

    @extend_schema(
        request=s.CommitmentCreateSerializer,
        responses={201: s.CommitmentSerializer},
    )
    def create(self, request, *args, **kwargs):
        write = s.CommitmentCreateSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        data = dict(write.validated_data)
        need = visible_or_400(
            selectors.visible_needs(request.user), field="need", pk=data.pop("need")
        )
        commitment = services.commitment_create(
            acting_user=request.user,
            need=need,
            organization_id=data.pop("organization", None),
            **data,
        )
        return self._respond(commitment, status.HTTP_201_CREATED)

    @extend_schema(request=s.CommitmentUpdateSerializer, responses=s.CommitmentSerializer)
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, **kwargs)

    @extend_schema(request=s.CommitmentUpdateSerializer, responses=s.CommitmentSerializer)
    def update(self, request, *args, **kwargs):
        commitment = self.get_object()
        write = s.CommitmentUpdateSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        data = dict(write.validated_data)
        version = data.pop("version")
        commitment = services.commitment_update(
            acting_user=request.user, commitment=commitment, version=version, **data
        )
        return self._respond(commitment)

    def _transition(self, request, service, extra):
        commitment = self.get_object()
        write = s.CommitmentTransitionSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        commitment = service(
            acting_user=request.user,
            commitment=commitment,
            version=write.validated_data.get("version"),
            **extra(write.validated_data),
        )
        return self._respond(commitment)

    @extend_schema(request=s.CommitmentTransitionSerializer, responses=s.CommitmentSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self._transition(request, services.commitment_confirm, extra=lambda data: {})

    @extend_schema(request=s.CommitmentTransitionSerializer, responses=s.CommitmentSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._transition(
            request, services.commitment_cancel, extra=lambda data: {"reason": data["reason"]}
        )


class DeliveryViewSet(
    ResourcesViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """What was given or disbursed. Coordinators or the committing representative record it;
    the total delivered never exceeds the commitment."""

    serializer_class = s.DeliverySerializer
    filterset_class = DeliveryFilter
    ordering_fields = ["id", "delivered_on", "amount"]
    ordering = ["-delivered_on", "-id"]

    def get_queryset(self):
        return selectors.visible_deliveries(**self._readers())

    @extend_schema(
        request=s.DeliveryCreateSerializer,
        responses={201: s.DeliverySerializer},
    )
    def create(self, request, *args, **kwargs):
        write = s.DeliveryCreateSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        data = dict(write.validated_data)
        commitment = visible_or_400(
            selectors.visible_commitments(request.user),
            field="commitment",
            pk=data.pop("commitment"),
        )
        delivery = services.delivery_create(acting_user=request.user, commitment=commitment, **data)
        return Response(
            s.DeliverySerializer(self.get_queryset().get(pk=delivery.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class ExchangeRateViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Soles per USD or EUR from a date on; coordinators enter them (one per currency and day)."""

    api_scope = "resources"
    serializer_class = s.ExchangeRateSerializer
    filterset_class = ExchangeRateFilter
    ordering_fields = ["date", "currency"]
    ordering = ["-date", "currency"]

    def get_queryset(self):
        return selectors.exchange_rates()

    @extend_schema(
        request=s.ExchangeRateCreateSerializer, responses={201: s.ExchangeRateSerializer}
    )
    def create(self, request, *args, **kwargs):
        write = s.ExchangeRateCreateSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        rate = services.exchange_rate_create(acting_user=request.user, **write.validated_data)
        return Response(s.ExchangeRateSerializer(rate).data, status=status.HTTP_201_CREATED)


class FundingGapView(APIView):
    """Listed actions in priority order (latest published round, unranked after), a page at a
    time (`page`, `page_size` up to 200), with need, pledged, confirmed, delivered, gap and
    surplus in one currency at the rates in force on `date`. Beside every page, the whole
    report: `totals`, totals by objective, district (overlapping) and committing organization,
    the rates used (`rates_used`) and missing (`missing_rates`). A missing rate never hides
    what can be converted: each figure sums what could be converted, and every level carries an
    `unconverted` list of the rest in its own currency (`figure`, `currency`, `amount`,
    `missing_rates`, `note`; the top-level `unconverted` is that of `totals`). A need's gap and
    surplus are null only when they cannot be determined (the need and a confirmed commitment in
    two currencies, one without a rate); such needs are listed in `unconverted` entries with a
    null `amount`."""

    api_scope = "resources"
    pagination_class = PageNumberPagination

    @extend_schema(
        parameters=[
            # Inline rather than the query serializer: its enum would collide with the other
            # sets of currencies named "currency" in the schema's enum names.
            OpenApiParameter(
                "currency", str, enum=s.REPORT_CURRENCIES, description=_("Default PEN.")
            ),
            OpenApiParameter(
                "date", OpenApiTypes.DATE, description=_("The report date; default today.")
            ),
            *page_parameters(),
        ],
        responses=s.FundingGapSerializer,
    )
    def get(self, request):
        query = s.FundingGapQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        report = selectors.funding_gap_report(
            currency=query.validated_data["currency"], on=query.validated_data["date"]
        )
        paginator = self.pagination_class()
        entries = paginator.paginate_queryset(report.order, request, view=self)
        lines = selectors.action_lines(report, entries)
        return Response(
            {
                "count": len(report.order),
                "next": paginator.get_next_link(),
                "previous": paginator.get_previous_link(),
                "results": [exports.action_dict(report, line) for line in lines],
                **exports.summary_dict(report),
            }
        )
