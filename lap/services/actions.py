"""Every write about actions: proposing, editing, the lifecycle, comments and consent (FPIC).

Keyword-only, atomic, permission-checked, audited; e-mails are enqueued on commit. The
transition table of DESIGN.md "Actions" is `TRANSITIONS` below.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lap import limits
from lap.audit import Verb, changes_between, record
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
from lap.selectors.actions import actions_visible_to, missing_consent
from stakeholders.acting import resolve_acting_organization, resolve_on_behalf_of
from stakeholders.models import MembershipStatus
from stakeholders.rules import is_representative_of
from territory.models import Crop, IndigenousCommunity

User = get_user_model()

S = ActionState


@dataclass(frozen=True)
class Transition:
    from_states: tuple
    to_state: str | None  # None: back to the state it was suspended from
    permission: str
    label: object
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


def _require(permission: str, user, obj=None) -> None:
    if not user.has_perm(permission, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


def _resolve_author(*, acting_user, on_behalf_of=None, organization_id=None, optional=False):
    """(author, entered_by, organization) for an act done for an organization.

    A facilitator names the member they act for; the member's organization is the acting one.
    """
    member, entered_by = resolve_on_behalf_of(user=acting_user, on_behalf_of=on_behalf_of)
    if entered_by is not None:
        try:
            organization = resolve_acting_organization(user=member, organization_id=organization_id)
        except PermissionDenied:
            raise ValidationError(
                {"organization": _("That person is not an active member of this organization.")}
            ) from None
        return member, entered_by, organization
    try:
        organization = resolve_acting_organization(
            user=acting_user, organization_id=organization_id
        )
    except PermissionDenied:
        if optional and organization_id in (None, ""):
            return acting_user, None, None
        raise
    return acting_user, None, organization


def _clean_fields(fields: dict) -> dict:
    errors = {}
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


def _sync_concerned_communities(action: Action, *, acting_user) -> list:
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


def _suspend_for_new_communities(action: Action, communities, *, actor) -> None:
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

    notify_consent_suspension.delay_on_commit(transition.pk)


def _add_communities(action: Action, communities, *, acting_user) -> list:
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


def _check_districts(districts) -> list:
    districts = list(districts or [])
    if not districts:
        raise ValidationError({"districts": _("Choose at least one district.")})
    return districts


@transaction.atomic
def action_create(
    *,
    acting_user,
    title: str,
    description: str,
    objective,
    districts,
    crops=(),
    responsible_organizations=(),
    communities=(),
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    estimated_cost_pen: Decimal | None = None,
    organization_id=None,
    on_behalf_of=None,
) -> Action:
    """A member proposes a draft for their organization (a facilitator: for a named member)."""
    _require("lap.propose_action", acting_user)
    proposer, entered_by, organization = _resolve_author(
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
def action_update(*, acting_user, action: Action, **fields) -> Action:
    """Edit an action while it is a draft or submitted (coordinators: while it is open)."""
    unknown = set(fields) - {*ACTION_FIELDS, "districts", "responsible_organizations"}
    if unknown:
        raise ValueError(f"Not action fields: {sorted(unknown)}")
    action = Action.objects.select_for_update().get(pk=action.pk)
    _require("lap.edit_action", acting_user, action)
    editable = OPEN_STATES if acting_user.has_perm("lap.review_actions") else EDITABLE_STATES
    if action.state not in editable:
        raise ValidationError(
            _("An action that is “%(state)s” can no longer be edited.")
            % {"state": action.get_state_display()}
        )
    before = {field: getattr(action, field) for field in ACTION_FIELDS}
    after = _clean_fields({**before, **{k: v for k, v in fields.items() if k in ACTION_FIELDS}})
    changes = changes_between(before, after)
    for field in ACTION_FIELDS:
        setattr(action, field, after[field])
    action.save(update_fields=[*ACTION_FIELDS, "updated_at"])
    if "districts" in fields:
        districts = _check_districts(fields["districts"])
        old = sorted(action.districts.values_list("pk", flat=True))
        new = sorted(district.pk for district in districts)
        if old != new:
            action.districts.set(districts)
            changes["districts"] = [old, new]
            added = _sync_concerned_communities(action, acting_user=acting_user)
            _suspend_for_new_communities(action, added, actor=acting_user)
    if "responsible_organizations" in fields:
        old = sorted(action.responsible_organizations.values_list("pk", flat=True))
        new = sorted(org.pk for org in fields["responsible_organizations"])
        if old != new:
            action.responsible_organizations.set(fields["responsible_organizations"])
            changes["responsible_organizations"] = [old, new]
    if changes:
        record(
            actor=acting_user,
            verb=Verb.ACTION_UPDATE,
            target=action,
            changes=changes,
            organization=action.proposing_organization,
        )
    return action


# --- Lifecycle ---------------------------------------------------------------------------------


def _missing_consent_error(missing: list) -> ValidationError:
    return ValidationError(
        _("Consent is still missing from these communities: %(communities)s.")
        % {"communities": ", ".join(community.name for community in missing)},
        code="consent_missing",
    )


def _apply(
    action: Action, *, verb: str, actor, reason: str = "", automatic=False
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

        notify_proposer_of_transition.delay_on_commit(transition.pk)
    return transition


@transaction.atomic
def action_transition(*, acting_user, action: Action, verb: str, reason: str = "") -> Action:
    """Apply one verb of the transition table; refuse with a clear message, changing nothing."""
    if verb not in TRANSITIONS:
        raise ValidationError(_("Unknown transition."))
    spec = TRANSITIONS[verb]
    # Lock the row: two coordinators clicking at once must not both move it.
    action = Action.objects.select_for_update().get(pk=action.pk)
    _require(spec.permission, acting_user, action)
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


def _verb_service(verb: str):
    def service(*, acting_user, action: Action, reason: str = "") -> Action:
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
    *, acting_user, action: Action, body: str, organization_id=None, on_behalf_of=None
) -> ActionComment:
    _require("lap.comment_action", acting_user, action)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a comment.")})
    limits.check(body=(body, limits.COMMENT))
    author, entered_by, organization = _resolve_author(
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
def concerned_community_add(*, acting_user, action: Action, community) -> ConcernedCommunity:
    action = Action.objects.select_for_update().get(pk=action.pk)
    _require("lap.add_concerned_community", acting_user, action)
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
    *, acting_user, action: Action, community, reason: str
) -> ConcernedCommunity:
    """A coordinator removes a community from an action, always with a recorded reason."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    _require("lap.remove_concerned_community", acting_user, action)
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


