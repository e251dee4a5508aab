"""Every write about actions: proposing, editing, the lifecycle, comments and consent (FPIC).

Keyword-only, atomic, permission-checked, audited; e-mails are enqueued on commit. The
transition table of DESIGN.md "Actions" is `TRANSITIONS` below; the consent (FPIC) one is
`CONSENT_TRANSITIONS` (where a process may go) with `CONSENT_STEPS` (what each state needs and
does), applied by `consent_step` in `consent_record`.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lap import limits
from lap.audit import Changes, Verb, record
from lap.documents import validate_document
from lap.models.actions import (
    CONSENT_GIVEN_STATES,
    OPEN_STATES,
    Action,
    ActionComment,
    ActionState,
    ActionTransition,
    CommunityOrigin,
    ConcernedCommunity,
    ConsentProcess,
    ConsentRecord,
    ConsentState,
)
from lap.models.objectives import Objective
from lap.selectors.actions import actions_visible_to, missing_consent
from lap.services.kit import locked, require, update_model
from stakeholders.acting import resolve_author
from stakeholders.models import MembershipStatus, Organization, User
from stakeholders.rules import is_representative_of
from territory.models import Crop, District, IndigenousCommunity

if TYPE_CHECKING:
    from celery import Task
    from django_stubs_ext import StrOrPromise

S = ActionState


@dataclass(frozen=True)
class Transition:
    from_states: tuple[ActionState, ...]
    to_state: ActionState | None  # None: back to the state it was suspended from
    permission: str
    label: "StrOrPromise"
    reason_required: bool = False
    needs_consent: bool = False


TRANSITIONS: dict[str, Transition] = {
    "submit": Transition((S.DRAFT,), S.SUBMITTED, "lap.submit_action", gettext_lazy("submitted")),
    "withdraw": Transition(
        (S.DRAFT, S.SUBMITTED, S.ACCEPTED),
        S.WITHDRAWN,
        "lap.withdraw_action",
        gettext_lazy("withdrawn"),
        reason_required=True,
    ),
    "accept": Transition((S.SUBMITTED,), S.ACCEPTED, "lap.accept_action", gettext_lazy("accepted")),
    "reject": Transition(
        (S.SUBMITTED,),
        S.REJECTED,
        "lap.reject_action",
        gettext_lazy("rejected"),
        reason_required=True,
    ),
    "approve": Transition(
        (S.ACCEPTED,),
        S.APPROVED,
        "lap.approve_action",
        gettext_lazy("approved"),
        needs_consent=True,
    ),
    "start": Transition((S.APPROVED,), S.IN_PROGRESS, "lap.start_action", gettext_lazy("started")),
    "complete": Transition(
        (S.IN_PROGRESS,), S.COMPLETED, "lap.complete_action", gettext_lazy("completed")
    ),
    "suspend": Transition(
        (S.APPROVED, S.IN_PROGRESS),
        S.SUSPENDED,
        "lap.suspend_action",
        gettext_lazy("suspended"),
        reason_required=True,
    ),
    "resume": Transition(
        (S.SUSPENDED,), None, "lap.resume_action", gettext_lazy("resumed"), needs_consent=True
    ),
}
VERBS = tuple(TRANSITIONS)

EDITABLE_STATES = (S.DRAFT, S.SUBMITTED)
ACTION_FIELDS = (
    "title",
    "description",
    "objective",
    "starts_on",
    "ends_on",
    "estimated_cost_pen",
    "crops",
)


def _on_commit(task: "Task[[int], None]", pk: int) -> None:
    """Enqueue `task(pk)` once the transaction commits."""
    # celery-types 0.26 does not know Task.delay_on_commit (Celery 5.4).
    task.delay_on_commit(pk)  # type: ignore[attr-defined]


def _clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    title = (fields.get("title") or "").strip()
    if not title:
        errors["title"] = _("An action needs a title.")
    if not (fields.get("description") or "").strip():
        errors["description"] = _("Describe the action.")
    if fields.get("objective") is None:
        errors["objective"] = _("Choose the objective the action serves.")
    crops = list(fields.get("crops") or [])
    if any(crop not in Crop.values for crop in crops):
        errors["crops"] = _("Choose crops from the list.")
    starts_on, ends_on = fields.get("starts_on"), fields.get("ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("The end cannot come before the start.")
    cost = fields.get("estimated_cost_pen")
    if cost is not None and Decimal(cost) < 0:
        errors["estimated_cost_pen"] = _("The estimated cost cannot be negative.")
    if errors:
        raise ValidationError(errors)
    return {
        **fields,
        "title": title,
        "description": fields["description"].strip(),
        "crops": sorted(set(crops)),
    }


def _sync_concerned_communities(action: Action, *, acting_user: User) -> list[IndigenousCommunity]:
    """Recompute the communities derived from the districts, keeping hand additions and
    recorded removals. A derived community whose district left the action goes away only while
    its consent process has no record (a started process is kept: a coordinator may remove it
    with a reason). Returns the communities newly concerned."""
    wanted = set(
        IndigenousCommunity.objects.filter(district__in=action.districts.all()).values_list(
            "pk", flat=True
        )
    )
    existing = {
        concerned.community_id: concerned
        for concerned in ConcernedCommunity.objects.filter(action=action).select_related("consent")
    }
    added = []
    for community_id in sorted(wanted - set(existing)):
        concerned = ConcernedCommunity.objects.create(
            action=action, community_id=community_id, origin=CommunityOrigin.DISTRICT
        )
        ConsentProcess.objects.create(concerned=concerned)
        added.append(concerned.community)
    for community_id, concerned in existing.items():
        if (
            community_id not in wanted
            and concerned.origin == CommunityOrigin.DISTRICT
            and not concerned.is_removed
            and not ConsentRecord.objects.filter(process__concerned=concerned).exists()
        ):
            concerned.delete()
    return added


def _suspend_for_new_communities(
    action: Action, communities: Iterable[IndigenousCommunity], *, actor: User
) -> None:
    """An approved or running action that gains a concerned community without consent is
    suspended at once (DESIGN.md: it cannot go on while any concerned community lacks consent);
    it resumes only once that consent is recorded. The coordinators and the proposer are told."""
    if action.state not in (S.APPROVED, S.IN_PROGRESS):
        return
    missing = {community.pk for community in missing_consent(action)}
    newcomers = [community for community in communities if community.pk in missing]
    if not newcomers:
        return
    transition = _apply(
        action,
        verb="suspend",
        actor=actor,
        reason=_("A community was added whose consent is not recorded yet: %(communities)s.")
        % {"communities": ", ".join(community.name for community in newcomers)},
        automatic=True,
    )
    from lap.tasks.actions import notify_consent_suspension

    _on_commit(notify_consent_suspension, transition.pk)


def _add_communities(
    action: Action, communities: Iterable[IndigenousCommunity], *, acting_user: User
) -> list[IndigenousCommunity]:
    added = []
    for community in communities:
        concerned, created = ConcernedCommunity.objects.get_or_create(
            action=action,
            community=community,
            defaults={"origin": CommunityOrigin.ADDED, "added_by": acting_user},
        )
        if created:
            ConsentProcess.objects.create(concerned=concerned)
            added.append(community)
        elif concerned.is_removed:
            concerned.removed_at = None
            concerned.removed_by = None
            concerned.removal_reason = ""
            concerned.added_by = acting_user
            concerned.save(update_fields=["removed_at", "removed_by", "removal_reason", "added_by"])
            added.append(community)
    return added


def _check_districts(districts: Iterable[District] | None) -> list[District]:
    districts = list(districts or [])
    if not districts:
        raise ValidationError({"districts": _("Choose at least one district.")})
    return districts


@transaction.atomic
def action_create(
    *,
    acting_user: User,
    title: str,
    description: str,
    objective: Objective,
    districts: Iterable[District],
    crops: Iterable[str] = (),
    responsible_organizations: Iterable[Organization] = (),
    communities: Iterable[IndigenousCommunity] = (),
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    estimated_cost_pen: Decimal | None = None,
    organization_id: int | str | None = None,
    on_behalf_of: User | int | str | None = None,
) -> Action:
    """A member proposes a draft for their organization (a facilitator: for a named member)."""
    require("lap.propose_action", acting_user)
    proposer, entered_by, organization = resolve_author(
        acting_user=acting_user, on_behalf_of=on_behalf_of, organization_id=organization_id
    )
    fields = _clean_fields(
        {
            "title": title,
            "description": description,
            "objective": objective,
            "crops": crops,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "estimated_cost_pen": estimated_cost_pen,
        }
    )
    districts = _check_districts(districts)
    action = Action.objects.create(
        **fields,
        proposer=proposer,
        proposing_organization=organization,
        entered_by=entered_by,
        state=ActionState.DRAFT,
    )
    action.districts.set(districts)
    action.responsible_organizations.set(list(responsible_organizations or []))
    _sync_concerned_communities(action, acting_user=acting_user)
    _add_communities(action, communities or [], acting_user=acting_user)
    record(
        actor=proposer,
        entered_by=entered_by,
        organization=organization,
        verb=Verb.ACTION_CREATE,
        target=action,
        changes={
            **fields,
            "districts": districts,
            "responsible_organizations": list(responsible_organizations or []),
        },
    )
    return action


@transaction.atomic
def action_update(*, acting_user: User, action: Action, **fields: Any) -> Action:
    """Edit an action while it is a draft or submitted (coordinators: while it is open)."""
    unknown = set(fields) - {*ACTION_FIELDS, "districts", "responsible_organizations"}
    if unknown:
        raise ValueError(f"Not action fields: {sorted(unknown)}")
    action = locked(action)
    require("lap.edit_action", acting_user, action)
    editable = OPEN_STATES if acting_user.has_perm("lap.review_actions") else EDITABLE_STATES
    if action.state not in editable:
        raise ValidationError(
            _("An action that is “%(state)s” can no longer be edited.")
            % {"state": action.get_state_display()}
        )
    current = {name: getattr(action, name) for name in ACTION_FIELDS}
    data = _clean_fields({**current, **{k: v for k, v in fields.items() if k in ACTION_FIELDS}})
    # The many-to-many sets are written here and recorded in the same audit event.
    extra: Changes = {}
    if "districts" in fields:
        districts = _check_districts(fields["districts"])
        old = sorted(action.districts.values_list("pk", flat=True))
        new = sorted(district.pk for district in districts)
        if old != new:
            action.districts.set(districts)
            extra["districts"] = [old, new]
            added = _sync_concerned_communities(action, acting_user=acting_user)
            _suspend_for_new_communities(action, added, actor=acting_user)
    if "responsible_organizations" in fields:
        old = sorted(action.responsible_organizations.values_list("pk", flat=True))
        new = sorted(org.pk for org in fields["responsible_organizations"])
        if old != new:
            action.responsible_organizations.set(fields["responsible_organizations"])
            extra["responsible_organizations"] = [old, new]
    action, changes = update_model(
        instance=action,
        fields=ACTION_FIELDS,
        data=data,
        acting_user=acting_user,
        verb=Verb.ACTION_UPDATE,
        organization=action.proposing_organization,
        extra_changes=extra,
    )
    if not any(name in changes for name in ACTION_FIELDS):
        # Every edit touches the action, as when all its fields were saved each time.
        action.save(update_fields=["updated_at"])
    return action


# --- Lifecycle ---------------------------------------------------------------------------------


def _missing_consent_error(missing: list[IndigenousCommunity]) -> ValidationError:
    return ValidationError(
        _("Consent is still missing from these communities: %(communities)s.")
        % {"communities": ", ".join(community.name for community in missing)},
        code="consent_missing",
    )


def _apply(
    action: Action, *, verb: str, actor: User, reason: str = "", automatic: bool = False
) -> ActionTransition:
    """Move a locked action and record the transition (the checks are the caller's)."""
    spec = TRANSITIONS[verb]
    from_state = action.state
    # An action suspended before suspensions were tracked resumes to approved, the cautious choice.
    to_state = spec.to_state or action.suspended_from or S.APPROVED
    now = timezone.now()
    action.state = to_state
    action.suspended_from = from_state if to_state == S.SUSPENDED else ""
    if to_state == S.SUBMITTED and action.submitted_at is None:
        action.submitted_at = now
    if to_state == S.ACCEPTED and action.accepted_at is None:
        action.accepted_at = now
    action.save(
        update_fields=["state", "suspended_from", "submitted_at", "accepted_at", "updated_at"]
    )
    organization = None
    if not automatic and not actor.is_coordinator:
        organization = action.proposing_organization
        if verb in ("start", "complete"):
            organization = (
                action.responsible_organizations.filter(
                    memberships__user=actor, memberships__status=MembershipStatus.ACTIVE
                ).first()
                or organization
            )
    entered_by = None
    if verb == "submit" and action.entered_by_id == actor.pk and actor.pk != action.proposer_id:
        # The facilitator submits what they entered for the member: both are recorded.
        actor, entered_by = action.proposer, actor
    transition = ActionTransition.objects.create(
        action=action,
        verb=verb,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        entered_by=entered_by,
        organization=organization,
        reason=reason,
        automatic=automatic,
    )
    record(
        actor=actor,
        entered_by=entered_by,
        verb=Verb(f"action.{verb}"),
        target=action,
        organization=organization,
        changes={"state": [from_state, to_state], **({"reason": reason} if reason else {})},
    )
    # The proposer hears of what others do; an automatic suspension is told by the consent
    # withdrawal e-mail instead.
    if not automatic and (actor.pk != action.proposer_id or entered_by is not None):
        from lap.tasks.actions import notify_proposer_of_transition

        _on_commit(notify_proposer_of_transition, transition.pk)
    return transition


@transaction.atomic
def action_transition(*, acting_user: User, action: Action, verb: str, reason: str = "") -> Action:
    """Apply one verb of the transition table; refuse with a clear message, changing nothing."""
    if verb not in TRANSITIONS:
        raise ValidationError(_("Unknown transition."))
    spec = TRANSITIONS[verb]
    # Lock the row: two coordinators clicking at once must not both move it.
    action = locked(action)
    require(spec.permission, acting_user, action)
    if action.state not in spec.from_states:
        raise ValidationError(
            _("An action that is “%(state)s” cannot be %(verb)s.")
            % {"state": action.get_state_display(), "verb": spec.label},
            code="invalid_state",
        )
    reason = (reason or "").strip()
    limits.check(reason=(reason, limits.REASON))
    if spec.reason_required and not reason:
        raise ValidationError({"reason": _("Say why: a reason is required.")})
    if spec.needs_consent:
        missing = missing_consent(action)
        if missing:
            raise _missing_consent_error(missing)
    _apply(action, verb=verb, actor=acting_user, reason=reason)
    return action


class VerbService(Protocol):
    def __call__(self, *, acting_user: User, action: Action, reason: str = "") -> Action: ...


def _verb_service(verb: str) -> VerbService:
    def service(*, acting_user: User, action: Action, reason: str = "") -> Action:
        return action_transition(acting_user=acting_user, action=action, verb=verb, reason=reason)

    service.__name__ = f"action_{verb}"
    service.__doc__ = f"The `{verb}` transition (see TRANSITIONS)."
    return service


action_submit = _verb_service("submit")
action_withdraw = _verb_service("withdraw")
action_accept = _verb_service("accept")
action_reject = _verb_service("reject")
action_approve = _verb_service("approve")
action_start = _verb_service("start")
action_complete = _verb_service("complete")
action_suspend = _verb_service("suspend")
action_resume = _verb_service("resume")


# --- Comments ----------------------------------------------------------------------------------


@transaction.atomic
def comment_create(
    *,
    acting_user: User,
    action: Action,
    body: str,
    organization_id: int | str | None = None,
    on_behalf_of: User | int | str | None = None,
) -> ActionComment:
    require("lap.comment_action", acting_user, action)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a comment.")})
    limits.check(body=(body, limits.COMMENT))
    author, entered_by, organization = resolve_author(
        acting_user=acting_user,
        on_behalf_of=on_behalf_of,
        organization_id=organization_id,
        optional=bool(acting_user.is_coordinator or acting_user.is_superuser),
    )
    comment = ActionComment.objects.create(
        action=action, author=author, organization=organization, entered_by=entered_by, body=body
    )
    record(
        actor=author,
        entered_by=entered_by,
        organization=organization,
        verb=Verb.ACTION_COMMENT,
        target=action,
        changes={"comment": comment.pk},
    )
    return comment


# --- Concerned communities ---------------------------------------------------------------------


@transaction.atomic
def concerned_community_add(
    *, acting_user: User, action: Action, community: IndigenousCommunity
) -> ConcernedCommunity:
    action = locked(action)
    require("lap.add_concerned_community", acting_user, action)
    if action.state not in OPEN_STATES:
        raise ValidationError(_("Communities can only be added to an open action."))
    concerned = ConcernedCommunity.objects.filter(action=action, community=community).first()
    if concerned is not None and not concerned.is_removed:
        raise ValidationError({"community": _("This community is already concerned.")})
    added = _add_communities(action, [community], acting_user=acting_user)
    record(
        actor=acting_user,
        verb=Verb.ACTION_COMMUNITY_ADD,
        target=action,
        changes={"community": community.pk},
    )
    _suspend_for_new_communities(action, added, actor=acting_user)
    return ConcernedCommunity.objects.select_related("community", "consent").get(
        action=action, community=community
    )


@transaction.atomic
def concerned_community_remove(
    *, acting_user: User, action: Action, community: IndigenousCommunity, reason: str
) -> ConcernedCommunity:
    """A coordinator removes a community from an action, always with a recorded reason."""
    action = locked(action)
    require("lap.remove_concerned_community", acting_user, action)
    concerned = ConcernedCommunity.objects.filter(
        action=action, community=community, removed_at__isnull=True
    ).first()
    if concerned is None:
        raise ValidationError({"community": _("This community is not concerned by the action.")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the community is not concerned.")})
    concerned.removed_at = timezone.now()
    concerned.removed_by = acting_user
    concerned.removal_reason = reason
    concerned.save(update_fields=["removed_at", "removed_by", "removal_reason"])
    record(
        actor=acting_user,
        verb=Verb.ACTION_COMMUNITY_REMOVE,
        target=action,
        changes={"community": community.pk, "reason": reason},
    )
    return concerned


# --- Consent (FPIC) ----------------------------------------------------------------------------

CONSENT_FIELDS = ("information_shared_on", "assembly_date", "decided_on", "languages", "conditions")
C = ConsentState


@dataclass(frozen=True)
class ConsentFrom:
    """Where a consent process may go from one state; any other state is refused with
    `refusal` (which may name the state asked for as %(state)s)."""

    to_states: frozenset[ConsentState]
    refusal: "StrOrPromise"


@dataclass(frozen=True)
class ConsentTo:
    """What recording a state needs and what it does to an approved or running action."""

    # {field: message}: the field must have a value (given now or recorded before).
    required: Mapping[str, "StrOrPromise"] = field(default_factory=dict)
    # The reason of the automatic suspension of an approved or running action (%(community)s,
    # %(state)s); None: the action goes on.
    suspends: "StrOrPromise | None" = None
    # The coordinators and the proposer are told of the withdrawal, whatever the action's state
    # (the e-mail also tells of the suspension).
    tells_withdrawal: bool = False


_BEFORE_GIVEN = ConsentFrom(
    frozenset(C) - {C.WITHDRAWN},
    gettext_lazy("Only consent that was given can be withdrawn."),
)
# Given consent is taken back only by a withdrawal, which suspends a running action.
_GIVEN = ConsentFrom(
    frozenset({*CONSENT_GIVEN_STATES, C.WITHDRAWN}),
    gettext_lazy(
        "This community has given its consent: it can only be withdrawn, "
        "not moved back to “%(state)s”."
    ),
)
# DESIGN.md "Actions" (FPIC), from the state a process is in to the states it may be recorded
# in. Who records, the same for every step: a representative of the community's organization,
# or a coordinator with the community's document (lap.record_consent and consent_record).
CONSENT_TRANSITIONS: dict[ConsentState, ConsentFrom] = {
    C.PENDING: _BEFORE_GIVEN,
    C.INFORMATION_SHARED: _BEFORE_GIVEN,
    C.IN_DELIBERATION: _BEFORE_GIVEN,
    C.CONSENT: _GIVEN,
    C.CONSENT_WITH_CONDITIONS: _GIVEN,
    C.WITHHELD: _BEFORE_GIVEN,
    C.WITHDRAWN: _BEFORE_GIVEN,
}
# An approved or running action never goes on while a concerned community lacks consent.
_MISSING = ConsentTo(suspends=gettext_lazy("Consent of %(community)s is missing (%(state)s)."))
CONSENT_STEPS: dict[ConsentState, ConsentTo] = {
    C.PENDING: _MISSING,
    C.INFORMATION_SHARED: _MISSING,
    C.IN_DELIBERATION: _MISSING,
    C.CONSENT: ConsentTo(),
    C.CONSENT_WITH_CONDITIONS: ConsentTo(
        required={"conditions": gettext_lazy("State the conditions of the consent.")}
    ),
    C.WITHHELD: _MISSING,
    C.WITHDRAWN: ConsentTo(
        suspends=gettext_lazy("%(community)s withdrew its consent."), tells_withdrawal=True
    ),
}


def consent_step(from_state: str, to_state: str) -> ConsentTo:
    """The step from `from_state` to `to_state` of the table, or ValidationError on `state`."""
    target = ConsentState(to_state)
    allowed = CONSENT_TRANSITIONS[ConsentState(from_state)]
    if target not in allowed.to_states:
        raise ValidationError({"state": str(allowed.refusal) % {"state": target.label}})
    return CONSENT_STEPS[target]


@transaction.atomic
def consent_record(
    *,
    acting_user: User,
    action: Action,
    community: IndigenousCommunity,
    state: str,
    information_shared_on: datetime.date | None = None,
    assembly_date: datetime.date | None = None,
    decided_on: datetime.date | None = None,
    languages: str | None = None,
    conditions: str | None = None,
    notes: str = "",
    document: "File[bytes] | None" = None,
) -> ConsentRecord:
    """Record a step of a community's consent process (CONSENT_TRANSITIONS, CONSENT_STEPS).

    The recorder is a representative of the community's organization, or a coordinator with a
    document. A withdrawal of consent suspends an approved or running action at once and tells
    the coordinators and the proposer; before approval it simply blocks approval.
    """
    action = locked(action)
    # Permission first, on the community as named, so that nobody learns from the answer which
    # communities an action concerns (or that a hidden action exists).
    require("lap.record_consent", acting_user, ConcernedCommunity(community=community))
    if not actions_visible_to(acting_user).filter(pk=action.pk).exists():
        raise PermissionDenied(_("You are not allowed to do this."))
    concerned = (
        ConcernedCommunity.objects.select_related("community__organization")
        .filter(action=action, community=community, removed_at__isnull=True)
        .first()
    )
    if concerned is None:
        raise ValidationError({"community": _("This community is not concerned by the action.")})
    require("lap.record_consent", acting_user, concerned)
    organization = concerned.community.organization
    speaks_for_community = organization is not None and is_representative_of(
        acting_user, organization
    )
    if not speaks_for_community and not document:
        raise ValidationError(
            {
                "document": _(
                    "A coordinator records consent only with the community's document "
                    "(for instance the minutes of its assembly)."
                )
            }
        )
    if action.state not in OPEN_STATES:
        raise ValidationError(
            _("Consent cannot be recorded on an action that is “%(state)s”.")
            % {"state": action.get_state_display()}
        )
    if state not in ConsentState.values:
        raise ValidationError({"state": _("Choose one of the listed consent states.")})
    try:
        validate_document(document)
    except ValidationError as error:
        raise ValidationError({"document": error.messages}) from None
    process = ConsentProcess.objects.select_for_update().get(concerned=concerned)
    step = consent_step(process.state, state)
    # Dates and texts, each None when not given (the recorded value stays).
    proposed: dict[str, Any] = {
        "information_shared_on": information_shared_on,
        "assembly_date": assembly_date,
        "decided_on": decided_on,
        "languages": languages.strip() if languages is not None else None,
        "conditions": conditions.strip() if conditions is not None else None,
    }
    values = {
        name: getattr(process, name) if value is None else value for name, value in proposed.items()
    }
    today = timezone.localdate(timezone=ZoneInfo(settings.TIME_ZONE))
    if decided_on is not None and decided_on > today:
        raise ValidationError(
            {
                "decided_on": _(
                    "A decision cannot be dated after today (%(today)s): record it once it "
                    "is taken."
                )
                % {"today": date_format(today, "SHORT_DATE_FORMAT")}
            }
        )
    for name, message in step.required.items():
        if not values[name]:
            raise ValidationError({name: str(message)})
    if (
        values["information_shared_on"]
        and values["assembly_date"]
        and values["assembly_date"] < values["information_shared_on"]
    ):
        raise ValidationError(
            {"assembly_date": _("The assembly cannot come before the information was shared.")}
        )
    from_state = process.state
    entry = ConsentRecord.objects.create(
        process=process,
        from_state=from_state,
        state=state,
        notes=(notes or "").strip(),
        document=document or "",
        recorded_by=acting_user,
        organization=organization if speaks_for_community else None,
        **values,
    )
    process.state = state
    for name, value in values.items():
        setattr(process, name, value)
    process.last_record = entry
    process.save(update_fields=["state", *CONSENT_FIELDS, "last_record", "updated_at"])
    record(
        actor=acting_user,
        verb=Verb.ACTION_CONSENT,
        target=action,
        organization=entry.organization,
        changes={
            "community": concerned.community_id,
            "state": [from_state, state],
            **{name: value for name, value in proposed.items() if value is not None},
        },
    )
    _consent_consequences(action, concerned, entry, step, actor=acting_user)
    return entry


def _consent_consequences(
    action: Action,
    concerned: ConcernedCommunity,
    entry: ConsentRecord,
    step: ConsentTo,
    *,
    actor: User,
) -> None:
    """What a recorded step does to the action (CONSENT_STEPS) and who hears of it."""
    if step.suspends is not None and action.state in (S.APPROVED, S.IN_PROGRESS):
        transition = _apply(
            action,
            verb="suspend",
            actor=actor,
            reason=str(step.suspends)
            % {
                "community": concerned.community.name,
                "state": ConsentState(entry.state).label,
            },
            automatic=True,
        )
        if not step.tells_withdrawal:
            from lap.tasks.actions import notify_consent_suspension

            _on_commit(notify_consent_suspension, transition.pk)
    if step.tells_withdrawal:
        from lap.tasks.actions import notify_consent_withdrawn

        _on_commit(notify_consent_withdrawn, entry.pk)
