"""Pages about resources: the funding-gap report and its downloads, an action's resources,
needs, commitments, deliveries, exchange rates and the coordinators' dashboard."""

import datetime
from collections.abc import Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lap import charts, spreadsheets
from lap.documents import document_response
from lap.exports import resources as exports
from lap.forms.resources import (
    CancelForm,
    CommitmentEditForm,
    CommitmentForm,
    DeliveryForm,
    ExchangeRateForm,
    NeedForm,
    ReportForm,
)
from lap.models import FUNDING_LISTED_STATES, Commitment, ResourceNeed
from lap.selectors import resources as selectors
from lap.selectors.actions import actions_visible_to
from lap.services import resources as services
from lap.services.kit import StaleVersion
from lap.web import add_service_errors, flash_service_error, paginate
from stakeholders.acting import SESSION_KEY, acting_organization_from_session
from stakeholders.rules import is_representative_of

# --- The funding-gap report ---------------------------------------------------------------------


# Actions a page of the funding-gap report shows (the API: `page_size` up to 200).
REPORT_PAGE_SIZE = 50


def _report_choice(request) -> tuple[ReportForm, str, datetime.date]:
    """The form and the currency and date it asks for (PEN and today when it asks for none)."""
    form = ReportForm(request.GET or None)
    currency, on = "PEN", None
    if form.is_bound and form.is_valid():
        currency = form.cleaned_data["currency"] or "PEN"
        on = form.cleaned_data["date"]
    return form, currency, on or timezone.localdate()


def funding_gaps(request):
    form, currency, on = _report_choice(request)
    report = selectors.funding_gap_report(currency=currency, on=on)
    page = paginate(request, report.order, per_page=REPORT_PAGE_SIZE)
    lines = selectors.action_lines(report, page.object_list)
    chart = charts.horizontal_bars(
        [
            charts.Row(label=line.action.title, values=(line.figures.gap,))
            for line in lines
            if line.figures.gap
        ],
        label_chars=30,
    )
    # The downloads cover the whole report: the same currency and date, never the page.
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "lap/resources/funding_gaps.html",
        {
            "form": form,
            "report": report,
            "page": page,
            "lines": lines,
            "chart": chart,
            "query": query.urlencode(),
            # Only those who may read an action's commitments get a link to them.
            "can_read_resources": selectors.can_read_resources(request.user),
        },
    )


def _export_name(currency: str, on: datetime.date, extension: str) -> str:
    return f"funding-gaps-{currency}-{on.isoformat()}.{extension}"


def _in_language(language: str, chunks: Iterator[str]) -> Iterator[str]:
    """A streamed body is written after the view returns: its labels keep the request's
    language whatever the thread does meanwhile."""
    with translation.override(language):
        yield from chunks


def _report_rows(currency: str, on: datetime.date) -> Iterator[exports.Row]:
    """The download's rows, the report computed when the first is asked for: the header has
    left by then (the download starts at once, even at 50,000 actions)."""
    yield from exports.export_rows(selectors.funding_gap_report(currency=currency, on=on))


def funding_gaps_csv(request):
    _form, currency, on = _report_choice(request)
    # A human-facing download: a byte-order mark so spreadsheet programs read it as UTF-8.
    chunks = spreadsheets.csv_chunks(
        _report_rows(currency, on), header=exports.export_header(), bom=True
    )
    response = StreamingHttpResponse(
        _in_language(translation.get_language(), chunks), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_name(currency, on, "csv")}"'
    return response


# Need, pledged, confirmed, delivered, gap and surplus: numbers with two decimals.
MONEY_COLUMNS = dict.fromkeys(range(5, 11), "#,##0.00")


