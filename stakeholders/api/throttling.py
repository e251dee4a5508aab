from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from stakeholders.addresses import client_address
from stakeholders.models import ApiKey


def _is_key(request) -> bool:
    return isinstance(request.auth, ApiKey)


class ClientAddressMixin:
    """Throttle by the same client address the sign-in lock-out counts (stakeholders.addresses)."""

    def get_ident(self, request):
        return client_address(request) or "unknown"


class ApiKeyRateThrottle(SimpleRateThrottle):
    """Throttles each partner key on its own, whatever address it calls from."""

    scope = "api_key"

    def get_cache_key(self, request, view):
        if not _is_key(request):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class AnonymousRateThrottle(ClientAddressMixin, AnonRateThrottle):
    """Anonymous visitors by address; a partner key has its own rate instead."""

    def get_cache_key(self, request, view):
        return None if _is_key(request) else super().get_cache_key(request, view)


class PersonRateThrottle(ClientAddressMixin, UserRateThrottle):
    """Signed-in people by account; a partner key has its own rate instead."""

    def get_cache_key(self, request, view):
        return None if _is_key(request) else super().get_cache_key(request, view)
