"""Pages: following an approved action (milestones, progress updates) and the results dashboard."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from lap import charts, spreadsheets
from lap.documents import document_response
from lap.forms.implementation import (
    HideForm,
    MilestoneDoneForm,
    MilestoneForm,
    ProgressUpdateForm,
    ProgressUploadForm,
)
from lap.models.actions import ActionState
from lap.models.implementation import (
    Milestone,
    ProgressAttachment,
    ProgressUpdate,
    ProgressUpload,
)
from lap.progress_files import TEMPLATE_HEADER
from lap.selectors import implementation as selectors
from lap.selectors.achievements import against_target, forest_loss_indicator
from lap.selectors.actions import actions_visible_to
from lap.selectors.resources import can_read_resources
from lap.services import implementation as services
from lap.web import add_service_errors, flash_service_error, paginate
from stakeholders.acting import SESSION_KEY
from territory.selectors import district_annual_humid_loss


def _action(request, pk: int):
    return get_object_or_404(actions_visible_to(request.user), pk=pk)


def _to_action_page(action_id: int):
    return redirect("implementation-action", pk=action_id)


def action_implementation(request, pk: int):
    """An action's milestones and updates, with what the person may do with them."""
    action = _action(request, pk)
    user = request.user
    page = paginate(request, selectors.timeline_updates(user=user, action=action))
    updates = list(page.object_list)
    context = {
        "action": action,
        "page": page,
        "progress": selectors.action_progress(type(action).objects.filter(pk=action.pk))[0],
        "milestones": list(selectors.milestones_of(action)),
        "updates": updates,
        "can_edit_milestones": user.has_perm("lap.edit_milestones", action),
        "can_write_update": user.has_perm("lap.write_progress_update", action),
        "editable": {u.pk for u in updates if user.has_perm("lap.edit_progress_update", u)},
        "publishable": {u.pk for u in updates if user.has_perm("lap.publish_progress_update", u)},
        "hideable": {u.pk for u in updates if user.has_perm("lap.hide_progress_update", u)},
        "can_read_resources": can_read_resources(user),
        "hide_form": HideForm(),
    }
    return render(request, "lap/implementation/action_implementation.html", context)


# --- Milestones ---------------------------------------------------------------------------------


