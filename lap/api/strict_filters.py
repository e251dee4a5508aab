"""Filters that refuse a value of the wrong type (400) instead of quietly ignoring it.

django-filter reads `?is_demo=null` as "no filter", `?year=0.5` as a decimal and `?people=` as
"any", so a partner with a typo gets the whole list back and thinks it is filtered. These
filters accept what the schema declares (the schema says `boolean`, `integer` with its bounds,
an ISO `date`, or the enum) and refuse the rest with the field's message; an absent parameter is
no filter. Use them in every FilterSet of the API.
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.drainage import set_override

from lap import limits

# Primary keys are BigAutoField; the widest integer column the filters reach.
MAX_BIGINT = limits.ID_MAX
MAX_SMALL = limits.SMALL_NUMBER_MAX

TRUE_VALUES = {"true", "True", "1"}
FALSE_VALUES = {"false", "False", "0"}


class _GivenMeansValue:
    """A parameter that is present must carry a value (`?year=` is refused, not ignored)."""

    def to_python(self, value):
        if value == "":
            raise ValidationError(_("Give a value or leave the parameter out."), code="empty")
        return super().to_python(value)


class StrictBooleanField(forms.Field):
    def to_python(self, value):
        if value is None or isinstance(value, bool):
            return value
        if value in TRUE_VALUES:
            return True
        if value in FALSE_VALUES:
            return False
        raise ValidationError(_("Enter true or false."), code="invalid")


class StrictIntegerField(_GivenMeansValue, forms.IntegerField):
    pass


class StrictChoiceField(_GivenMeansValue, django_filters.fields.ChoiceField):
    pass


class StrictMultipleChoiceField(django_filters.fields.MultipleChoiceField):
    def clean(self, value):
        if value is not None and any(item == "" for item in value):
            raise ValidationError(_("Give a value or leave the parameter out."), code="empty")
        return super().clean(value)


class StrictDateField(_GivenMeansValue, forms.DateField):
    """An ISO date (`2026-01-31`), the `date` format the schema declares; no local formats."""

    input_formats = ["%Y-%m-%d"]


class StrictDateRangeField(django_filters.fields.DateRangeField):
    def __init__(self, *args, **kwargs):
        django_filters.fields.RangeField.__init__(
            self, (StrictDateField(), StrictDateField()), *args, **kwargs
        )

    def clean(self, value):
        if value is not None and any(item == "" for item in value):
            raise ValidationError(_("Give a value or leave the parameter out."), code="empty")
        return super().clean(value)


class DateFilter(django_filters.DateFilter):
    field_class = StrictDateField


class DateFromToRangeFilter(django_filters.DateFromToRangeFilter):
    """`<name>_after` and `<name>_before`, each an ISO date."""

    field_class = StrictDateRangeField


class BooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class IntegerFilter(django_filters.NumberFilter):
    """A whole number within `min_value`..`max_value` (the column's range by default)."""

    field_class = StrictIntegerField

    def __init__(self, *args, min_value=-MAX_BIGINT, max_value=MAX_BIGINT, **kwargs):
        super().__init__(*args, min_value=min_value, max_value=max_value, **kwargs)
        set_override(self, "field", {"type": "integer", "minimum": min_value, "maximum": max_value})


def IdFilter(**kwargs) -> IntegerFilter:
    """The id of a row."""
    return IntegerFilter(min_value=1, max_value=MAX_BIGINT, **kwargs)


def YearFilter(**kwargs) -> IntegerFilter:
    """A year, as the PositiveSmallIntegerField columns store it."""
    return IntegerFilter(min_value=0, max_value=MAX_SMALL, **kwargs)


class ChoiceFilter(django_filters.ChoiceFilter):
    field_class = StrictChoiceField


class MultipleChoiceFilter(django_filters.MultipleChoiceFilter):
    field_class = StrictMultipleChoiceField
