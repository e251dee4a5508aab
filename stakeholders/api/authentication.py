"""`Authorization: Api-Key <key>`: a key authenticates as no user; request.auth is the key."""

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from stakeholders.models import ApiKey


class ApiKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Api-Key"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() != self.keyword.lower():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid API key header."))
        api_key = ApiKey.find_usable(header[1])
        if api_key is None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked API key."))
        # Written at most once a minute: a busy partner must not turn every read into a write.
        now = timezone.now()
        if api_key.last_used_at is None or (now - api_key.last_used_at).total_seconds() > 60:
            ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        return AnonymousUser(), api_key

    def authenticate_header(self, request) -> str:
        return self.keyword


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    """Documents the partner key header in the OpenAPI schema."""

    target_class = "stakeholders.api.authentication.ApiKeyAuthentication"
    name = "partnerApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Api-Key <key>`: a partner organization's read-only key.",
        }
