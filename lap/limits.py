"""Limits of free text (DESIGN "Limits, bad input, budgets"), one place for all of them.

Model fields declare their limit with `max_length=<one of these>` (a TextField's max_length is
not a database constraint, so `enforce_text_limits` below checks every save); forms and API
serializers take the same constants, so a person sees the same limit and message everywhere.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models

TITLE = 200  # titles and names
DESCRIPTION = 20_000  # descriptions, narratives, the vision's text, consent conditions
COMMENT = 5_000  # comments, notes, messages
REASON = 2_000  # reasons for a transition, a removal or a cancellation

# Small numbers typed in forms (orders, quorums) are stored in a small integer column: beyond
# its maximum PostgreSQL refuses the row (a 500), so forms refuse it first.
SMALL_NUMBER_MAX = 32_767
# Ids are BigAutoField: a larger number names no row (and would overflow the query).
ID_MAX = 2**63 - 1

# The apps whose rows people type; the audit trail and the territory imports are not typed.
CHECKED_APPS = {"lap", "stakeholders", "territory"}
UNCHECKED_MODELS = {"lap.auditevent"}


def too_long(value: str, limit: int) -> ValidationError | None:
    """Django's own translated message ("Ensure this value has at most ... characters")."""
    try:
        MaxLengthValidator(limit)(value)
    except ValidationError as error:
        return error
    return None


def check(**fields: tuple[str | None, int]) -> None:
    """Refuse texts over their limit, naming the fields: `check(body=(body, COMMENT))`."""
    errors = {
        name: error
        for name, (value, limit) in fields.items()
        if value and (error := too_long(value, limit)) is not None
    }
    if errors:
        raise ValidationError(errors)


def check_instance(instance: models.Model, update_fields=None) -> None:
    """Refuse a row whose text fields exceed their declared max_length (all of them at once)."""
    errors = {}
    for field in instance._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField) or not field.max_length:
            continue
        if update_fields is not None and field.name not in update_fields:
            continue
        value = getattr(instance, field.attname)
        if isinstance(value, str) and (error := too_long(value, field.max_length)) is not None:
            errors[field.name] = error
    if errors:
        raise ValidationError(errors)


def enforce_text_limits(sender, instance, update_fields=None, raw=False, **kwargs) -> None:
    """pre_save: nothing over a limit is ever stored, whichever service saves it."""
    if raw or sender._meta.app_label not in CHECKED_APPS:
        return
    if sender._meta.label_lower in UNCHECKED_MODELS:
        return
    check_instance(instance, update_fields=update_fields)
