"""Recording the audit trail. Services call `record` inside their transaction."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from lap.models.audit import AuditEvent


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_jsonable(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def changes_between(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list]:
    """{field: [old, new]} for the fields whose value changed."""
    return {
        field: [_jsonable(before.get(field)), _jsonable(value)]
        for field, value in after.items()
        if before.get(field) != value
    }


def record(
    *,
    actor,
    verb: str,
    target: models.Model,
    changes: dict[str, Any] | None = None,
    organization=None,
    entered_by=None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        entered_by=entered_by,
        organization=organization,
        verb=verb,
        content_type=ContentType.objects.get_for_model(target),
        object_id=str(target.pk),
        object_repr=str(target)[:300],
        changes={key: _jsonable(value) for key, value in (changes or {}).items()},
    )


def trail_for(target: models.Model):
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=str(target.pk)
    ).select_related("actor", "entered_by", "organization")
