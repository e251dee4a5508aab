from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from stakeholders.models import ApiKey


def _is_key(request) -> bool:
    return isinstance(request.auth, ApiKey)


class ApiKeyRateThrottle(SimpleRateThrottle):
    """Throttles each partner key on its own, whatever address it calls from."""

    scope = "api_key"

    def get_cache_key(self, request, view):
        if not _is_key(request):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class AnonymousRateThrottle(AnonRateThrottle):
    """Anonymous visitors by address; a partner key has its own rate instead."""

    def get_cache_key(self, request, view):
        return None if _is_key(request) else super().get_cache_key(request, view)


class PersonRateThrottle(UserRateThrottle):
    """Signed-in people by account; a partner key has its own rate instead."""

    def get_cache_key(self, request, view):
        return None if _is_key(request) else super().get_cache_key(request, view)
