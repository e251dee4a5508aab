"""The API's filter backend: django-filter's, refusing numbers no column can hold with a 400.

A filter on an id or another integer column (`?objective=`, `?action=`, `?year_from=`) passed
any integer to the query: SQLite raised OverflowError beyond 64 bits and Django's own range
check does not cover lookups through a relation. A decimal column's filter beyond its digits made
the SQLite adapter raise InvalidOperation. This backend checks every filter's raw values against
the range of the column it reaches, before the form or the query sees them, and answers like
django-filter does for an invalid value: `{"filter name": ["message"]}`.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.db.models.constants import LOOKUP_SEP
from django_filters import utils
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError as APIValidationError


class FilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if errors := out_of_range_errors(filterset):
            raise APIValidationError(errors)
        if not filterset.is_valid():
            raise utils.translate_validation(filterset.errors)
        return filterset.qs


def out_of_range_errors(filterset) -> dict[str, list[str]]:
    model = filterset._meta.model or filterset.queryset.model
    errors: dict[str, list[str]] = {}
    for name, filter_ in filterset.filters.items():
        bounds = column_bounds(model, filter_.field_name)
        if bounds is None:
            continue
        raw = filterset.form[name].value()
        for value in raw if isinstance(raw, list | tuple) else [raw]:
            number = as_number(value)
            if number is None:
                continue  # not a number: the form refuses it with its own message
            try:
                MinValueValidator(bounds[0])(number)
                MaxValueValidator(bounds[1])(number)
            except ValidationError as error:
                errors.setdefault(name, []).extend(error.messages)
    return errors


def column_bounds(model, field_path: str) -> tuple[Decimal, Decimal] | None:
    """The smallest and largest value the column at the end of `field_path` can store, or None
    when it is no integer or decimal column."""
    field = None
    try:
        for part in field_path.split(LOOKUP_SEP):
            if field is not None:
                model = field.related_model
            field = model._meta.get_field(part)
    except (FieldDoesNotExist, AttributeError):
        return None
    if field is not None and field.is_relation:
        field = getattr(field, "target_field", None) or field.related_model._meta.pk
    if isinstance(field, models.DecimalField):
        largest = Decimal(10) ** (field.max_digits - field.decimal_places)
        largest -= Decimal(10) ** -field.decimal_places
        return -largest, largest
    if isinstance(field, models.IntegerField):  # the auto fields too
        _low, high = connection.ops.integer_field_range(field.get_internal_type())
        # The storage's range, two's complement: a negative value on a positive column is no
        # overflow, it just matches nothing.
        return Decimal(-high - 1), Decimal(high)
    return None


def as_number(value) -> Decimal | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None
