"""Pages about organizations, memberships, invitations and partner keys."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lap.web import add_service_errors, flash_service_error, paginate
from stakeholders import selectors, services
from stakeholders.acting import SESSION_KEY, resolve_acting_organization
from stakeholders.addresses import client_address
from stakeholders.forms import (
    ApiKeyForm,
    InvitationForm,
    JoinRequestForm,
    OrganizationForm,
    QueuedPasswordResetForm,
    RegisterFromInvitationForm,
)
from stakeholders.models import ApiKey, Invitation, Membership, Organization, Sector
from stakeholders.reset_limits import limit_message, reserve_reset_request


def organization_list(request):
    sector = request.GET.get("sector") or None
    if sector not in Sector.values:
        sector = None
    query = request.GET.get("q", "").strip()
    page = paginate(request, selectors.organization_directory(sector=sector, query=query))
    return render(
        request,
        "stakeholders/organization_list.html",
        {"page": page, "sectors": Sector.choices, "sector": sector, "query": query},
    )


def organization_detail(request, pk: int):
    organization = get_object_or_404(selectors.organization_directory(), pk=pk)
    return _organization_page(request, organization)


def _organization_page(request, organization, *, invitation_form=None, status=200):
    """The profile; a refused invitation comes back here with its form, nothing typed lost."""
    user = request.user
    context = {
        "organization": organization,
        "can_see_people": user.has_perm("stakeholders.see_people_of_organization", organization),
        "can_admit": user.has_perm("stakeholders.admit_to_organization", organization),
        "can_manage": user.has_perm("stakeholders.manage_memberships", organization),
        "my_membership": Membership.objects.filter(user=user, organization=organization)
        .exclude(status="revoked")
        .first()
        if user.is_authenticated
        else None,
    }
    if context["can_see_people"]:
        context["memberships"] = selectors.memberships_of_organization(organization).exclude(
            status="pending"
        )
    if context["can_admit"]:
        context["join_requests"] = selectors.pending_join_requests(organization)
    if context["can_manage"]:
        context["invitations"] = selectors.open_invitations(organization)
        context["api_keys"] = selectors.api_keys_of(organization)
        context["invitation_form"] = invitation_form or InvitationForm()
    return render(request, "stakeholders/organization_detail.html", context, status=status)


def _organization_form_page(request, organization: Organization | None):
    permission = (
        "stakeholders.change_organization" if organization else "stakeholders.create_organization"
    )
    if not request.user.has_perm(permission, organization):
        raise PermissionDenied
    initial = (
        {field: getattr(organization, field) for field in services.ORGANIZATION_FIELDS}
        if organization
        else None
    )
    form = OrganizationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if organization:
                organization = services.organization_update(
                    acting_user=request.user, organization=organization, **form.cleaned_data
                )
            else:
                organization = services.organization_create(
                    acting_user=request.user, **form.cleaned_data
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The organization was saved."))
            return redirect("organization-detail", pk=organization.pk)
    return render(
        request,
        "stakeholders/organization_form.html",
        {"form": form, "organization": organization},
    )


@login_required
def organization_create(request):
    return _organization_form_page(request, None)


@login_required
def organization_edit(request, pk: int):
    return _organization_form_page(request, get_object_or_404(Organization, pk=pk))


@login_required
@require_POST
def invitation_create(request, pk: int):
    organization = get_object_or_404(Organization, pk=pk)
    if not request.user.has_perm("stakeholders.invite_to_organization", organization):
        raise PermissionDenied
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invitation_create(
                acting_user=request.user, organization=organization, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("An invitation was sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("organization-detail", pk=organization.pk)
    organization = selectors.organization_directory().get(pk=organization.pk)
    return _organization_page(request, organization, invitation_form=form, status=400)


@login_required
@require_POST
def invitation_revoke(request, pk: int):
    invitation = get_object_or_404(Invitation, pk=pk)
    try:
        services.invitation_revoke(acting_user=request.user, invitation=invitation)
    except ValidationError as error:
        flash_service_error(request, error)
    else:
        messages.success(request, _("The invitation was withdrawn."))
    return redirect("organization-detail", pk=invitation.organization_id)


def invitation_accept(request, token: str):
    """Signed in: accept. Not signed in: create an account, then accept."""
    invitation = Invitation.find_usable(token)
    if invitation is None:
        return render(request, "stakeholders/invitation_invalid.html", status=404)
    form = None
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                services.invitation_accept(token=token, user=request.user)
            except ValidationError as error:
                flash_service_error(request, error)
            except PermissionDenied as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    _("Welcome to %(organization)s.") % {"organization": invitation.organization},
                )
                return redirect("organization-detail", pk=invitation.organization_id)
    else:
        form = RegisterFromInvitationForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                user = services.user_register_from_invitation(token=token, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                login(request, user, backend="stakeholders.lockout.LockoutModelBackend")
                messages.success(
                    request,
                    _("Welcome to %(organization)s.") % {"organization": invitation.organization},
                )
                return redirect("organization-detail", pk=invitation.organization_id)
    return render(
        request, "stakeholders/invitation_accept.html", {"invitation": invitation, "form": form}
    )


@login_required
def join_request_create(request, pk: int):
    organization = get_object_or_404(Organization, pk=pk)
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.join_request_create(
                acting_user=request.user, organization=organization, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your request was sent to the organization."))
            return redirect("organization-detail", pk=organization.pk)
    return render(
        request, "stakeholders/join_request_form.html", {"form": form, "organization": organization}
    )


def _membership_action(request, pk: int, action) -> HttpResponseRedirect:
    membership = get_object_or_404(Membership.objects.select_related("organization"), pk=pk)
    try:
        action(membership)
    except ValidationError as error:
        flash_service_error(request, error)
    else:
        messages.success(request, _("The membership was updated."))
    return redirect("organization-detail", pk=membership.organization_id)


@login_required
@require_POST
def join_request_decide(request, pk: int):
    approve = request.POST.get("decision") == "approve"
    return _membership_action(
        request,
        pk,
        lambda membership: services.join_request_decide(
            acting_user=request.user, membership=membership, approve=approve
        ),
    )


@login_required
@require_POST
def membership_set_role(request, pk: int):
    return _membership_action(
        request,
        pk,
        lambda membership: services.membership_set_role(
            acting_user=request.user, membership=membership, role=request.POST.get("role", "")
        ),
    )


@login_required
@require_POST
def membership_revoke(request, pk: int):
    return _membership_action(
        request,
        pk,
        lambda membership: services.membership_revoke(
            acting_user=request.user, membership=membership
        ),
    )


@login_required
def api_key_create(request, pk: int):
    organization = get_object_or_404(Organization, pk=pk)
    if not request.user.has_perm("stakeholders.manage_api_keys", organization):
        raise PermissionDenied
    form = ApiKeyForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _api_key, secret = services.api_key_create(
                acting_user=request.user, organization=organization, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
    return render(
        request,
        "stakeholders/api_key_form.html",
        {"form": form, "organization": organization, "secret": secret},
    )


@login_required
@require_POST
def api_key_revoke(request, pk: int):
    api_key = get_object_or_404(ApiKey, pk=pk)
    services.api_key_revoke(acting_user=request.user, api_key=api_key)
    messages.success(request, _("The key was revoked."))
    return redirect("organization-detail", pk=api_key.organization_id)


@login_required
def account(request):
    return render(
        request,
        "stakeholders/account.html",
        {"memberships": selectors.memberships_of(request.user)},
    )


@login_required
@require_POST
def switch_organization(request):
    """Choose the organization one acts for; kept in the session."""
    try:
        organization = resolve_acting_organization(
            user=request.user, organization_id=request.POST.get("organization")
        )
    except (PermissionDenied, ValidationError):
        messages.error(request, _("You are not an active member of that organization."))
    else:
        request.session[SESSION_KEY] = organization.pk
        messages.success(
            request, _("You now act for %(organization)s.") % {"organization": organization}
        )
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("account")
    return redirect(next_url)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view; API tokens issued with the old password stop working."""

    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_password_changed(user=form.user)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's view, limited per client address and per e-mail (stakeholders.reset_limits).

    Over a limit the form says so, in words that fit a known and an unknown e-mail alike.
    """

    form_class = QueuedPasswordResetForm

    def form_valid(self, form):
        if not reserve_reset_request(
            email=form.cleaned_data["email"], address=client_address(self.request)
        ):
            form.add_error(None, limit_message())
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_password_changed(user=form.user)
        return response
