from rest_framework.throttling import SimpleRateThrottle

from stakeholders.models import ApiKey


class ApiKeyRateThrottle(SimpleRateThrottle):
    """Throttles each partner key on its own, whatever address it calls from."""

    scope = "api_key"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiKey):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
