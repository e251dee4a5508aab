"""Reads about actions, shared by pages and the API, filtered to what each person may see.

Who sees what (DESIGN.md): everyone sees actions from `accepted` onwards; signed-in people also
see submitted (and rejected) ones and comments; drafts only the proposing organization's
members, the facilitator who entered them and coordinators. A withdrawn action stays as visible
as it was before its withdrawal.
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from django.db.models import Prefetch, Q, QuerySet

from lap.models.actions import (
    CONSENT_GIVEN_STATES,
    Action,
    ActionComment,
    ActionState,
    ActionTransition,
    ConcernedCommunity,
    ConsentRecord,
)
from stakeholders.models import Membership, MembershipStatus
from territory.models import District

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from lap.models.objectives import Objective
    from stakeholders.models import ApiKey, User
    from territory.models import IndigenousCommunity

    Person = User | AnonymousUser

PUBLIC_STATES = (
    ActionState.ACCEPTED,
    ActionState.APPROVED,
    ActionState.IN_PROGRESS,
    ActionState.COMPLETED,
    ActionState.SUSPENDED,
)
SIGNED_IN_STATES = (*PUBLIC_STATES, ActionState.SUBMITTED, ActionState.REJECTED)


def sees_everything(user: "Person") -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and (getattr(user, "is_coordinator", False) or user.is_superuser)
    )


def _signed_in(user: "Person", api_key: "ApiKey | None") -> bool:
    # A partner key sees what an outsider sees (within its scopes, checked by the API).
    return api_key is not None or bool(getattr(user, "is_authenticated", False))


def _visibility(user: "Person", api_key: "ApiKey | None" = None) -> Q:
    public = Q(state__in=PUBLIC_STATES) | Q(state=ActionState.WITHDRAWN, accepted_at__isnull=False)
    if not _signed_in(user, api_key):
        return public
    signed_in = (
        public
        | Q(state__in=SIGNED_IN_STATES)
        | Q(state=ActionState.WITHDRAWN, submitted_at__isnull=False)
    )
    if not getattr(user, "is_authenticated", False):
        return signed_in
    # The person's own organizations as a small subquery of memberships, not a join of every
    # action with its organization's members (which scanned all actions on every page).
    person = cast("User", user)  # signed in (above)
    own_organizations = Membership.objects.filter(
        user=person, status=MembershipStatus.ACTIVE
    ).values("organization_id")
    own = Q(proposing_organization_id__in=own_organizations) | Q(entered_by=person)
    return signed_in | own


def actions_visible_to(user: "Person", *, api_key: "ApiKey | None" = None) -> "QuerySet[Action]":
    """Actions the person, visitor or partner key may see, ready to list."""
    actions = Action.objects.select_related(
        "objective", "proposing_organization", "proposer", "entered_by"
    ).prefetch_related(
        # What lists show of a district: never its boundary (kilobytes of GeoJSON each).
        Prefetch("districts", queryset=District.objects.only("id", "ubigeo", "name")),
        "responsible_organizations",
    )
    if sees_everything(user):
        return actions
    return actions.filter(_visibility(user, api_key))


# What the API's list reads of an action, as plain values (ActionSerializer's fields).
ACTION_ROW_FIELDS = (
    "id",
    "title",
    "description",
    "objective_id",
    "objective__code",
    "crops",
    "starts_on",
    "ends_on",
    "estimated_cost_pen",
    "state",
    "suspended_from",
    "proposing_organization_id",
    "proposing_organization__name",
    "proposer__first_name",
    "proposer__last_name",
    "proposer__username",
    "entered_by__first_name",
    "entered_by__last_name",
    "entered_by__username",
    "submitted_at",
    "accepted_at",
    "created_at",
    "updated_at",
)


def action_rows(ids: "Sequence[int]") -> list[dict[str, Any]]:
    """The actions with these ids as plain rows in the ids' order, each with the ids of its
    districts (by ubigeo) and responsible organizations (by name) in `district_ids` and
    `responsible_organization_ids`; for ids already taken from a visible list.

    The API's list pages by ids first (an index scan in the list's order), then reads only
    those rows: sorting every visible action joined with its people and organizations spilled
    to disk (25 ms a page at 10,000 actions), and building models with prefetched relations for
    a page was half of its time."""
    rows = {row["id"]: row for row in Action.objects.filter(pk__in=ids).values(*ACTION_ROW_FIELDS)}
    for row in rows.values():
        row["district_ids"], row["responsible_organization_ids"] = [], []
    districts = Action.districts.through.objects.filter(action_id__in=ids)
    for action_id, district_id in districts.order_by("district__ubigeo").values_list(
        "action_id", "district_id"
    ):
        rows[action_id]["district_ids"].append(district_id)
    responsible = Action.responsible_organizations.through.objects.filter(action_id__in=ids)
    for action_id, organization_id in responsible.order_by(
        "organization__name", "organization_id"
    ).values_list("action_id", "organization_id"):
        rows[action_id]["responsible_organization_ids"].append(organization_id)
    return [rows[pk] for pk in ids if pk in rows]


def action_list(
    *,
    user: "Person",
    api_key: "ApiKey | None" = None,
    objective: "Objective | None" = None,
    district: "District | None" = None,
    sector: str | None = None,
    state: str | None = None,
    query: str = "",
) -> "QuerySet[Action]":
    actions = actions_visible_to(user, api_key=api_key)
    if objective:
        actions = actions.filter(objective=objective)
    if district:
        actions = actions.filter(districts=district)
    if sector:
        actions = actions.filter(proposing_organization__sector=sector)
    if state:
        actions = actions.filter(state=state)
    if query:
        actions = actions.filter(Q(title__icontains=query) | Q(description__icontains=query))
    if district:
        actions = actions.distinct()
    return actions


def actions_in_district(*, district: "District", user: "Person") -> "QuerySet[Action]":
    """The actions of one district that the person may see (for the district page)."""
    return actions_visible_to(user).filter(districts=district).distinct()


def review_queue(*, user: "Person") -> "QuerySet[Action]":
    """What waits for a coordinator: submitted actions to accept or reject, accepted ones to
    approve, suspended ones to resume; oldest first."""
    return (
        actions_visible_to(user)
        .filter(state__in=[ActionState.SUBMITTED, ActionState.ACCEPTED, ActionState.SUSPENDED])
        .prefetch_related(_concerned_prefetch())
        .order_by("updated_at", "id")
    )


def _concerned_prefetch() -> "Prefetch[str, QuerySet[ConcernedCommunity], str]":
    return Prefetch(
        "concerned_communities",
        queryset=ConcernedCommunity.objects.select_related(
            "community__district", "community__organization", "consent", "removed_by"
        ).order_by("community__name"),
    )


def action_detail(*, user: "Person", pk: int | str, api_key: "ApiKey | None" = None) -> Action:
    """One visible action with everything its page shows; raises Action.DoesNotExist."""
    return (
        actions_visible_to(user, api_key=api_key)
        .select_related("objective")
        .prefetch_related(
            "responsible_organizations",
            _concerned_prefetch(),
            Prefetch(
                "transitions",
                queryset=ActionTransition.objects.select_related(
                    "actor", "entered_by", "organization"
                ),
            ),
        )
        .get(pk=pk)
    )


def concerned_communities_of(action: Action) -> "QuerySet[ConcernedCommunity]":
    """Every concerned community row of an action, removed ones included (they show why)."""
    return (
        ConcernedCommunity.objects.filter(action=action)
        .select_related("community__district", "community__organization", "consent", "removed_by")
        .order_by("removed_at", "community__name")
    )


def missing_consent(action: Action) -> "list[IndigenousCommunity]":
    """The concerned communities (not removed) without consent or consent with conditions."""
    return [
        concerned.community
        for concerned in ConcernedCommunity.objects.filter(action=action, removed_at__isnull=True)
        .exclude(consent__state__in=CONSENT_GIVEN_STATES)
        .select_related("community")
        .order_by("community__name")
    ]


def consent_records_of(action: Action) -> "QuerySet[ConsentRecord]":
    return (
        ConsentRecord.objects.filter(process__concerned__action=action)
        .select_related("process__concerned__community", "recorded_by", "organization")
        .order_by("created_at", "id")
    )


def comments_visible_to(
    *, user: "Person", action: Action, api_key: "ApiKey | None" = None
) -> "QuerySet[ActionComment]":
    """Comments are for signed-in people and partner keys (DESIGN.md "Who sees what")."""
    if not _signed_in(user, api_key):
        return ActionComment.objects.none()
    return (
        ActionComment.objects.filter(action=action)
        .select_related("author", "organization", "entered_by")
        .order_by("created_at", "id")
    )