@transaction.atomic
def consent_record(
    *,
    acting_user,
    action: Action,
    community,
    state: str,
    information_shared_on: datetime.date | None = None,
    assembly_date: datetime.date | None = None,
    decided_on: datetime.date | None = None,
    languages: str | None = None,
    conditions: str | None = None,
    notes: str = "",
    document=None,
) -> ConsentRecord:
    """Record a step of a community's consent process.

    The recorder is a representative of the community's organization, or a coordinator with a
    document. A withdrawal of consent suspends an approved or running action at once and tells
    the coordinators and the proposer; before approval it simply blocks approval.
    """
    action = Action.objects.select_for_update().get(pk=action.pk)
    # Permission first, on the community as named, so that nobody learns from the answer which
    # communities an action concerns (or that a hidden action exists).
    _require("lap.record_consent", acting_user, ConcernedCommunity(community=community))
    if not actions_visible_to(acting_user).filter(pk=action.pk).exists():
        raise PermissionDenied(_("You are not allowed to do this."))
    concerned = (
        ConcernedCommunity.objects.select_related("community__organization")
        .filter(action=action, community=community, removed_at__isnull=True)
        .first()
    )
    if concerned is None:
        raise ValidationError({"community": _("This community is not concerned by the action.")})
    _require("lap.record_consent", acting_user, concerned)
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
    if state == ConsentState.WITHDRAWN and process.state not in CONSENT_GIVEN_STATES:
        raise ValidationError({"state": _("Only consent that was given can be withdrawn.")})
    if process.state in CONSENT_GIVEN_STATES and state not in (
        *CONSENT_GIVEN_STATES,
        ConsentState.WITHDRAWN,
    ):
        # Given consent is taken back only by a withdrawal, which suspends a running action.
        raise ValidationError(
            {
                "state": _(
                    "This community has given its consent: it can only be withdrawn, "
                    "not moved back to “%(state)s”."
                )
                % {"state": ConsentState(state).label}
            }
        )
    proposed = {
        "information_shared_on": information_shared_on,
        "assembly_date": assembly_date,
        "decided_on": decided_on,
        "languages": languages.strip() if languages is not None else None,
        "conditions": conditions.strip() if conditions is not None else None,
    }
    values = {
        field: getattr(process, field) if value is None else value
        for field, value in proposed.items()
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
    if state == ConsentState.CONSENT_WITH_CONDITIONS and not values["conditions"]:
        raise ValidationError({"conditions": _("State the conditions of the consent.")})
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
    for field, value in values.items():
        setattr(process, field, value)
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
            **{field: value for field, value in proposed.items() if value is not None},
        },
    )
    if state == ConsentState.WITHDRAWN:
        if action.state in (S.APPROVED, S.IN_PROGRESS):
            _apply(
                action,
                verb="suspend",
                actor=acting_user,
                reason=_("%(community)s withdrew its consent.")
                % {"community": concerned.community.name},
                automatic=True,
            )
        from lap.tasks.actions import notify_consent_withdrawn

        notify_consent_withdrawn.delay_on_commit(entry.pk)
    elif state not in CONSENT_GIVEN_STATES and action.state in (S.APPROVED, S.IN_PROGRESS):
        # An approved or running action never goes on while a concerned community lacks consent
        # (for instance consent withheld by a community whose consent was never given).
        transition = _apply(
            action,
            verb="suspend",
            actor=acting_user,
            reason=_("Consent of %(community)s is missing (%(state)s).")
            % {"community": concerned.community.name, "state": ConsentState(state).label},
            automatic=True,
        )
        from lap.tasks.actions import notify_consent_suspension

        notify_consent_suspension.delay_on_commit(transition.pk)
    return entry
