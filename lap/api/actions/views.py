"""API: actions, their transitions, comments, concerned communities and consent."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action as drf_action
from rest_framework.exceptions import NotAuthenticated
from rest_framework.response import Response

from lap.api.actions.filters import ActionFilter
from lap.api.actions.listing import action_list_representation
from lap.api.actions.serializers import (
    ActionDetailSerializer,
    ActionSerializer,
    ActionWriteSerializer,
    CommentSerializer,
    CommentWriteSerializer,
    CommunityAddSerializer,
    ConcernedCommunitySerializer,
    ConsentRecordSerializer,
    ConsentWriteSerializer,
    ReasonRequiredSerializer,
    ReasonSerializer,
)
from lap.api.permissions import request_api_key
from lap.models.actions import ConcernedCommunity
from lap.selectors import actions as selectors
from lap.services import actions as services


def _transition_view(verb: str):
    body = (
        ReasonRequiredSerializer if services.TRANSITIONS[verb].reason_required else ReasonSerializer
    )

    def view(self, request, pk=None):
        action = self.get_object()
        payload = body(data=request.data)
        payload.is_valid(raise_exception=True)
        services.action_transition(
            acting_user=request.user,
            action=action,
            verb=verb,
            reason=payload.validated_data["reason"],
        )
        return Response(self._detail(action.pk))

    # The name must be set before @action: DRF maps the HTTP method to it.
    view.__name__ = verb
    view.__doc__ = f"The `{verb}` transition of the action's lifecycle."
    view = drf_action(detail=True, methods=["post"], url_path=verb, url_name=verb)(view)
    return extend_schema(request=body, responses=ActionDetailSerializer)(view)


class ActionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Key actions of the plan. Drafts are visible only to the proposing organization and the
    coordinators; submitted ones to signed-in people and partner keys; accepted ones onwards to
    everyone."""

    api_scope = "plan"
    filterset_class = ActionFilter
    ordering_fields = ["created_at", "updated_at", "title", "state"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        return selectors.actions_visible_to(
            self.request.user, api_key=request_api_key(self.request)
        )

    def get_serializer_class(self):
        return ActionSerializer if self.action == "list" else ActionDetailSerializer

    def list(self, request, *args, **kwargs):
        # ActionSerializer's output (and schema) from plain rows of one page of ids.
        actions = self.filter_queryset(self.get_queryset())
        page_ids = self.paginate_queryset(actions.values_list("pk", flat=True))
        rows = selectors.action_rows(page_ids or [])
        return self.get_paginated_response(
            action_list_representation(rows, show_names=request.user.is_authenticated)
        )

    def _detail(self, pk):
        action = selectors.action_detail(
            user=self.request.user, pk=pk, api_key=request_api_key(self.request)
        )
        return ActionDetailSerializer(action, context=self.get_serializer_context()).data

    def retrieve(self, request, *args, **kwargs):
        return Response(self._detail(self.get_object().pk))

    @extend_schema(request=ActionWriteSerializer, responses={201: ActionDetailSerializer})
    def create(self, request, *args, **kwargs):
        write = ActionWriteSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        data = dict(write.validated_data)
        action = services.action_create(
            acting_user=request.user,
            organization_id=data.pop("organization", None),
            on_behalf_of=data.pop("on_behalf_of", None),
            **data,
        )
        return Response(self._detail(action.pk), status=status.HTTP_201_CREATED)

    @extend_schema(request=ActionWriteSerializer, responses=ActionDetailSerializer)
    def update(self, request, *args, **kwargs):
        action = self.get_object()
        partial = kwargs.pop("partial", False) or request.method == "PATCH"
        write = ActionWriteSerializer(data=request.data, partial=partial)
        write.is_valid(raise_exception=True)
        data = {
            key: value
            for key, value in write.validated_data.items()
            if key not in ("organization", "on_behalf_of", "communities")
        }
        services.action_update(acting_user=request.user, action=action, **data)
        return Response(self._detail(action.pk))

    @extend_schema(request=ActionWriteSerializer, responses=ActionDetailSerializer)
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    submit = _transition_view("submit")
    withdraw = _transition_view("withdraw")
    accept = _transition_view("accept")
    reject = _transition_view("reject")
    approve = _transition_view("approve")
    start = _transition_view("start")
    complete = _transition_view("complete")
    suspend = _transition_view("suspend")
    resume = _transition_view("resume")

    def _require_signed_in(self, request):
        if not request.user.is_authenticated and request_api_key(request) is None:
            raise NotAuthenticated()

    @extend_schema(methods=["GET"], responses=ConsentRecordSerializer(many=True), request=None)
    @extend_schema(
        methods=["POST"], request=ConsentWriteSerializer, responses={201: ConsentRecordSerializer}
    )
    @drf_action(
        detail=True,
        methods=["get", "post"],
        url_path="consents",
        url_name="consents",
        filter_backends=[],
    )
    def consents(self, request, pk=None):
        """The consent history of every concerned community (GET, for signed-in people and
        keys); POST records a step: the community's representative, or a coordinator with a
        document (multipart)."""
        action = self.get_object()
        if request.method == "GET":
            self._require_signed_in(request)
            records = selectors.consent_records_of(action)
            page = self.paginate_queryset(records)
            return self.get_paginated_response(ConsentRecordSerializer(page, many=True).data)
        write = ConsentWriteSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        entry = services.consent_record(
            acting_user=request.user, action=action, **write.validated_data
        )
        return Response(ConsentRecordSerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses=CommentSerializer(many=True), request=None)
    @extend_schema(
        methods=["POST"], request=CommentWriteSerializer, responses={201: CommentSerializer}
    )
    @drf_action(
        detail=True,
        methods=["get", "post"],
        url_path="comments",
        url_name="comments",
        filter_backends=[],
    )
    def comments(self, request, pk=None):
        """Comments on the action (signed-in people and keys); members comment for their
        organization, facilitators on behalf of a member."""
        action = self.get_object()
        context = self.get_serializer_context()
        if request.method == "GET":
            self._require_signed_in(request)
            comments = selectors.comments_visible_to(
                user=request.user, action=action, api_key=request_api_key(request)
            )
            page = self.paginate_queryset(comments)
            return self.get_paginated_response(
                CommentSerializer(page, many=True, context=context).data
            )
        write = CommentWriteSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        comment = services.comment_create(
            acting_user=request.user,
            action=action,
            body=write.validated_data["body"],
            organization_id=write.validated_data.get("organization"),
            on_behalf_of=write.validated_data.get("on_behalf_of"),
        )
        return Response(
            CommentSerializer(comment, context=context).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(methods=["GET"], responses=ConcernedCommunitySerializer(many=True), request=None)
    @extend_schema(
        methods=["POST"],
        request=CommunityAddSerializer,
        responses={201: ConcernedCommunitySerializer},
    )
    @drf_action(
        detail=True,
        methods=["get", "post"],
        url_path="communities",
        url_name="communities",
        filter_backends=[],
    )
    def communities(self, request, pk=None):
        """The communities concerned (removed ones with their reason); POST adds one."""
        action = self.get_object()
        if request.method == "GET":
            rows = selectors.concerned_communities_of(action)
            page = self.paginate_queryset(rows)
            return self.get_paginated_response(ConcernedCommunitySerializer(page, many=True).data)
        write = CommunityAddSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        concerned = services.concerned_community_add(
            acting_user=request.user, action=action, community=write.validated_data["community"]
        )
        return Response(
            ConcernedCommunitySerializer(concerned).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=ReasonRequiredSerializer, responses=ConcernedCommunitySerializer)
    @drf_action(
        detail=True,
        methods=["post"],
        url_path=r"communities/(?P<community_pk>[0-9]+)/remove",
        url_name="community-remove",
    )
    def remove_community(self, request, pk=None, community_pk=None):
        """A coordinator removes a concerned community, with a reason."""
        action = self.get_object()
        concerned = (
            ConcernedCommunity.objects.filter(action=action, community_id=community_pk)
            .select_related("community")
            .first()
        )
        if concerned is None:
            from django.http import Http404

            raise Http404
        payload = ReasonRequiredSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        concerned = services.concerned_community_remove(
            acting_user=request.user,
            action=action,
            community=concerned.community,
            reason=payload.validated_data["reason"],
        )
        return Response(ConcernedCommunitySerializer(concerned).data)
