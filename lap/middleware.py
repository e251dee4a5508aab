"""Refuse text no field may hold before anything reads it.

PostgreSQL cannot store or even compare a string with a NUL character (psycopg raises DataError),
so a NUL in the path, the query string, a cookie (the session key is looked up in the database),
a header or a form field would turn into a 500 wherever it reaches a query. This middleware sits
above the session middleware and answers such a request with a 400 (lap.errors). The API's
bodies, JSON and forms, are checked by lap.api.parsers, where DRF reads them.
"""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lap import errors

NUL = "\x00"
NUL_REFUSED = _("The request contains a NUL character, which no text may hold.")
FORM_MEDIA_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def has_nul(values) -> bool:
    return any(NUL in value for value in values)


def query_dict_has_nul(query_dict) -> bool:
    return has_nul(query_dict.keys()) or any(has_nul(query_dict.getlist(k)) for k in query_dict)


def headers_have_nul(request: HttpRequest) -> bool:
    return any(
        NUL in value
        for key, value in request.META.items()
        if (key.startswith("HTTP_") or key == "CONTENT_TYPE") and isinstance(value, str)
    )


def form_body_has_nul(request: HttpRequest) -> bool:
    """Fields and file names of a page's POSTed form (file contents may be anything)."""
    if request.method != "POST" or not (request.content_type or "").startswith(FORM_MEDIA_TYPES):
        return False
    if query_dict_has_nul(request.POST):
        return True
    return any(
        NUL in name or has_nul(upload.name or "" for upload in uploads)
        for name, uploads in request.FILES.lists()
    )


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if (
            NUL in request.path_info
            or query_dict_has_nul(request.GET)
            or headers_have_nul(request)
            or has_nul(request.COOKIES.keys())
            or has_nul(request.COOKIES.values())
            # The API's parsers read its bodies (DRF parses them, not request.POST).
            or (not errors.is_api_request(request) and form_body_has_nul(request))
        ):
            return errors.error_response(request, 400, NUL_REFUSED)
        return self.get_response(request)
