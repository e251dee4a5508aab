"""Forms of the vision and objectives pages. They only shape input; services decide."""

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from lap import limits
from lap.forms.widgets import DateInput
from lap.models import IndicatorDirection, IndicatorSeries, LandscalePillar

if TYPE_CHECKING:
    from territory.models import District, Province


class VersionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=limits.TITLE)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 20}),
        max_length=limits.DESCRIPTION,
        help_text=_("Markdown. Start each section with a line “## Heading”."),
    )
    summary = forms.CharField(
        label=_("What changed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=limits.COMMENT,
    )


class CommentForm(forms.Form):
    section = forms.TypedChoiceField(label=_("Section"), coerce=int)
    text = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=limits.COMMENT
    )

    def __init__(self, *args, version, user=None, acting_organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [
            (s.number, f"{s.number}. {s.heading or _('Introduction')}") for s in version.sections
        ]
        if user is None or not user.is_authenticated:
            return
        from stakeholders.selectors import (
            active_members,
            active_organizations,
            active_organizations_of,
        )

        if getattr(user, "is_facilitator", False):
            # Facilitators enter comments on behalf of a member (who is then the author).
            self.fields["on_behalf_of"] = forms.ModelChoiceField(
                label=_("On behalf of"), queryset=active_members()
            )
            # The member's organization, needed when they belong to several.
            self.fields["organization"] = forms.ModelChoiceField(
                label=_("For the organization"),
                required=False,
                queryset=active_organizations().order_by("name"),
                help_text=_("Needed only when the member belongs to several organizations."),
            )
        elif acting_organization is None:
            organizations = active_organizations_of(user)
            if organizations.count() > 1:
                self.fields["organization"] = forms.ModelChoiceField(
                    label=_("For the organization"), queryset=organizations
                )


class EndorseForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=limits.COMMENT,
    )

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            # A representative of several organizations who has not chosen one yet.
            self.fields["organization"] = forms.ModelChoiceField(
                label=_("For the organization"), queryset=organizations
            )


class CompareForm(forms.Form):
    old = forms.TypedChoiceField(label=_("Older version"), coerce=int)
    new = forms.TypedChoiceField(label=_("Newer version"), coerce=int)

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(v.pk, str(v)) for v in versions]
        self.fields["old"].choices = choices
        self.fields["new"].choices = choices


class ObjectiveForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=10)
    title = forms.CharField(label=_("Title"), max_length=limits.TITLE)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=limits.DESCRIPTION,
    )
    order = forms.IntegerField(
        label=_("Order"), min_value=0, max_value=limits.SMALL_NUMBER_MAX, initial=0
    )


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=limits.TITLE)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=limits.DESCRIPTION,
    )
    unit = forms.CharField(label=_("Unit"), max_length=40)
    direction = forms.ChoiceField(label=_("Direction"), choices=IndicatorDirection.choices)
    pillar = forms.ChoiceField(
        label=_("LandScale pillar"),
        choices=[("", "—"), *LandscalePillar.choices],
        required=False,
    )
    goal = forms.CharField(
        label=_("Goal"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=limits.COMMENT,
    )
    baseline_value = forms.DecimalField(
        label=_("Baseline value"), required=False, max_digits=16, decimal_places=2
    )
    baseline_year = forms.IntegerField(
        label=_("Baseline year"), required=False, min_value=1900, max_value=2100
    )
    target_value = forms.DecimalField(
        label=_("Target value"), required=False, max_digits=16, decimal_places=2
    )
    target_year = forms.IntegerField(
        label=_("Target year"), required=False, min_value=1900, max_value=2100
    )
    series = forms.ChoiceField(
        label=_("Fed by territory series"), choices=IndicatorSeries.choices, required=False
    )
    series_province: "forms.ModelChoiceField[Province]" = forms.ModelChoiceField(
        label=_("Series province"), queryset=None, required=False
    )
    series_district: "forms.ModelChoiceField[District]" = forms.ModelChoiceField(
        label=_("Series district"), queryset=None, required=False
    )
    order = forms.IntegerField(
        label=_("Order"), min_value=0, max_value=limits.SMALL_NUMBER_MAX, initial=0
    )

    def __init__(self, *args, **kwargs):
        from territory.models import District, Province

        super().__init__(*args, **kwargs)
        self.fields["series_province"].queryset = Province.objects.order_by("name")
        self.fields["series_district"].queryset = District.objects.order_by("name")


class MeasurementForm(forms.Form):
    period_start = forms.DateField(
        label=_("Period start"),
        widget=DateInput(),
        required=False,
        help_text=_("The first day the value covers; the same day as its end when empty."),
    )
    measured_on = forms.DateField(label=_("Period end"), widget=DateInput())
    value = forms.DecimalField(label=_("Value"), max_digits=16, decimal_places=2)
    source = forms.CharField(label=_("Source"), max_length=300)
    method = forms.CharField(
        label=_("Method"),
        max_length=300,
        required=False,
        help_text=_("How the value was measured (survey, satellite analysis, records...)."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=limits.COMMENT,
    )
