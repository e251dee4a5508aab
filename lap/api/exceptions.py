"""Every API error in one shape: `{"detail": "message"}` or `{field: [messages]}`.

Services raise Django's ValidationError and PermissionDenied (and the kit's StaleVersion, a 409);
views raise DRF's exceptions. Whatever was raised, partners read a translated message and never a
list under `detail`, a bare top-level list, or the name of an internal model.
"""

import math
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from lap.services.kit import StaleVersion

DETAIL = "detail"
# The one error shape: {"detail": message} or {field: [messages]}.
ErrorBody = dict[str, str] | dict[str, list[Any]]


class Conflict(exceptions.APIException):
    """An edit based on an older version than the one stored: 409 with the service's message."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("This was changed by someone else since you read it.")
    default_code = "conflict"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = drf_exception_handler(_as_api_exception(exc), context)
    if response is not None:
        response.data = error_body(response.data)
    return response


def _as_api_exception(exc: Exception) -> Exception:
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            errors = exc.message_dict
            if NON_FIELD_ERRORS in errors:  # Django's "__all__" is DRF's non_field_errors
                errors[_non_field_key()] = errors.pop(NON_FIELD_ERRORS)
            return exceptions.ValidationError(errors)
        return exceptions.ValidationError({DETAIL: " ".join(exc.messages)})
    if isinstance(exc, StaleVersion):
        return Conflict(str(exc))
    if isinstance(exc, Http404):
        # Django's message names the model ("No Action matches the given query."); views that
        # have something useful to say raise DRF's NotFound with their own message instead.
        return exceptions.NotFound()
    if isinstance(exc, exceptions.Throttled):
        return _throttled(exc.wait)  # type: ignore[attr-defined]  # (the stubs omit `wait`)
    return exc


def _throttled(wait: float | None) -> exceptions.Throttled:
    """DRF's wording ("Solicitud fue regulada (throttled).") replaced by a plain sentence;
    DRF's handler sends Retry-After from `wait`."""
    seconds = max(1, math.ceil(wait)) if wait is not None else None
    if seconds is None:
        message = _("Too many requests. Try again later.")
    else:
        message = ngettext(
            "Too many requests. Try again in %(seconds)d second.",
            "Too many requests. Try again in %(seconds)d seconds.",
            seconds,
        ) % {"seconds": seconds}
    throttled = exceptions.Throttled(detail=message)
    # Retry-After says the same whole seconds as the message (DRF's stubs omit Throttled.wait,
    # which DRF sets in __init__ and its handler reads).
    throttled.wait = seconds  # type: ignore[attr-defined]
    return throttled


def error_body(data: object) -> ErrorBody:
    """Normalize what DRF built into the API's one error shape."""
    if isinstance(data, list):
        return _from_list(data)
    if not isinstance(data, dict):
        return {DETAIL: str(data)}
    detail = data.get(DETAIL)
    if len(data) == 1 and detail is not None:
        return {DETAIL: _joined(detail)}
    fields = _flatten(data)
    if DETAIL in fields:
        # Beside field errors, a general message is a non-field error like any other.
        fields.setdefault(_non_field_key(), []).extend(fields.pop(DETAIL))
    return fields


def _non_field_key() -> str:
    return str(settings.REST_FRAMEWORK.get("NON_FIELD_ERRORS_KEY", "non_field_errors"))


def _from_list(items: list[Any]) -> ErrorBody:
    if all(not isinstance(item, (dict, list)) for item in items):
        return {DETAIL: _joined(items)}
    # A list of objects refused whole (e.g. scores): one key per item and field, "1.value".
    flat = _flatten({str(index): item for index, item in enumerate(items)})
    if flat:
        return flat
    return {DETAIL: str(exceptions.ValidationError.default_detail)}


def _joined(messages: object) -> str:
    if isinstance(messages, (list, tuple)):
        return " ".join(_joined(message) for message in messages)
    if isinstance(messages, dict):
        return " ".join(_joined(message) for message in messages.values())
    return str(messages)


def _flatten(errors: dict[str, Any], prefix: str = "") -> dict[str, list[Any]]:
    """Nested serializer errors as dotted keys, each with a list of messages."""
    flat: dict[str, list[Any]] = {}
    for key, value in errors.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        elif isinstance(value, list) and any(isinstance(item, (dict, list)) for item in value):
            for index, item in enumerate(value):
                if isinstance(item, (dict, list)):
                    if isinstance(item, dict):
                        flat.update(_flatten(item, f"{name}.{index}."))
                    elif item:
                        flat.setdefault(f"{name}.{index}", []).extend(item)
                else:
                    flat.setdefault(name, []).append(item)
        elif isinstance(value, list):
            flat.setdefault(name, []).extend(value)
        else:
            flat.setdefault(name, []).append(value)
    return flat
