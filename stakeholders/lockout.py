"""Lock-out after repeated failed sign-ins, per username and client address.

The authentication backend guards every way in (web login, admin, API token), so the three
share one counter. Each attempt is reserved first: the (username, address) counter row is taken
with `select_for_update`, refused when it already holds LOGIN_FAILURE_LIMIT attempts within the
cool-off, otherwise incremented and committed, and only then is the password checked. Parallel
tries therefore queue on the row and no more than the limit reach the password check; a success
clears the counter ("in a row"). Forms check `is_locked` first to show a clear message.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stakeholders.addresses import client_address
from stakeholders.models import LoginCounter

_USERNAME_LENGTH = LoginCounter._meta.get_field("username").max_length


def _pair(username: str | None, request) -> dict:
    # Longer names than the column cannot be real accounts; NUL is no character PostgreSQL keeps.
    name = (username or "").replace("\x00", "").strip().lower()[:_USERNAME_LENGTH]
    return {"username": name, "address": client_address(request) or ""}


def _is_over_limit(counter: LoginCounter, now) -> bool:
    recent = counter.last_attempt_at > now - settings.LOGIN_COOLOFF
    return recent and counter.attempts >= settings.LOGIN_FAILURE_LIMIT


def is_locked(username: str | None, request) -> bool:
    counter = LoginCounter.objects.filter(**_pair(username, request)).first()
    return counter is not None and _is_over_limit(counter, timezone.now())


def reserve_attempt(username: str | None, request) -> bool:
    """Count one attempt before its password is checked; False (nothing counted) when locked."""
    now = timezone.now()
    with transaction.atomic():
        counter, _created = LoginCounter.objects.select_for_update().get_or_create(
            **_pair(username, request), defaults={"last_attempt_at": now}
        )
        if _is_over_limit(counter, now):
            return False
        if counter.last_attempt_at <= now - settings.LOGIN_COOLOFF:
            counter.attempts = 0  # the earlier ones are older than the cool-off: they lapsed
        counter.attempts += 1
        counter.last_attempt_at = now
        counter.save(update_fields=["attempts", "last_attempt_at"])
    return True


def clear_attempts(username: str | None, request) -> None:
    LoginCounter.objects.filter(**_pair(username, request)).delete()


def lockout_message() -> str:
    minutes = int(settings.LOGIN_COOLOFF.total_seconds() // 60)
    return _(
        "Too many failed sign-in attempts. This account is locked from your address for "
        "%(minutes)d minutes."
    ) % {"minutes": minutes}


class LockoutModelBackend(ModelBackend):
    """Django's model backend, checking a password only for an attempt it could reserve."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        if not reserve_attempt(username, request):
            raise PermissionDenied(lockout_message())
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None:
            clear_attempts(username, request)  # failures count "in a row"
        return user
