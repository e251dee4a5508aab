from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from lap.api.permissions import SignedInUser
from lap.api.rounds.filters import RoundFilter
from lap.api.rounds.serializers import (
    ActionResultSerializer,
    ParticipationSerializer,
    RoundPatchSerializer,
    RoundSerializer,
    RoundWriteSerializer,
    ScoreSerializer,
    ScoresWriteSerializer,
)
from lap.api.strict import json_parsers
from lap.models import Action
from lap.selectors import rounds as selectors
from lap.services import rounds as services
from stakeholders.acting import resolve_on_behalf_of


class RoundViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Prioritization rounds: criteria, sector weights, candidates; coordinators run them.

    Results are computed when a round closes: coordinators see them from then, everyone else once
    published; while a round is open nobody sees results, only coordinators see how many persons
    of each sector have scored (`participation`). Scores are private to their author.
    """

    api_scope = "plan"
    serializer_class = RoundSerializer
    # Criteria, sector weights and score lists are nested: JSON bodies only.
    parser_classes = json_parsers()
    ordering_fields = ["created_at", "name", "state"]
    ordering = ["-created_at", "-id"]
    filterset_class = RoundFilter

    def get_queryset(self):
        return selectors.rounds_visible_to(self.request.user).prefetch_related("candidates")

    def _round(self):
        # DRF's get_object_or_404: an id that is not a number ("null,null") is a 404, not a 500.
        return get_object_or_404(
            selectors.rounds_visible_to(self.request.user), pk=self.kwargs["pk"]
        )

    def _fresh(self, round_):
        return self.get_queryset().get(pk=round_.pk)

    @extend_schema(request=RoundWriteSerializer, responses={201: RoundSerializer})
    def create(self, request, *args, **kwargs):
        write = RoundWriteSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        data = dict(write.validated_data)
        candidate_ids = data.pop("candidates", [])
        candidates = list(Action.objects.filter(pk__in=candidate_ids))
        if len(candidates) != len(set(candidate_ids)):
            raise exceptions.ValidationError(
                {"candidates": [_("Some of these actions do not exist.")]}
            )
        if "criteria" in data:
            data["criteria"] = [dict(item) for item in data["criteria"]]
        round_ = services.round_create(acting_user=request.user, candidates=candidates, **data)
        return Response(RoundSerializer(self._fresh(round_)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=RoundPatchSerializer,
        responses={
            200: RoundSerializer,
            400: OpenApiResponse(
                description="Refused whole (bad value, or the round is no longer a draft)"
            ),
            401: OpenApiResponse(description="Not signed in"),
            403: OpenApiResponse(description="Only coordinators set rounds up"),
            404: OpenApiResponse(description="No such round (drafts are seen by coordinators)"),
        },
        description=(
            "Set a draft round up: name, description, dates, quorum, criteria (the whole list), "
            "sector weights (the sectors sent) and candidates (the whole list). Only the fields "
            "sent change, in one transaction: a refused part changes nothing."
        ),
    )
    def partial_update(self, request, pk=None):
        round_ = self._round()
        write = RoundPatchSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        data = dict(write.validated_data)
        if "candidates" in data:
            candidate_ids = data["candidates"]
            candidates = list(Action.objects.filter(pk__in=candidate_ids))
            if len(candidates) != len(set(candidate_ids)):
                raise exceptions.ValidationError(
                    {"candidates": [_("Some of these actions do not exist.")]}
                )
            data["candidates"] = candidates
        if "criteria" in data:
            data["criteria"] = [dict(item) for item in data["criteria"]]
        round_ = services.round_configure(acting_user=request.user, round=round_, **data)
        return Response(RoundSerializer(self._fresh(round_)).data)

    def _transition(self, service):
        round_ = service(acting_user=self.request.user, round=self._round())
        return Response(RoundSerializer(self._fresh(round_)).data)

    @extend_schema(request=None, responses=RoundSerializer)
    @action(detail=True, methods=["post"], permission_classes=[SignedInUser])
    def open(self, request, pk=None):
        """Open the round for scoring (criteria, weights, quorum and candidates freeze)."""
        return self._transition(services.round_open)

    @extend_schema(request=None, responses=RoundSerializer)
    @action(detail=True, methods=["post"], permission_classes=[SignedInUser])
    def close(self, request, pk=None):
        """Close scoring; the results are computed for the coordinators."""
        return self._transition(services.round_close)

    @extend_schema(request=None, responses=RoundSerializer)
    @action(detail=True, methods=["post"], permission_classes=[SignedInUser])
    def publish(self, request, pk=None):
        """Publish the results as a frozen snapshot."""
        return self._transition(services.round_publish)

    @extend_schema(
        request=None,
        responses={
            200: RoundSerializer,
            400: OpenApiResponse(
                description="Refused: the round is open (no results before it closes) or its "
                "published snapshot is ready"
            ),
        },
    )
    @action(detail=True, methods=["post"], permission_classes=[SignedInUser])
    def recompute(self, request, pk=None):
        """Compute the results again: of a closed round, or of a published round whose snapshot
        is not ready. Refused while the round is open: nobody sees results before it closes."""
        return self._transition(services.round_recompute)

    @extend_schema(
        responses={
            200: ParticipationSerializer(many=True),
            401: OpenApiResponse(description="Not signed in"),
            403: OpenApiResponse(description="Only coordinators see who has scored"),
            404: OpenApiResponse(description="No such round"),
        },
        description=(
            "Per candidate action, how many persons of each taking-part sector have scored it: "
            "counts, never values (coordinators; what they see of an open round)."
        ),
    )
    @action(detail=True, methods=["get"], permission_classes=[SignedInUser], filter_backends=[])
    def participation(self, request, pk=None):
        round_ = self._round()
        if not selectors.can_see_participation(request.user, round_):
            raise exceptions.PermissionDenied(_("Only coordinators see who has scored."))
        page = self.paginate_queryset(selectors.candidates_of(round_))
        lines = selectors.scoring_participation(user=request.user, round_=round_, candidates=page)
        return self.get_paginated_response(ParticipationSerializer(lines, many=True).data)

    @extend_schema(
        methods=["GET"],
        responses=ScoreSerializer(many=True),
        description="The caller's own scores in the round (nobody else's).",
    )
    @extend_schema(
        methods=["POST"],
        request=ScoresWriteSerializer,
        responses={
            201: ScoreSerializer(many=True),
            400: OpenApiResponse(description="Refused whole"),
        },
        description=(
            "A list of {action, criterion, value} (or an object with `scores`, `on_behalf_of` "
            "and `organization`): saved whole or refused whole; a new score replaces the old."
        ),
    )
    @action(
        detail=True, methods=["get", "post"], permission_classes=[SignedInUser], filter_backends=[]
    )
    def scores(self, request, pk=None):
        round_ = self._round()
        if request.method == "GET":
            page = self.paginate_queryset(selectors.own_scores(user=request.user, round_=round_))
            return self.get_paginated_response(ScoreSerializer(page, many=True).data)
        body = request.data
        if isinstance(body, list):
            body = {"scores": body}
        write = ScoresWriteSerializer(data=body)
        write.is_valid(raise_exception=True)
        data = write.validated_data
        services.scores_submit(
            acting_user=request.user,
            round=round_,
            scores=[dict(item) for item in data["scores"]],
            on_behalf_of=data.get("on_behalf_of"),
            organization_id=data.get("organization"),
        )
        person, _entered_by = resolve_on_behalf_of(
            user=request.user, on_behalf_of=data.get("on_behalf_of")
        )
        saved = selectors.scores_entered_by(viewer=request.user, person=person, round_=round_)
        saved = saved.filter(action_id__in={item["action"] for item in data["scores"]})
        return Response(ScoreSerializer(saved, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={
            200: ActionResultSerializer(many=True),
            400: OpenApiResponse(description="The results are not computed yet"),
            403: OpenApiResponse(
                description="No results of an open round (anyone); of a closed round, "
                "coordinators only"
            ),
            404: OpenApiResponse(description="No such round"),
        }
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def results(self, request, pk=None):
        """Each candidate's rank (null when insufficient), B, C, R, sector scores and persons."""
        round_ = self._round()
        if round_.state in ("draft", "open"):
            raise exceptions.PermissionDenied(
                _("No results while a round is open: they are computed when it closes.")
            )
        if not selectors.can_see_results(request.user, round_):
            raise exceptions.PermissionDenied(_("The results of this round are not published yet."))
        if not selectors.results_ready(round_):
            raise exceptions.ValidationError(
                {"detail": _("The results are not computed yet; try again in a moment.")}
            )
        page = self.paginate_queryset(selectors.round_results(user=request.user, round_=round_))
        return self.get_paginated_response(ActionResultSerializer(page, many=True).data)
