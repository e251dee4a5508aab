"""Pages: the actions list, an action's page, proposing and editing, transitions, comments,
concerned communities, consent, and the coordinators' review queue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lap.documents import document_response
from lap.forms.actions import (
    ActionFilterForm,
    ActionForm,
    CommentForm,
    CommunityAddForm,
    ConsentForm,
    ReasonForm,
)
from lap.models.actions import Action, ConcernedCommunity
from lap.selectors import actions as selectors
from lap.selectors import implementation
from lap.selectors.implementation import FOLLOWED_STATES
from lap.services import actions as services
from lap.web import add_service_errors, flash_service_error, paginate
from stakeholders.acting import SESSION_KEY
from stakeholders.models import Membership, MembershipRole, MembershipStatus


def _visible_action(request, pk: int) -> Action:
    try:
        return selectors.action_detail(user=request.user, pk=pk)
    except Action.DoesNotExist:
        raise Http404 from None


def action_list(request):
    form = ActionFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    actions = selectors.action_list(
        user=request.user,
        objective=filters.get("objective"),
        district=filters.get("district"),
        sector=filters.get("sector") or None,
        state=filters.get("state") or None,
        query=(filters.get("q") or "").strip(),
    )
    return render(
        request,
        "lap/actions/action_list.html",
        {"form": form, "page": paginate(request, actions)},
    )


def action_detail(request, pk: int):
    action = _visible_action(request, pk)
    user = request.user
    concerned = list(action.concerned_communities.all())
    allowed_verbs = [
        verb
        for verb, spec in services.TRANSITIONS.items()
        if action.state in spec.from_states and user.has_perm(spec.permission, action)
    ]
    context = {
        "action": action,
        "concerned": [c for c in concerned if not c.is_removed],
        "removed": [c for c in concerned if c.is_removed],
        "missing": selectors.missing_consent(action),
        "transitions": action.transitions.all(),
        "consent_records": selectors.consent_records_of(action),
        "comments": selectors.comments_visible_to(user=user, action=action),
        "verbs": [(verb, services.TRANSITIONS[verb].reason_required) for verb in allowed_verbs],
        "can_edit": user.has_perm("lap.edit_action", action),
        "can_comment": user.has_perm("lap.comment_action", action),
        "can_add_community": user.has_perm("lap.add_concerned_community", action),
        "can_remove_community": user.has_perm("lap.remove_concerned_community", action),
        "recordable": _recordable(user, concerned),
    }
    if action.state in FOLLOWED_STATES:
        context["implementation"] = {
            "progress": implementation.action_progress(Action.objects.filter(pk=action.pk))[0],
            "milestones": list(implementation.milestones_of(action)),
            "updates": list(implementation.timeline_updates(user=user, action=action)[:5]),
        }
    if context["can_comment"]:
        context["comment_form"] = CommentForm(user=user)
    if context["can_add_community"]:
        context["community_form"] = CommunityAddForm()
    return render(request, "lap/actions/action_detail.html", context)


def _organization_id(request, organization, on_behalf_of):
    """The organization chosen on the form; else, for one's own acts, the header switcher's
    (a facilitator's own switcher says nothing about the member they act for)."""
    if organization is not None:
        return organization.pk
    return None if on_behalf_of else request.session.get(SESSION_KEY)


def _recordable(user, concerned) -> set:
    """The concerned communities whose consent this person may record (one query, not one per
    community): a coordinator records any (with a document), a representative their own."""
    if not user.is_authenticated:
        return set()
    if user.has_perm("lap.review_actions"):
        return {c.pk for c in concerned if not c.is_removed}
    represented = set(
        Membership.objects.filter(
            user=user, status=MembershipStatus.ACTIVE, role=MembershipRole.REPRESENTATIVE
        ).values_list("organization_id", flat=True)
    )
    return {
        c.pk for c in concerned if not c.is_removed and c.community.organization_id in represented
    }


def _action_form_page(request, action: Action | None):
    user = request.user
    editing = action is not None
    if action is not None:
        if not user.has_perm("lap.edit_action", action):
            raise PermissionDenied
        initial = {
            "title": action.title,
            "description": action.description,
            "objective": action.objective,
            "districts": list(action.districts.all()),
            "crops": action.crops,
            "responsible_organizations": list(action.responsible_organizations.all()),
            "starts_on": action.starts_on,
            "ends_on": action.ends_on,
            "estimated_cost_pen": action.estimated_cost_pen,
        }
    else:
        if not user.has_perm("lap.propose_action"):
            raise PermissionDenied
        initial = None
    form = ActionForm(request.POST or None, initial=initial, user=user, editing=editing)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if action is not None:
                action = services.action_update(acting_user=user, action=action, **data)
            else:
                on_behalf_of = data.pop("on_behalf_of", None)
                organization = data.pop("organization", None)
                action = services.action_create(
                    acting_user=user,
                    on_behalf_of=on_behalf_of,
                    organization_id=_organization_id(request, organization, on_behalf_of),
                    **data,
                )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The action was saved."))
            return redirect("action-detail", pk=action.pk)
    return render(request, "lap/actions/action_form.html", {"form": form, "action": action})


@login_required
def action_create(request):
    return _action_form_page(request, None)


@login_required
def action_edit(request, pk: int):
    return _action_form_page(request, _visible_action(request, pk))


@login_required
@require_POST
def action_transition(request, pk: int, verb: str):
    action = _visible_action(request, pk)
    if verb not in services.TRANSITIONS:
        raise Http404
    if not request.user.has_perm(services.TRANSITIONS[verb].permission, action):
        raise PermissionDenied
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        services.action_transition(
            acting_user=request.user,
            action=action,
            verb=verb,
            reason=form.cleaned_data.get("reason", ""),
        )
    except ValidationError as error:
        flash_service_error(request, error)
    else:
        messages.success(
            request,
            _("The action was %(verb)s.") % {"verb": services.TRANSITIONS[verb].label},
        )
    return redirect("action-detail", pk=action.pk)


@login_required
@require_POST
def action_comment(request, pk: int):
    action = _visible_action(request, pk)
    if not request.user.has_perm("lap.comment_action", action):
        raise PermissionDenied
    form = CommentForm(request.POST, user=request.user)
    if form.is_valid():
        organization = form.cleaned_data.get("organization")
        try:
            services.comment_create(
                acting_user=request.user,
                action=action,
                body=form.cleaned_data["body"],
                on_behalf_of=form.cleaned_data.get("on_behalf_of"),
                organization_id=_organization_id(
                    request, organization, form.cleaned_data.get("on_behalf_of")
                ),
            )
        except ValidationError as error:
            flash_service_error(request, error)
        else:
            messages.success(request, _("Your comment was added."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
    return redirect("action-detail", pk=action.pk)


@login_required
@require_POST
def action_community_add(request, pk: int):
    action = _visible_action(request, pk)
    if not request.user.has_perm("lap.add_concerned_community", action):
        raise PermissionDenied
    form = CommunityAddForm(request.POST)
    if form.is_valid():
        try:
            services.concerned_community_add(
                acting_user=request.user, action=action, community=form.cleaned_data["community"]
            )
        except ValidationError as error:
            flash_service_error(request, error)
        else:
            messages.success(request, _("The community was added."))
    else:
        messages.error(request, _("Choose a community."))
    return redirect("action-detail", pk=action.pk)


@login_required
@require_POST
def action_community_remove(request, pk: int, community_pk: int):
    action = _visible_action(request, pk)
    if not request.user.has_perm("lap.remove_concerned_community", action):
        raise PermissionDenied
    concerned = get_object_or_404(ConcernedCommunity, action=action, community_id=community_pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        services.concerned_community_remove(
            acting_user=request.user,
            action=action,
            community=concerned.community,
            reason=form.cleaned_data.get("reason", ""),
        )
    except ValidationError as error:
        flash_service_error(request, error)
    else:
        messages.success(request, _("The community was removed from the action."))
    return redirect("action-detail", pk=action.pk)


@login_required
def action_consent(request, pk: int, community_pk: int):
    """Record a step of a community's consent process (its representative or a coordinator)."""
    action = _visible_action(request, pk)
    concerned = get_object_or_404(
        ConcernedCommunity.objects.select_related("community__organization", "consent"),
        action=action,
        community_id=community_pk,
        removed_at__isnull=True,
    )
    if not request.user.has_perm("lap.record_consent", concerned):
        raise PermissionDenied
    process = concerned.consent
    initial = {
        "state": process.state,
        "information_shared_on": process.information_shared_on,
        "assembly_date": process.assembly_date,
        "decided_on": process.decided_on,
        "languages": process.languages,
        "conditions": process.conditions,
    }
    form = ConsentForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record(
                acting_user=request.user,
                action=action,
                community=concerned.community,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The consent was recorded."))
            return redirect("action-detail", pk=action.pk)
    return render(
        request,
        "lap/actions/consent_form.html",
        {"form": form, "action": action, "concerned": concerned},
    )


@login_required
def consent_document(request, pk: int, record_pk: int):
    """A consent document, for signed-in people who may see the action (not a public file)."""
    action = _visible_action(request, pk)
    entry = get_object_or_404(
        selectors.consent_records_of(action).exclude(document=""), pk=record_pk
    )
    return document_response(entry.document)


@login_required
def review_queue(request):
    if not request.user.has_perm("lap.review_actions"):
        raise PermissionDenied
    page = paginate(request, selectors.review_queue(user=request.user))
    return render(request, "lap/actions/review_queue.html", {"page": page})