def funding_gaps_xlsx(request):
    _form, currency, on = _report_choice(request)
    file = spreadsheets.xlsx_file(
        _report_rows(currency, on),
        title=_("funding-gaps"),
        header=exports.export_header(),
        number_formats=MONEY_COLUMNS,
    )
    return FileResponse(
        file,
        as_attachment=True,
        filename=_export_name(currency, on, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@login_required
def dashboard(request):
    if not request.user.has_perm("lap.see_resources_dashboard"):
        raise PermissionDenied
    report = selectors.funding_gap_report(currency="PEN")
    sectors = selectors.commitments_by_sector(report)
    chart = charts.horizontal_bars(
        [charts.Row(label=sector["label"], values=(sector["confirmed"],)) for sector in sectors]
    )
    return render(
        request,
        "lap/resources/dashboard.html",
        {
            "report": report,
            "largest_gaps": selectors.largest_gaps(report)[:5],
            "overdue": selectors.overdue_pledges()[:20],
            "recent_deliveries": selectors.recent_deliveries()[:10],
            "sectors": sectors,
            "chart": chart,
        },
    )


# --- An action's resources ----------------------------------------------------------------------


def _require_reader(request) -> None:
    """Outsiders may not read needs, commitments or deliveries (a refusal, not a 404)."""
    if not selectors.can_read_resources(request.user):
        raise PermissionDenied


@login_required
def action_resources(request, pk: int):
    _require_reader(request)
    user = request.user
    action = get_object_or_404(
        actions_visible_to(user).select_related("objective", "proposing_organization"),
        pk=pk,
    )
    acting = acting_organization_from_session(request)
    needs = list(selectors.action_resources(action))
    # One query for the organizations the person represents, whatever the number of commitments.
    represented = set() if user.is_coordinator else selectors.represented_organization_ids(user)
    manageable = {
        commitment.pk
        for need in needs
        for commitment in need.commitments.all()
        if user.is_coordinator or commitment.organization_id in represented
    }
    return render(
        request,
        "lap/resources/action_resources.html",
        {
            "action": action,
            "needs": needs,
            "can_edit_needs": user.has_perm("lap.edit_resource_needs", action),
            "can_commit": action.state in FUNDING_LISTED_STATES
            and acting is not None
            and is_representative_of(user, acting),
            "acting_organization": acting,
            "manageable": manageable,
            "cancel_form": CancelForm(),
        },
    )


def _need_form_page(request, action, need: ResourceNeed | None):
    if not request.user.has_perm("lap.edit_resource_needs", action):
        raise PermissionDenied
    initial = {field: getattr(need, field) for field in services.NEED_FIELDS} if need else None
    form = NeedForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if need:
                services.need_update(acting_user=request.user, need=need, **form.cleaned_data)
            else:
                services.need_create(acting_user=request.user, action=action, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The need was saved."))
            return redirect("resources-action", pk=action.pk)
    return render(
        request, "lap/resources/need_form.html", {"form": form, "action": action, "need": need}
    )


@login_required
def need_create(request, pk: int):
    action = get_object_or_404(actions_visible_to(request.user), pk=pk)
    return _need_form_page(request, action, None)


@login_required
def need_edit(request, pk: int):
    _require_reader(request)
    need = get_object_or_404(
        selectors.visible_needs(request.user).select_related("action__proposing_organization"),
        pk=pk,
    )
    return _need_form_page(request, need.action, need)


@login_required
def commitment_create(request, pk: int):
    _require_reader(request)
    need = get_object_or_404(selectors.visible_needs(request.user), pk=pk)
    acting = acting_organization_from_session(request)
    if acting is None and not request.user.memberships.filter(status="active").exists():
        raise PermissionDenied
    if acting is not None and not is_representative_of(request.user, acting):
        raise PermissionDenied
    form = CommitmentForm(request.POST or None, initial={"unit": need.unit})
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_create(
                acting_user=request.user,
                need=need,
                organization_id=request.session.get(SESSION_KEY),
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your organization's commitment was recorded."))
            return redirect("resources-action", pk=need.action_id)
    return render(
        request,
        "lap/resources/commitment_form.html",
        {"form": form, "need": need, "acting_organization": acting},
    )


def _managed_commitment(request, pk: int) -> Commitment:
    _require_reader(request)
    commitment = get_object_or_404(selectors.visible_commitments(request.user), pk=pk)
    if not request.user.has_perm("lap.manage_commitment", commitment):
        raise PermissionDenied
    return commitment


@login_required
def commitment_edit(request, pk: int):
    commitment = _managed_commitment(request, pk)
    initial = {field: getattr(commitment, field) for field in services.COMMITMENT_FIELDS}
    form = CommitmentEditForm(
        request.POST or None, initial={**initial, "version": commitment.version}
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.commitment_update(
                acting_user=request.user, commitment=commitment, version=version, **data
            )
        except StaleVersion as stale:
            form.add_error(None, str(stale))
            status = 409
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The commitment was updated."))
            return redirect("resources-action", pk=commitment.need.action_id)
    return render(
        request,
        "lap/resources/commitment_edit.html",
        {"form": form, "commitment": commitment},
        status=status,
    )


def _transition(request, pk: int, service, success: str, **extra):
    _require_reader(request)
    commitment = get_object_or_404(selectors.visible_commitments(request.user), pk=pk)
    try:
        service(
            acting_user=request.user,
            commitment=commitment,
            version=request.POST.get("version") or None,
            **extra,
        )
    except StaleVersion as stale:
        messages.error(request, str(stale))
    except ValidationError as error:
        flash_service_error(request, error)
    else:
        messages.success(request, success)
    return redirect("resources-action", pk=commitment.need.action_id)


@login_required
@require_POST
def commitment_confirm(request, pk: int):
    return _transition(request, pk, services.commitment_confirm, _("The commitment is confirmed."))


@login_required
@require_POST
def commitment_cancel(request, pk: int):
    return _transition(
        request,
        pk,
        services.commitment_cancel,
        _("The commitment is cancelled."),
        reason=request.POST.get("reason", ""),
    )


@login_required
def delivery_create(request, pk: int):
    commitment = _managed_commitment(request, pk)
    form = DeliveryForm(
        request.POST or None,
        request.FILES or None,
        initial={"delivered_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.delivery_create(
                acting_user=request.user, commitment=commitment, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The delivery was recorded."))
            return redirect("resources-action", pk=commitment.need.action_id)
    return render(
        request, "lap/resources/delivery_form.html", {"form": form, "commitment": commitment}
    )


@login_required
def delivery_document(request, pk: int):
    """A delivery's evidence, for signed-in people who may see its action, always as a download
    (never rendered by the browser as a page of the site)."""
    delivery = get_object_or_404(
        selectors.visible_deliveries(request.user).exclude(document=""), pk=pk
    )
    return document_response(delivery.document)


# --- Exchange rates -----------------------------------------------------------------------------


def exchange_rates(request):
    can_enter = request.user.has_perm("lap.enter_exchange_rates")
    form = ExchangeRateForm(request.POST or None) if can_enter else None
    if request.method == "POST":
        if not can_enter:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied
        if form.is_valid():
            try:
                services.exchange_rate_create(acting_user=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The exchange rate was saved."))
                return redirect("resources-exchange-rates")
    return render(
        request,
        "lap/resources/exchange_rates.html",
        {"form": form, "page": paginate(request, selectors.exchange_rates())},
    )
