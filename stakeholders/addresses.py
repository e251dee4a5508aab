"""The address a request comes from, the one answer for the lock-out, throttles and limits.

Behind `NUM_PROXIES` trusted reverse proxies (env `LAP_NUM_PROXIES`), each proxy appends the
address it received the request from to X-Forwarded-For, so the client is the entry that many
places from the right; whatever a client writes further left is its own invention. With no
proxies the peer address (REMOTE_ADDR) is the client. This is DRF's `BaseThrottle.get_ident`,
with one addition: a value that is not an IP address (a proxy misconfigured, a header forged
when no proxy is trusted to overwrite it) counts as no address rather than as a free-form key.
"""

import ipaddress

from django.conf import settings


def _trusted_proxies() -> int:
    proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES")  # an int from LAP_NUM_PROXIES
    return int(proxies) if isinstance(proxies, int | str) and proxies else 0


def _normalized(candidate: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((candidate or "").strip()))
    except ValueError:
        return None


def client_address(request) -> str | None:
    """The client's IP address, normalized (e.g. IPv6 compressed), or None when unknown."""
    if request is None:
        return None
    meta = request.META
    forwarded = meta.get("HTTP_X_FORWARDED_FOR")
    proxies = _trusted_proxies()
    if proxies == 0 or forwarded is None:
        return _normalized(meta.get("REMOTE_ADDR"))
    hops = forwarded.split(",")
    return _normalized(hops[-min(proxies, len(hops))])
