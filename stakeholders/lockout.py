"""Lock-out after repeated failed sign-ins, per username and address.

The authentication backend counts failures for every way in (web login, admin, API token), so
the three share one counter. Forms check `is_locked` first to show a clear message.
"""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from stakeholders.models import LoginFailure


def client_address(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def _normalize(username: str | None) -> str:
    return (username or "").strip().lower()


def _recent_failures(username: str, address: str | None):
    since = timezone.now() - settings.LOGIN_COOLOFF
    return LoginFailure.objects.filter(
        username=_normalize(username), ip_address=address, created_at__gte=since
    )


def is_locked(username: str | None, request) -> bool:
    return _recent_failures(username, client_address(request)).count() >= (
        settings.LOGIN_FAILURE_LIMIT
    )


def lockout_message() -> str:
    minutes = int(settings.LOGIN_COOLOFF.total_seconds() // 60)
    return _(
        "Too many failed sign-in attempts. This account is locked from your address for "
        "%(minutes)d minutes."
    ) % {"minutes": minutes}


class LockoutModelBackend(ModelBackend):
    """Django's model backend, refusing locked username/address pairs and counting failures."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self._username_field())
        if is_locked(username, request):
            raise PermissionDenied(lockout_message())
        user = super().authenticate(request, username=username, password=password, **kwargs)
        address = client_address(request)
        if user is None:
            LoginFailure.objects.create(username=_normalize(username), ip_address=address)
        else:
            # Failures count "in a row": a success starts the count again.
            _recent_failures(username, address).delete()
        return user

    @staticmethod
    def _username_field() -> str:
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD
