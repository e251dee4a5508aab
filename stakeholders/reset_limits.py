"""How often a password reset may be asked for, per client address and per e-mail address.

Counted in the cache (Redis in production, shared by every web process) in fixed windows of
PASSWORD_RESET_WINDOW. Every request counts, whether an account uses the e-mail or not, so the
limits say nothing about which addresses are known.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _


def _count(key: str) -> int:
    """Add one to the counter `key`, started with the window; both steps are atomic."""
    window = int(settings.PASSWORD_RESET_WINDOW.total_seconds())
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # the window ended between the two calls
        cache.add(key, 1, timeout=window)
        return 1


def reserve_reset_request(*, email: str, address: str | None) -> bool:
    """Count one request; False when the address or the e-mail went over its limit."""
    # Hashed: no e-mail address is kept in the cache, and any address makes a valid key.
    mailbox = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    per_email = _count(f"password-reset:email:{mailbox}")
    per_address = _count(f"password-reset:address:{address or 'unknown'}")
    return (
        per_email <= settings.PASSWORD_RESET_LIMIT_PER_EMAIL
        and per_address <= settings.PASSWORD_RESET_LIMIT_PER_ADDRESS
    )


def limit_message() -> str:
    minutes = int(settings.PASSWORD_RESET_WINDOW.total_seconds() // 60)
    return _(
        "Too many password reset requests from your address or for this e-mail address. "
        "Try again in %(minutes)d minutes."
    ) % {"minutes": minutes}
