"""Forms for the resources pages; the services validate again and have the last word."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lap import limits
from lap.documents import validate_document
from lap.forms.widgets import DateInput
from lap.models import NeedKind, NeedUnit

DATE = DateInput()


def _amount(label=None, **kwargs):
    return forms.DecimalField(
        label=label or _("Amount"), max_digits=14, decimal_places=2, min_value=0, **kwargs
    )


class NeedForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=NeedKind.choices)
    amount = _amount()
    unit = forms.ChoiceField(
        label=_("Unit"),
        choices=NeedUnit.choices,
        help_text=_("Finance in PEN, USD or EUR; other kinds in person-days, units or hectares."),
    )
    estimated_value_pen = _amount(
        _("Estimated value (PEN)"),
        required=False,
        help_text=_("Only for needs that are not money; it lets them count in money totals."),
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea,
        required=False,
        max_length=limits.DESCRIPTION,
    )
    period_start = forms.DateField(label=_("Period start"), required=False, widget=DATE)
    period_end = forms.DateField(label=_("Period end"), required=False, widget=DATE)


class CommitmentForm(forms.Form):
    amount = _amount()
    unit = forms.ChoiceField(label=_("Currency or unit"), choices=NeedUnit.choices)
    expected_on = forms.DateField(label=_("Expected date"), widget=DATE)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea, required=False, max_length=limits.COMMENT
    )


class CommitmentEditForm(CommitmentForm):
    # The version the person saw: a stale one means someone else edited in the meantime.
    version = forms.IntegerField(widget=forms.HiddenInput)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea, max_length=limits.REASON)


class DeliveryForm(forms.Form):
    amount = _amount()
    delivered_on = forms.DateField(label=_("Date given or disbursed"), widget=DATE)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea, required=False, max_length=limits.COMMENT
    )
    document = forms.FileField(
        label=_("Document (evidence)"), required=False, validators=[validate_document]
    )


class ExchangeRateForm(forms.Form):
    currency = forms.ChoiceField(
        label=_("Currency"),
        choices=[
            (NeedUnit.USD.value, NeedUnit.USD.label),
            (NeedUnit.EUR.value, NeedUnit.EUR.label),
        ],
    )
    date = forms.DateField(label=_("In force from"), widget=DATE)
    rate_to_pen = forms.DecimalField(
        label=_("Soles (PEN) per unit"), max_digits=12, decimal_places=6, min_value=0
    )


class ReportForm(forms.Form):
    currency = forms.ChoiceField(
        label=_("Currency"),
        choices=[
            (NeedUnit.PEN.value, NeedUnit.PEN.label),
            (NeedUnit.USD.value, NeedUnit.USD.label),
        ],
        required=False,
    )
    date = forms.DateField(label=_("Report date"), required=False, widget=DATE)
