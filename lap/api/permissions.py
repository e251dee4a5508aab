"""API permission rules shared by every endpoint.

Anyone may read what the selectors show them; writing needs a signed-in person (a partner key
authenticates as no user and may only read). A key may read a view only when it carries the
view's `api_scope` (views without one, like the organization directory, are open to every key).
"""

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from stakeholders.models import ApiKey

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def request_api_key(request) -> ApiKey | None:
    return request.auth if isinstance(request.auth, ApiKey) else None


class ReadOnlyForKeysAndAnonymous(BasePermission):
    message: "StrOrPromise" = _("Partner keys and anonymous visitors can only read.")

    def has_permission(self, request, view) -> bool:
        api_key = request_api_key(request)
        if api_key is not None:
            scope = getattr(view, "api_scope", None)
            if scope and not api_key.has_scope(scope):
                self.message = _("This API key does not carry the “%(scope)s” scope.") % {
                    "scope": scope
                }
                return False
            return request.method in SAFE_METHODS
        if request.method in SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_authenticated)


class SignedInUser(BasePermission):
    """A person signed in (session or token); keys and anonymous visitors are refused."""

    message = _("Sign in as a person to use this endpoint.")

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated)
