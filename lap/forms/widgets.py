"""Widgets every form uses for dates, so that a saved value is shown in a form it can be sent
back in: an `<input type="date">` only shows (and sends) ISO dates, whatever the language, and a
localized "15/01/2026" would be shown as empty and saved as no date at all."""

from django import forms

ISO_DATE = "%Y-%m-%d"
ISO_DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format=ISO_DATE):
        super().__init__(attrs=attrs, format=format)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None, format=ISO_DATETIME_LOCAL):
        super().__init__(attrs=attrs, format=format)
