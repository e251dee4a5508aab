"""One answer for a refused request: `{"detail": "..."}` under /api/, the site's page elsewhere.

Django's error handlers (`handler400`, `handler403`, `handler404`, `handler500` in lap/urls.py)
and the bad-input middleware answer through here, so an id the API's router does not match, a
body over the upload limit or a NUL byte all answer in the API's usual shape under /api/ and with
templates/<status>.html on the site, translated, saying what to do next.
"""

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy as _

API_PREFIX = "/api/"

TOO_BIG = _("The request is larger than the server accepts.")
TOO_MANY_FIELDS = _("The request has more fields than the server accepts.")
TOO_MANY_FILES = _("The request has more files than the server accepts.")
NOT_UNDERSTOOD = _("The request could not be understood.")
NOT_FOUND = _("Not found.")
PAGE_NOT_FOUND = _("The page you asked for does not exist.")
FORBIDDEN = _("You are not allowed to do this.")
SERVER_ERROR = _(
    "Something went wrong on our side. Try again in a moment; if it happens again, tell the "
    "coordination of the platform."
)

logger = logging.getLogger(__name__)


def is_api_request(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def error_response(
    request: HttpRequest, status: int, message, page_message=None, context=None
) -> HttpResponse:
    """The refusal with `message` (lazy, translated here); pages may say `page_message`."""
    with translation.override(language_of(request)):
        if is_api_request(request):
            return JsonResponse({"detail": str(message)}, status=status)
        page = {"message": str(page_message or message), **(context or {})}
        return render(request, f"{status}.html", page, status=status)


def language_of(request: HttpRequest) -> str:
    """The language the middleware chose, or for a request refused before it ran, the one it
    would choose for an anonymous visitor (stakeholders.middleware.UserLanguageMiddleware)."""
    if hasattr(request, "LANGUAGE_CODE"):
        return translation.get_language()
    if is_api_request(request):
        return translation.get_language_from_request(request)
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return cookie if cookie in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def bad_request_message(exception: BaseException | None):
    if isinstance(exception, RequestDataTooBig):
        return TOO_BIG
    if isinstance(exception, TooManyFieldsSent):
        return TOO_MANY_FIELDS
    if isinstance(exception, TooManyFilesSent):
        return TOO_MANY_FILES
    return NOT_UNDERSTOOD


def bad_request(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    """handler400: whatever Django refused as suspicious or too large."""
    return error_response(request, 400, bad_request_message(exception))


def page_not_found(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    """handler404: an unknown URL or a missing object. The exception's text is never shown (it
    can name internal models)."""
    return error_response(request, 404, NOT_FOUND, PAGE_NOT_FOUND)


def permission_denied(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    """handler403: the refusal's own message (services raise translated ones) and what the
    person can do: sign in, ask to join an organization, or go back."""
    from stakeholders.rules import is_member_anywhere

    message = str(exception) if exception and str(exception) else FORBIDDEN
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    context = {
        "signed_in": signed_in,
        "without_organization": signed_in and not is_member_anywhere(user),
    }
    return error_response(request, 403, message, context=context)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a page of the site's layout (or the API's JSON); when drawing it fails in
    turn (the database or the session may be what failed), the message as plain text."""
    try:
        with translation.override(language_of(request)):
            if is_api_request(request):
                return JsonResponse({"detail": str(SERVER_ERROR)}, status=500)
            return render(request, "500.html", {"message": str(SERVER_ERROR)}, status=500)
    except Exception:  # the error page must never fail in turn
        logger.exception("The error page could not be drawn")
        return HttpResponse(str(SERVER_ERROR), status=500, content_type="text/plain; charset=utf-8")
