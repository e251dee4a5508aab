"""The territory data version: a token that every change to territory data replaces (an edit in
the admin or a page, an import, a migration), so the pages drawn from that data, the overview
and its map above all, are cached under (language, token) and redrawn only when it changes.

Every save and delete of a territory model replaces the token (signals connected in
territory.apps); there is no bulk write of territory data that would skip them.
"""

import secrets

from territory.models import DataVersion

_ROW = 1


def current_token() -> str:
    """The token of the data as it stands ("none" before the first change)."""
    token = DataVersion.objects.filter(pk=_ROW).values_list("token", flat=True).first()
    return token or "none"


def bump(**_signal_arguments) -> None:
    """A new token, written in the transaction of the change itself: the change and its token
    are committed, or rolled back, together."""
    token = secrets.token_hex(16)
    if not DataVersion.objects.filter(pk=_ROW).update(token=token):
        DataVersion.objects.get_or_create(pk=_ROW, defaults={"token": token})
