"""Pages of the project as a whole: home, language switch, accessibility, audit trail."""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from lap.audit import trail_for
from lap.selectors.achievements import achievements
from lap.selectors.todo import todo_for
from stakeholders import display as display_settings
from stakeholders import services as stakeholder_services
from stakeholders.forms import DisplayForm
from stakeholders.models import Language


def home(request):
    todo = todo_for(request.user) if request.user.is_authenticated else None
    return render(request, "home.html", {"achievements": achievements(), "todo": todo})


@require_POST
def switch_language(request):
    """Django's set_language, which also remembers the choice on the person's account."""
    response = set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in Language.values:
        stakeholder_services.user_set_language(acting_user=request.user, language=language)
    return response


def accessibility(request):
    """What the site supports, and the accessibility controls (the header's form posts here).
    A plain form and a cookie: it works without JavaScript; signed in, the account keeps it."""
    current = display_settings.display_for(request)
    form = DisplayForm.for_display(current, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        chosen = form.display()
        if request.user.is_authenticated:
            stakeholder_services.user_set_display(acting_user=request.user, display=chosen)
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = ""
        if not target:
            messages.success(request, _("Your display choices were saved."))
        response = redirect(target or "accessibility")
        response.set_cookie(
            display_settings.COOKIE,
            chosen.text,
            max_age=display_settings.COOKIE_MAX_AGE,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )
        return response
    return render(request, "accessibility.html", {"form": form})


# The project's own apps: other apps' rows (tokens, sessions) have no trail to show.
AUDITED_APPS = {"stakeholders", "territory", "lap"}


@login_required
def audit_trail(request, app_label: str, model_name: str, object_id: str):
    if not request.user.has_perm("lap.read_audit_trail"):
        raise PermissionDenied
    if app_label not in AUDITED_APPS:
        raise Http404
    try:
        model = apps.get_model(app_label, model_name)
        target = get_object_or_404(model, pk=object_id)
    except (LookupError, ValueError, DjangoValidationError):
        raise Http404 from None
    page = Paginator(trail_for(target), 50).get_page(request.GET.get("page"))
    return render(request, "audit_trail.html", {"target": target, "page": page})
