"""Pages: the vision (versions, comments, endorsements, adoption) and the objectives."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lap.forms.vision import (
    CommentForm,
    CompareForm,
    EndorseForm,
    IndicatorForm,
    MeasurementForm,
    ObjectiveForm,
    VersionForm,
)
from lap.models import Indicator, IndicatorMeasurement, Objective, VisionVersion
from lap.selectors import vision as selectors
from lap.services import vision as services
from lap.web import add_service_errors, flash_service_error, paginate
from stakeholders.acting import SESSION_KEY, acting_organization_from_session
from stakeholders.selectors import active_organizations_of


def _visible_version(request, pk: int) -> VisionVersion:
    version = selectors.visible_versions(request.user).filter(pk=pk).first()
    if version is None:
        if not request.user.is_authenticated and VisionVersion.objects.filter(pk=pk).exists():
            raise _SignIn
        raise Http404
    return version


class _SignIn(Exception):
    pass


def _session_organization_id(request):
    """The organization chosen in the switcher, if the person still belongs to it.

    A stale choice (a membership revoked since) counts as undecided: the person is asked to
    choose rather than refused.
    """
    chosen = request.session.get(SESSION_KEY)
    if chosen in (None, ""):
        return None
    if active_organizations_of(request.user).filter(pk=str(chosen)).exists():
        return chosen
    return None


def _represented_organizations(request):
    """The organizations the person may endorse for, when they represent several."""
    from stakeholders.models import MembershipRole

    represented = active_organizations_of(request.user).filter(
        memberships__role=MembershipRole.REPRESENTATIVE
    )
    return represented if represented.count() > 1 else None


def _endorsement_context(request, version: VisionVersion) -> dict:
    status = selectors.adoption_status(version)
    acting = acting_organization_from_session(request)
    can_endorse = bool(
        version.is_current and acting and request.user.has_perm("lap.endorse_vision_for", acting)
    )
    my_endorsement = next(
        (e for e in status.endorsements if acting and e.organization_id == acting.pk), None
    )
    undecided = bool(
        version.is_current
        and acting is None
        and request.user.has_perm("lap.endorse_vision")
        and not request.user.is_superuser
    )
    # A representative of several organizations chooses in the endorsement form itself.
    choices = _represented_organizations(request) if undecided else None
    return {
        "status": status,
        "choose_organization": undecided and choices is None,
        "acting_organization_for_vision": acting,
        "can_endorse": (can_endorse and my_endorsement is None) or choices is not None,
        "can_withdraw": can_endorse and my_endorsement is not None and not status.is_adopted,
        "my_endorsement": my_endorsement,
        "endorse_form": EndorseForm(organizations=choices),
    }


def vision_current(request):
    """The current published vision, its endorsements and whether it is adopted."""
    return _render_vision_current(request)


def _render_vision_current(request, endorse_form=None, status: int = 200):
    version = selectors.current_version()
    context: dict[str, Any] = {"version": version}
    if version is not None:
        context["sections"] = selectors.rendered_sections(version)
        context.update(_endorsement_context(request, version))
        if endorse_form is not None:
            context["endorse_form"] = endorse_form
        previous = (
            VisionVersion.objects.filter(state="published", number__lt=version.number)
            .order_by("-number")
            .first()
        )
        context["previous_published"] = previous
    context["can_manage"] = request.user.has_perm("lap.manage_vision")
    context["open_versions"] = list(selectors.visible_versions(request.user).filter(state="open"))
    return render(request, "lap/vision/current.html", context, status=status)


def version_list(request):
    page = paginate(request, selectors.visible_versions(request.user))
    return render(
        request,
        "lap/vision/version_list.html",
        {"page": page, "can_manage": request.user.has_perm("lap.manage_vision")},
    )


def version_detail(request, pk: int):
    try:
        version = _visible_version(request, pk)
    except _SignIn:
        return redirect_to_login(request.get_full_path())
    return _render_version_detail(request, version)


def _render_version_detail(request, version, comment_form=None, status: int = 200):
    comments = list(selectors.comments_of(version)) if request.user.is_authenticated else []
    context = {
        "version": version,
        "sections": selectors.rendered_sections(version, comments),
        "can_manage": request.user.has_perm("lap.manage_vision"),
        "can_comment": version.state == "open" and request.user.has_perm("lap.comment_on_vision"),
        "comment_form": comment_form
        or CommentForm(
            version=version,
            user=request.user,
            acting_organization=acting_organization_from_session(request),
        ),
        "show_comments": request.user.is_authenticated,
    }
    if version.state == "published":
        context.update(_endorsement_context(request, version))
    return render(request, "lap/vision/version_detail.html", context, status=status)


@login_required
def version_create(request):
    if not request.user.has_perm("lap.manage_vision"):
        raise PermissionDenied
    initial = None
    latest = VisionVersion.objects.order_by("-number").first()
    if latest is not None:
        initial = {"title": latest.title, "body": latest.body}
    form = VersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.version_create(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The draft was saved."))
            return redirect("vision-version-detail", pk=version.pk)
    return render(request, "lap/vision/version_form.html", {"form": form, "version": None})


@login_required
def version_edit(request, pk: int):
    if not request.user.has_perm("lap.manage_vision"):
        raise PermissionDenied
    version = get_object_or_404(VisionVersion, pk=pk)
    form = VersionForm(
        request.POST or None,
        initial={"title": version.title, "body": version.body, "summary": version.summary},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.version_update(acting_user=request.user, version=version, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The draft was saved."))
            return redirect("vision-version-detail", pk=version.pk)
    return render(request, "lap/vision/version_form.html", {"form": form, "version": version})


def _transition(request, pk: int, service, done: str):
    if not request.user.has_perm("lap.manage_vision"):
        raise PermissionDenied
    version = get_object_or_404(VisionVersion, pk=pk)
    try:
        service(acting_user=request.user, version=version)
    except ValidationError as error:
        flash_service_error(request, error)
    else:
        messages.success(request, done)
    return redirect("vision-version-detail", pk=version.pk)


@login_required
@require_POST
def version_open(request, pk: int):
    return _transition(request, pk, services.version_open, _("The version is open for comment."))


@login_required
@require_POST
def version_close(request, pk: int):
    return _transition(request, pk, services.version_close, _("Comments are closed."))


@login_required
@require_POST
def version_publish(request, pk: int):
    return _transition(
        request, pk, services.version_publish, _("The version is published and current.")
    )


@login_required
@require_POST
def comment_create(request, pk: int):
    version = _visible_version(request, pk)
    if not request.user.has_perm("lap.comment_on_vision"):
        raise PermissionDenied
    form = CommentForm(
        request.POST,
        version=version,
        user=request.user,
        acting_organization=acting_organization_from_session(request),
    )
    if form.is_valid():
        on_behalf_of = form.cleaned_data.get("on_behalf_of")
        chosen = form.cleaned_data.get("organization")
        if chosen is not None:
            organization_id = chosen.pk
        elif on_behalf_of:
            organization_id = None  # the member's only organization
        else:
            organization_id = _session_organization_id(request)
        try:
            services.comment_create(
                acting_user=request.user,
                version=version,
                section=form.cleaned_data["section"],
                text=form.cleaned_data["text"],
                organization_id=organization_id,
                on_behalf_of=on_behalf_of,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            if chosen is None:
                raise
            # Naming an organization the member does not belong to: say so, keep the text.
            form.add_error("organization", str(error))
        else:
            messages.success(request, _("Your comment was added."))
            return redirect("vision-version-detail", pk=version.pk)
    # The page again with what was typed and what is wrong, so nothing is lost.
    return _render_version_detail(request, version, comment_form=form, status=400)


@login_required
@require_POST
def endorse(request, pk: int):
    version = _visible_version(request, pk)
    organization_id = _session_organization_id(request)
    form = EndorseForm(
        request.POST,
        organizations=_represented_organizations(request) if organization_id is None else None,
    )
    if form.is_valid():
        if form.cleaned_data.get("organization") is not None:
            organization_id = form.cleaned_data["organization"].pk
        try:
            services.endorsement_create(
                acting_user=request.user,
                version=version,
                organization_id=organization_id,
                note=form.cleaned_data.get("note", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your organization endorsed the vision."))
            return redirect("vision")
    return _render_vision_current(request, endorse_form=form, status=400)


@login_required
@require_POST
def withdraw_endorsement(request, pk: int):
    version = _visible_version(request, pk)
    try:
        services.endorsement_withdraw(
            acting_user=request.user,
            version=version,
            organization_id=_session_organization_id(request),
        )
    except ValidationError as error:
        flash_service_error(request, error)
    else:
        messages.success(request, _("Your organization's endorsement was withdrawn."))
    return redirect("vision")


def compare(request):
    """Two versions side by side, section by section, with the changed words marked."""
    versions = list(selectors.visible_versions(request.user).order_by("number"))
    form = CompareForm(request.GET or None, versions=versions)
    rows, old, new = None, None, None
    if form.is_valid():
        by_pk = {v.pk: v for v in versions}
        old, new = by_pk[form.cleaned_data["old"]], by_pk[form.cleaned_data["new"]]
        rows = selectors.diff_versions(old, new)
    elif request.GET:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return render(
        request,
        "lap/vision/compare.html",
        {"form": form, "rows": rows, "old": old, "new": new, "versions": versions},
    )


# --- Objectives ----------------------------------------------------------------------------------


def objective_list(request):
    page = paginate(request, selectors.objectives_with_indicators())
    selectors.attach_objective_figures(page.object_list)
    return render(
        request,
        "lap/vision/objective_list.html",
        {"page": page, "can_manage": request.user.has_perm("lap.manage_objectives")},
    )


def objective_detail(request, pk: int):
    objective = get_object_or_404(selectors.objectives_with_indicators(), pk=pk)
    indicators = selectors.attach_figures(objective.indicators.all())
    return render(
        request,
        "lap/vision/objective_detail.html",
        {
            "objective": objective,
            "indicators": indicators,
            "can_manage": request.user.has_perm("lap.manage_objectives"),
            "can_confirm": selectors.may_confirm_measurements(request.user),
        },
    )


def _measurement_act(request, pk: int, act, done: str):
    measurement = get_object_or_404(IndicatorMeasurement.objects.select_related("indicator"), pk=pk)
    try:
        act(measurement)
    except ValidationError as error:
        flash_service_error(request, error)
    else:
        messages.success(request, done)
    return redirect("objective-detail", pk=measurement.indicator.objective_id)


@login_required
@require_POST
def measurement_verify(request, pk: int):
    return _measurement_act(
        request,
        pk,
        lambda measurement: services.measurement_confirm(
            acting_user=request.user,
            measurement=measurement,
            organization_id=request.session.get(SESSION_KEY),
        ),
        _("Your confirmation of the value was recorded."),
    )


@login_required
@require_POST
def measurement_unverify(request, pk: int):
    return _measurement_act(
        request,
        pk,
        lambda measurement: services.measurement_withdraw_confirmation(
            acting_user=request.user, measurement=measurement
        ),
        _("Your confirmation was withdrawn."),
    )


def _objective_form_page(request, objective: Objective | None):
    if not request.user.has_perm("lap.manage_objectives"):
        raise PermissionDenied
    initial = (
        {name: getattr(objective, name) for name in services.OBJECTIVE_FIELDS}
        if objective
        else None
    )
    form = ObjectiveForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if objective:
                objective = services.objective_update(
                    acting_user=request.user, objective=objective, **form.cleaned_data
                )
            else:
                objective = services.objective_create(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The objective was saved."))
            return redirect("objective-detail", pk=objective.pk)
    return render(request, "lap/vision/objective_form.html", {"form": form, "objective": objective})


@login_required
def objective_create(request):
    return _objective_form_page(request, None)


@login_required
def objective_edit(request, pk: int):
    return _objective_form_page(request, get_object_or_404(Objective, pk=pk))


@login_required
def indicator_create(request, pk: int):
    if not request.user.has_perm("lap.manage_objectives"):
        raise PermissionDenied
    objective = get_object_or_404(Objective, pk=pk)
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_create(
                acting_user=request.user, objective=objective, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The indicator was added."))
            return redirect("objective-detail", pk=objective.pk)
    return render(request, "lap/vision/indicator_form.html", {"form": form, "objective": objective})


@login_required
def indicator_edit(request, pk: int):
    if not request.user.has_perm("lap.manage_objectives"):
        raise PermissionDenied
    indicator = get_object_or_404(Indicator.objects.select_related("objective"), pk=pk)
    initial = {name: getattr(indicator, name) for name in services.INDICATOR_FIELDS}
    form = IndicatorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_update(
                acting_user=request.user, indicator=indicator, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The indicator was saved."))
            return redirect("objective-detail", pk=indicator.objective_id)
    return render(
        request,
        "lap/vision/indicator_form.html",
        {"form": form, "objective": indicator.objective, "indicator": indicator},
    )


@login_required
def measurement_create(request, pk: int):
    if not request.user.has_perm("lap.manage_objectives"):
        raise PermissionDenied
    indicator = get_object_or_404(Indicator.objects.select_related("objective"), pk=pk)
    form = MeasurementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.measurement_record(
                acting_user=request.user, indicator=indicator, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The measurement was recorded."))
            return redirect("objective-detail", pk=indicator.objective_id)
    return render(
        request, "lap/vision/measurement_form.html", {"form": form, "indicator": indicator}
    )
