"""The OpenAPI schema tells partners every status an operation can answer, with its body.

drf-spectacular infers the success response from the serializers; this AutoSchema adds the errors
that DRF, the permissions, the throttles and the services produce, so clients generated from the
schema know them: 400 (body, query or path refused), 401 (credentials missing or invalid), 403
(signed in but not allowed, a key without the scope or writing), 404 (unknown id, invalid page),
409 (a stale version), 415 (a body in a media type not taken) and 429 (throttled). Public
reads declare authentication optional.
"""

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework.request import Request

ERROR_DETAIL = "ErrorDetail"
FIELD_ERRORS = "FieldErrors"

ERROR_COMPONENTS = {
    ERROR_DETAIL: {
        "type": "object",
        "description": "One translated message.",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    FIELD_ERRORS: {
        "type": "object",
        "description": "Translated messages per field (nested fields as dotted names, "
        "`non_field_errors` for the object as a whole).",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
    },
}

RETRY_AFTER = {
    "Retry-After": {
        "schema": {"type": "integer"},
        "description": "Seconds to wait before trying again.",
    }
}
WWW_AUTHENTICATE = {
    "WWW-Authenticate": {
        "schema": {"type": "string"},
        "description": "The scheme to authenticate with (`Token`).",
    }
}

ERROR_DESCRIPTIONS = {
    "400": _("The request was refused: its body, query or path is not valid."),
    "401": _("Credentials are missing or invalid."),
    "403": _("The caller may not do this."),
    "404": _("Not found (or not visible to the caller), or an invalid page."),
    "409": _("This was changed by someone else since it was read (send the current version)."),
    "415": _("The body's media type is not one this operation takes."),
    "429": _("Too many requests; try again after Retry-After seconds."),
}


class AutoSchema(SpectacularAutoSchema):
    """Views declare what the schema cannot infer: `conflict_actions`, the view actions (or, for
    a plain APIView, the lower-case methods) that may answer 409."""

    def get_auth(self):
        auths = super().get_auth()
        if self._anonymous_allowed() and {} not in auths:
            auths.append({})
        return auths

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation["responses"]
        # Errors a view declared itself (e.g. `409: OpenApiTypes.OBJECT`) get the shape too.
        declared = [code for code in responses if code in ERROR_DESCRIPTIONS]
        for code in {*self._error_statuses(operation), *declared}:
            current = responses.get(code)
            if current is None or _is_free_form(current):
                responses[code] = self._error_response(code)
                if current and current.get("description"):
                    responses[code]["description"] = current["description"]
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    # What can go wrong, operation by operation.

    def _error_statuses(self, operation: dict) -> list[str]:
        statuses = []
        if operation.get("parameters") or operation.get("requestBody"):
            statuses.append("400")
        if self.view.get_authenticators():
            # Any authenticated view answers 401 to a wrong token or key, even a public read.
            statuses.append("401")
        if self._may_forbid():
            statuses.append("403")
        if "{" in self.path or self._is_paginated_list() or _takes_a_page(operation):
            statuses.append("404")
        if self._view_action() in getattr(self.view, "conflict_actions", ()):
            statuses.append("409")
        if operation.get("requestBody"):
            # A body in a media type the parsers do not take (or a malformed multipart one).
            statuses.append("415")
        if self.view.get_throttles():
            statuses.append("429")
        return statuses

    def _is_paginated_list(self) -> bool:
        # A list view with a paginator; a plain APIView that pages declares `page` itself.
        return self.method == "GET" and self._is_list_view() and self._get_paginator() is not None

    def _may_forbid(self) -> bool:
        # A partner key without the view's scope is refused; when writing, so is any key, a
        # session without its CSRF token, and whoever the service does not allow.
        writing = self.method not in ("GET", "HEAD", "OPTIONS")
        return (
            not self._anonymous_allowed()
            or (writing and bool(self.view.get_authenticators()))
            or bool(getattr(self.view, "api_scope", None))
        )

    def _view_action(self) -> str:
        return getattr(self.view, "action", None) or self.method.lower()

    def _anonymous_allowed(self) -> bool:
        """Ask the view's own permissions whether an anonymous caller gets through."""
        request = Request(getattr(RequestFactory(), self.method.lower())(self.path))
        request.user = AnonymousUser()
        request.auth = None
        try:
            return all(
                permission.has_permission(request, self.view)
                for permission in self.view.get_permissions()
            )
        except Exception:
            # A permission that needs more than the schema generator can give is not public.
            return False

    # Bodies.

    def _error_response(self, code: str) -> dict:
        detail = self._error_component(ERROR_DETAIL)
        if code == "400":
            schema = {"anyOf": [detail, self._error_component(FIELD_ERRORS)]}
        else:
            schema = detail
        response = {
            "description": str(ERROR_DESCRIPTIONS[code]),
            "content": {"application/json": {"schema": schema}},
        }
        if code == "429":
            response["headers"] = RETRY_AFTER
        if code == "401":
            response["headers"] = WWW_AUTHENTICATE
        return response

    def _error_component(self, name: str) -> dict:
        component = ResolvedComponent(
            name=name,
            type=ResolvedComponent.SCHEMA,
            object=name,
            schema=ERROR_COMPONENTS[name],
        )
        self.registry.register_on_missing(component)
        return component.ref


def _is_free_form(response: dict) -> bool:
    """An error response declared only as "some object" is replaced by the error shape."""
    content = response.get("content") or {}
    schemas = [media.get("schema") for media in content.values()]
    return not schemas or all(_says_nothing(schema) for schema in schemas)


def _says_nothing(schema: dict | None) -> bool:
    if not schema:
        return True
    return schema.get("type") == "object" and not (
        schema.get("properties") or schema.get("additionalProperties")
    )


def _takes_a_page(operation: dict) -> bool:
    """A `page` beyond the last is a 404, whoever declared the parameter."""
    return any(parameter.get("name") == "page" for parameter in operation.get("parameters", ()))
