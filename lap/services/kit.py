"""What every service does the same way: check a permission, lock the row it changes, update
fields and record the change in the audit trail (in the spirit of HackSoft's `model_update`).

    require("lap.edit_action", acting_user, action)
    action = locked(action)
    action, changes = update_model(
        instance=action, fields=ACTION_FIELDS, data=cleaned, acting_user=acting_user,
        verb=Verb.ACTION_UPDATE,
    )
"""

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lap.audit import Changes, Verb, changes_between, record

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django_stubs_ext import StrOrPromise

    from stakeholders.models import Organization, User

M = TypeVar("M", bound=models.Model)


class StaleVersion(Exception):
    """An edit based on an older version of the row than the one stored (the API's 409)."""

    def __init__(self, current_version: int, message: "StrOrPromise | None" = None):
        """`message` may name the stored version as %(version)s; it is filled in here."""
        self.current_version = current_version
        template = message or _(
            "Someone else changed this since you opened it (now version %(version)s). "
            "Reload it and make your change again."
        )
        super().__init__(str(template) % {"version": current_version})


def require(
    permission: str,
    user: "User | AnonymousUser",
    obj: models.Model | None = None,
    *,
    message: str | None = None,
) -> None:
    """PermissionDenied with a translated message unless `user` has `permission` (on `obj`)."""
    if not user.has_perm(permission, obj):
        raise PermissionDenied(message or _("You are not allowed to do this."))


def locked(instance: M, *related: str) -> M:
    """The row of `instance` read again under a row lock (SELECT ... FOR UPDATE) until the end of
    the transaction, so two people's edits are applied one after the other."""
    manager = type(instance)._default_manager
    queryset = manager.select_for_update()
    if related:
        queryset = queryset.select_related(*related)
    return queryset.get(pk=instance.pk)


def check_fields(data: Iterable[str], fields: Iterable[str], what: str) -> None:
    """ValueError naming the keys of `data` that are not among `fields` (a caller's mistake,
    never a person's: forms and serializers send only known fields)."""
    unknown = set(data) - set(fields)
    if unknown:
        raise ValueError(f"Not {what} fields: {sorted(unknown)}")


# The field an edit's `version` is checked against (a model with conditional updates has it).
_VERSION = "version"


def _auto_now_fields(instance: models.Model) -> list[str]:
    return [
        field.name for field in instance._meta.concrete_fields if getattr(field, "auto_now", False)
    ]


def update_model(
    *,
    instance: M,
    fields: Iterable[str],
    data: Mapping[str, Any],
    acting_user: "User | None",
    verb: Verb,
    organization: "Organization | None" = None,
    entered_by: "User | None" = None,
    version: int | None = None,
    stale_message: "StrOrPromise | None" = None,
    extra_changes: Changes | None = None,
) -> tuple[M, Changes]:
    """Set the `fields` whose value in `data` differs from the instance, save only those (and the
    auto_now ones), and record one audit event with {field: [old, new]}. Nothing changed:
    nothing is written, nothing recorded.

    `version`: the version the edit was based on. Older than the row's: StaleVersion, even when
    the edit would change nothing. Otherwise a change is a conditional update that writes only
    if the row's `version` is still that one, and increases it by one. `extra_changes`
    (many-to-many sets the caller made) go into the same audit event and count as a change."""
    check_fields(data, fields, type(instance).__name__)
    if version is not None:
        stored: int = getattr(instance, _VERSION)
        if version != stored:
            raise StaleVersion(stored, stale_message)
    before = {name: getattr(instance, name) for name in data}
    changes = changes_between(before, dict(data))
    changes.update(extra_changes or {})
    changed = [name for name in data if name in changes]
    if changes and version is not None:
        manager = type(instance)._default_manager
        now = timezone.now()
        written = manager.filter(pk=instance.pk, version=version).update(
            **{name: data[name] for name in changed},
            **dict.fromkeys(_auto_now_fields(instance), now),
            version=F("version") + 1,
        )
        if not written:
            current = manager.values_list("version", flat=True).get(pk=instance.pk)
            raise StaleVersion(current, stale_message)
        instance.refresh_from_db()
    elif changed:
        for name in changed:
            setattr(instance, name, data[name])
        instance.save(update_fields=[*changed, *_auto_now_fields(instance)])
    if changes:
        record(
            actor=acting_user,
            verb=verb,
            target=instance,
            changes=changes,
            organization=organization,
            entered_by=entered_by,
        )
    return instance, changes