def _milestone_page(request, action, milestone: Milestone | None):
    if not request.user.has_perm("lap.edit_milestones", action):
        raise PermissionDenied
    initial = {"title": milestone.title, "due_on": milestone.due_on} if milestone else None
    form = MilestoneForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if milestone:
                services.milestone_update(
                    acting_user=request.user, milestone=milestone, **form.cleaned_data
                )
            else:
                services.milestone_create(
                    acting_user=request.user, action=action, **form.cleaned_data
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The milestone was saved."))
            return _to_action_page(action.pk)
    return render(
        request,
        "lap/implementation/milestone_form.html",
        {"form": form, "action": action, "milestone": milestone},
    )


@login_required
def milestone_create(request, pk: int):
    return _milestone_page(request, _action(request, pk), None)


def _visible_milestone(request, pk: int) -> Milestone:
    return get_object_or_404(selectors.milestones_visible_to(request.user), pk=pk)


@login_required
def milestone_edit(request, pk: int):
    milestone = _visible_milestone(request, pk)
    return _milestone_page(request, milestone.action, milestone)


@login_required
def milestone_done(request, pk: int):
    milestone = _visible_milestone(request, pk)
    if not request.user.has_perm("lap.edit_milestones", milestone.action):
        raise PermissionDenied
    form = MilestoneDoneForm(
        request.POST or None, request.FILES or None, initial={"done_on": milestone.done_on}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_mark_done(
                acting_user=request.user, milestone=milestone, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The milestone was saved."))
            return _to_action_page(milestone.action_id)
    return render(
        request,
        "lap/implementation/milestone_done_form.html",
        {"form": form, "action": milestone.action, "milestone": milestone},
    )


@login_required
@require_POST
def milestone_delete(request, pk: int):
    milestone = _visible_milestone(request, pk)
    services.milestone_delete(acting_user=request.user, milestone=milestone)
    messages.success(request, _("The milestone was deleted."))
    return _to_action_page(milestone.action_id)


@login_required
def milestone_evidence(request, pk: int):
    """A milestone's evidence, for those who edit the action's milestones (404 for others)."""
    milestone = get_object_or_404(
        selectors.milestones_visible_to(request.user).exclude(evidence=""), pk=pk
    )
    if not (
        request.user.has_perm("lap.edit_milestones", milestone.action)
        or request.user.has_perm("lap.review_actions")
    ):
        raise Http404
    return document_response(milestone.evidence)


# --- Progress updates ---------------------------------------------------------------------------


def _update_page(request, action, update: ProgressUpdate | None):
    user = request.user
    initial = (
        {
            "reported_on": update.reported_on,
            "percent": update.percent,
            "narrative": update.narrative,
        }
        if update
        else None
    )
    form = ProgressUpdateForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        user=None if update else user,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["files"] = data.pop("attachments", [])
        on_behalf_of = data.pop("on_behalf_of", None)
        organization = data.pop("organization", None)
        try:
            if update:
                services.progress_update_edit(acting_user=user, update=update, **data)
            else:
                services.progress_update_create(
                    acting_user=user,
                    action=action,
                    on_behalf_of=on_behalf_of,
                    organization_id=organization.pk
                    if organization
                    else (None if on_behalf_of else request.session.get(SESSION_KEY)),
                    **data,
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The update was saved as a draft."))
            return _to_action_page(action.pk)
    return render(
        request,
        "lap/implementation/update_form.html",
        {"form": form, "action": action, "update": update},
    )


@login_required
def update_create(request, pk: int):
    action = _action(request, pk)
    if not request.user.has_perm("lap.write_progress_update", action):
        raise PermissionDenied
    return _update_page(request, action, None)


def _visible_update(request, pk: int) -> ProgressUpdate:
    return get_object_or_404(selectors.updates_visible_to(request.user), pk=pk)


@login_required
def update_edit(request, pk: int):
    update = _visible_update(request, pk)
    if not request.user.has_perm("lap.edit_progress_update", update):
        raise PermissionDenied
    return _update_page(request, update.action, update)


def _update_act(request, pk: int, act, done_message: str):
    # Among every update of the actions the person sees: acting on another organization's draft
    # is refused by the service's permission (403), not answered as if it did not exist.
    update = get_object_or_404(
        ProgressUpdate.objects.filter(
            action__in=actions_visible_to(request.user).values("pk")
        ).select_related("action"),
        pk=pk,
    )
    try:
        act(update)
    except ValidationError as error:
        flash_service_error(request, error)
    else:
        messages.success(request, done_message)
    return _to_action_page(update.action_id)


@login_required
@require_POST
def update_publish(request, pk: int):
    return _update_act(
        request,
        pk,
        lambda update: services.progress_update_publish(acting_user=request.user, update=update),
        _("The update was published."),
    )


@login_required
@require_POST
def update_hide(request, pk: int):
    return _update_act(
        request,
        pk,
        lambda update: services.progress_update_hide(
            acting_user=request.user, update=update, reason=request.POST.get("reason", "")
        ),
        _("The update was hidden."),
    )


@login_required
@require_POST
def update_delete(request, pk: int):
    return _update_act(
        request,
        pk,
        lambda update: services.progress_update_delete(acting_user=request.user, update=update),
        _("The draft was deleted."),
    )


def update_attachment(request, pk: int):
    """A photo or document of an update, for whoever may see the update; always a download."""
    attachment = get_object_or_404(
        ProgressAttachment.objects.filter(update__in=selectors.updates_visible_to(request.user)),
        pk=pk,
    )
    return document_response(attachment.file)


# --- Bulk progress files (coordinators) ---------------------------------------------------------


def _require_uploader(user) -> None:
    if not user.has_perm("lap.upload_progress"):
        raise PermissionDenied


@login_required
def upload_list(request):
    """Upload a bulk file of progress updates; the files uploaded before, newest first."""
    _require_uploader(request.user)
    form = ProgressUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            upload = services.progress_upload_create(
                acting_user=request.user, file=form.cleaned_data["file"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("implementation-upload", pk=upload.pk)
    page = paginate(request, selectors.progress_uploads())
    return render(request, "lap/implementation/uploads.html", {"form": form, "page": page})


@login_required
def upload_detail(request, pk: int):
    """Before commit, every row checked in the reader's language (only the wrong ones with
    `?errors=1`); after, the updates the file published."""
    _require_uploader(request.user)
    upload = get_object_or_404(ProgressUpload.objects.select_related("committed_by"), pk=pk)
    context: dict = {"upload": upload}
    if upload.is_committed:
        context["page"] = paginate(request, selectors.upload_updates(upload))
    else:
        checked = services.check_progress_rows(services.upload_rows(upload))
        wrong = [row for row in checked if row.errors]
        only_errors = request.GET.get("errors") == "1"
        context |= {
            "page": paginate(request, wrong if only_errors else checked),
            "wrong_count": len(wrong),
            "only_errors": only_errors,
        }
    return render(request, "lap/implementation/upload.html", context)


def _upload_act(request, pk: int):
    return get_object_or_404(ProgressUpload.objects.only("pk"), pk=pk)


@login_required
@require_POST
def upload_commit(request, pk: int):
    upload = _upload_act(request, pk)
    try:
        updates = services.progress_upload_commit(acting_user=request.user, upload=upload)
    except ValidationError as error:
        flash_service_error(request, error)
    else:
        count = len(updates)
        messages.success(
            request,
            ngettext("%(count)d update was published.", "%(count)d updates were published.", count)
            % {"count": count},
        )
    return redirect("implementation-upload", pk=upload.pk)


@login_required
@require_POST
def upload_delete(request, pk: int):
    upload = _upload_act(request, pk)
    try:
        services.progress_upload_delete(acting_user=request.user, upload=upload)
    except ValidationError as error:
        flash_service_error(request, error)
        return redirect("implementation-upload", pk=upload.pk)
    messages.success(request, _("The file was discarded; nothing was published."))
    return redirect("implementation-uploads")


@login_required
def upload_template(request):
    """An empty file with the first row a bulk file needs, in the person's language."""
    _require_uploader(request.user)
    language = "en" if translation.get_language() == "en" else "es"
    response = HttpResponse(
        spreadsheets.csv_text([], header=TEMPLATE_HEADER[language], bom=True),
        content_type="text/csv; charset=utf-8",
    )
    name = _("progress-updates")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


# --- Results ------------------------------------------------------------------------------------


def results(request):
    """The public results dashboard: actions by state, each objective's progress and money, and
    forest loss against its target, each chart with its numbers in a table."""
    objectives = selectors.objective_progress()
    labels = dict(ActionState.choices)
    chart = charts.horizontal_bars(
        [
            charts.Row(
                label=f"{summary.objective.code}. {summary.objective.title}",
                values=(summary.percent,),
            )
            for summary in objectives
            if summary.percent is not None
        ],
        maximum=100,
        label_chars=30,
    )
    states = [
        {"state": state, "label": labels[state], "count": count}
        for state, count in selectors.actions_by_state().items()
    ]
    resources = selectors.resources_by_objective()
    series = (_("Need"), _("Confirmed"), _("Delivered"))
    resources_chart = charts.horizontal_bars(
        [
            charts.Row(
                label=f"{line.objective.code}. {line.objective.title}",
                values=(line.need, line.confirmed, line.delivered),
            )
            for line in resources.objectives
            if line.objective is not None and (line.need or line.confirmed or line.delivered)
        ],
        series=series,
        label_chars=30,
    )
    counted_states = ", ".join(str(labels[state]) for state in resources.states)
    indicator = forest_loss_indicator()
    forest = None
    if indicator is not None:
        figures = indicator.figures
        districts = district_annual_humid_loss(indicator.series_province_id)
        years = sorted({year for series in districts.values() for year in series})
        forest = {
            "indicator": indicator,
            "figures": figures,
            "years": against_target(indicator),
            "chart": charts.line_chart(
                figures.measurements, baseline=figures.baseline, target=figures.target
            ),
            "district_years": years,
            "districts": [
                (name, [series.get(year) for year in years]) for name, series in districts.items()
            ],
        }
    return render(
        request,
        "lap/implementation/results.html",
        {
            "actions_by_state": states,
            "objectives": objectives,
            "chart": chart,
            "resources": resources,
            "resources_chart": resources_chart,
            "counted_states": counted_states,
            "forest": forest,
        },
    )
