"""API: milestones, progress updates (publish, hide) and the results summary. Reads are what the
selectors let each caller see; writes go through lap.services.implementation."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action as drf_action
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response
from rest_framework.views import APIView

from lap.api.implementation import serializers as s
from lap.api.implementation.filters import MilestoneFilter, ProgressUpdateFilter
from lap.api.permissions import request_api_key
from lap.api.strict import visible_or_400
from lap.models.actions import Action
from lap.models.implementation import ProgressUpdate
from lap.selectors import actions as action_selectors
from lap.selectors import implementation as selectors
from lap.services import implementation as services

_WRITE_METHODS = ["get", "post", "patch", "delete", "head", "options"]


class _ImplementationViewSet(viewsets.GenericViewSet):
    api_scope = "plan"
    http_method_names = _WRITE_METHODS

    def _readers(self):
        return {"api_key": request_api_key(self.request)}

    def readable(self):
        """What the caller may read (get_queryset may widen it for acts, never for answers)."""
        return self.get_queryset()

    def _respond(self, obj, status_code=status.HTTP_200_OK):
        """The object as the caller now reads it, after an act."""
        return Response(
            self.serializer_class(
                self.readable().get(pk=obj.pk), context=self.get_serializer_context()
            ).data,
            status=status_code,
        )

    def _action_for_body(self, pk: int) -> Action:
        visible = action_selectors.actions_visible_to(self.request.user, **self._readers())
        return visible_or_400(visible, field="action", pk=pk)


class MilestoneViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    _ImplementationViewSet,
):
    """Milestones of approved actions: due date, done date, evidence. Representatives of the
    action's responsible organizations and coordinators edit them while the action is approved,
    in progress or suspended."""

    serializer_class = s.MilestoneSerializer
    filterset_class = MilestoneFilter
    ordering_fields = ["due_on", "done_on", "id"]
    ordering = ["due_on", "id"]

    def get_queryset(self):
        return selectors.milestones_visible_to(self.request.user, **self._readers()).select_related(
            "done_by"
        )

    @extend_schema(request=s.MilestoneCreateSerializer, responses={201: s.MilestoneSerializer})
    def create(self, request, *args, **kwargs):
        write = s.MilestoneCreateSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        data = dict(write.validated_data)
        milestone = services.milestone_create(
            acting_user=request.user, action=self._action_for_body(data.pop("action")), **data
        )
        return self._respond(milestone, status.HTTP_201_CREATED)

    @extend_schema(request=s.MilestoneEditSerializer, responses=s.MilestoneSerializer)
    def partial_update(self, request, *args, **kwargs):
        milestone = self.get_object()
        write = s.MilestoneEditSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        data = {"title": milestone.title, "due_on": milestone.due_on, **write.validated_data}
        milestone = services.milestone_update(acting_user=request.user, milestone=milestone, **data)
        return self._respond(milestone)

    @extend_schema(responses={204: None})
    def destroy(self, request, *args, **kwargs):
        services.milestone_delete(acting_user=request.user, milestone=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=s.MilestoneDoneSerializer, responses=s.MilestoneSerializer)
    @drf_action(detail=True, methods=["post"], url_path="done", url_name="done")
    def done(self, request, pk=None):
        """Mark it done on a day (with optional evidence, multipart), or not done (null)."""
        milestone = self.get_object()
        write = s.MilestoneDoneSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        milestone = services.milestone_mark_done(
            acting_user=request.user, milestone=milestone, **write.validated_data
        )
        return self._respond(milestone)


class ProgressUpdateViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    _ImplementationViewSet,
):
    """What happened in an action. Members of a responsible organization (or a facilitator for
    one) write drafts; a representative of that organization or a coordinator publishes them;
    a coordinator hides a published one with a reason. Published updates are public and name
    the organization; drafts are seen by their organization and coordinators."""

    serializer_class = s.ProgressUpdateSerializer
    filterset_class = ProgressUpdateFilter
    ordering_fields = ["reported_on", "id", "percent"]
    ordering = ["-reported_on", "-id"]

    def get_queryset(self):
        if self.request.method not in SAFE_METHODS:
            # Acting on a draft one may not see is refused (403) by the service's permission,
            # not hidden as a 404: the person was shown the update's id by its organization.
            return ProgressUpdate.objects.filter(
                action__in=action_selectors.actions_visible_to(
                    self.request.user, **self._readers()
                ).values("pk")
            ).select_related("action")
        return self.readable()

    def readable(self):
        return (
            selectors.updates_visible_to(self.request.user, **self._readers())
            .select_related("author", "entered_by")
            .prefetch_related("attachments")
        )

    @extend_schema(
        request={
            "application/json": s.ProgressUpdateCreateSerializer,
            "multipart/form-data": s.ProgressUpdateCreateSerializer,
        },
        responses={201: s.ProgressUpdateSerializer},
    )
    def create(self, request, *args, **kwargs):
        write = s.ProgressUpdateCreateSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        data = dict(write.validated_data)
        update = services.progress_update_create(
            acting_user=request.user,
            action=self._action_for_body(data.pop("action")),
            organization_id=data.pop("organization", None),
            on_behalf_of=data.pop("on_behalf_of", None),
            **data,
        )
        return self._respond(update, status.HTTP_201_CREATED)

    @extend_schema(
        request={
            "application/json": s.ProgressUpdateEditSerializer,
            "multipart/form-data": s.ProgressUpdateEditSerializer,
        },
        responses=s.ProgressUpdateSerializer,
    )
    def partial_update(self, request, *args, **kwargs):
        update = self.get_object()
        write = s.ProgressUpdateEditSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        data = {
            "reported_on": update.reported_on,
            "percent": update.percent,
            "narrative": update.narrative,
            **write.validated_data,
        }
        update = services.progress_update_edit(acting_user=request.user, update=update, **data)
        return self._respond(update)

    @extend_schema(responses={204: None})
    def destroy(self, request, *args, **kwargs):
        services.progress_update_delete(acting_user=request.user, update=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses=s.ProgressUpdateSerializer)
    @drf_action(detail=True, methods=["post"], url_path="publish", url_name="publish")
    def publish(self, request, pk=None):
        """Publish a draft: a representative of its organization or a coordinator."""
        update = services.progress_update_publish(
            acting_user=request.user, update=self.get_object()
        )
        return self._respond(update)

    @extend_schema(request=s.HideSerializer, responses=s.ProgressUpdateSerializer)
    @drf_action(detail=True, methods=["post"], url_path="hide", url_name="hide")
    def hide(self, request, pk=None):
        """Hide a published update, with a reason (coordinators; kept and audited)."""
        update = self.get_object()
        write = s.HideSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        update = services.progress_update_hide(
            acting_user=request.user, update=update, reason=write.validated_data["reason"]
        )
        return self._respond(update)


class ResultsSummaryView(APIView):
    """The results dashboard's plan figures: public actions by state, each objective's progress
    and money (DESIGN.md "Implementation tracking and results")."""

    api_scope = "plan"

    @extend_schema(responses=s.ResultsSummarySerializer)
    def get(self, request):
        summary = {
            "actions_by_state": selectors.actions_by_state(),
            "objectives": selectors.objective_progress(),
            "resources": selectors.resources_by_objective(),
        }
        return Response(s.ResultsSummarySerializer(summary).data)
