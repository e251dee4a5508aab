"""Forms of the rounds pages. They only shape input: the services validate and save."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from lap import limits
from lap.forms.widgets import DateInput
from lap.models import Action, ActionState
from lap.models.rounds import SCORE_MAX, SCORE_MIN
from stakeholders.models import Sector


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=limits.TITLE)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea,
        max_length=limits.DESCRIPTION,
    )
    quorum = forms.IntegerField(
        label=_("Quorum"),
        min_value=1,
        max_value=limits.SMALL_NUMBER_MAX,
        initial=3,
        help_text=_("Minimum number of sectors that must score an action for it to be ranked."),
    )
    opens_on = forms.DateField(label=_("Opens on"), required=False, widget=DateInput())
    closes_on = forms.DateField(label=_("Closes on"), required=False, widget=DateInput())

    def __init__(self, *args, with_weights: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_weights:
            for value, label in Sector.choices:
                self.fields[f"weight_{value}"] = forms.DecimalField(
                    label=_("Weight of the sector: %(sector)s") % {"sector": label},
                    min_value=Decimal(0),
                    max_digits=6,
                    decimal_places=2,
                    initial=Decimal(1),
                    help_text=_("0: the sector does not take part.")
                    if value == Sector.values[0]
                    else "",
                )

    def clean(self):
        cleaned = super().clean()
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", _("The round cannot close before it opens."))
        return cleaned

    def round_fields(self) -> dict:
        return {
            key: self.cleaned_data[key]
            for key in ("name", "description", "quorum", "opens_on", "closes_on")
        }

    def sector_weights(self) -> dict:
        return {value: self.cleaned_data[f"weight_{value}"] for value in Sector.values}


class CriterionForm(forms.Form):
    key = forms.SlugField(label=_("Key"), max_length=40, required=False)
    name = forms.CharField(label=_("Name"), max_length=120, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=limits.DESCRIPTION
    )
    weight = forms.DecimalField(
        label=_("Weight"), min_value=Decimal("0.01"), max_digits=6, decimal_places=2, required=False
    )


CriterionFormSet = forms.formset_factory(CriterionForm, extra=2, can_delete=True)


def criteria_from(formset) -> list[dict]:
    return [
        {key: form.cleaned_data.get(key) for key in ("key", "name", "description", "weight")}
        for form in formset.forms
        if form.cleaned_data
        and not form.cleaned_data.get("DELETE")
        and (form.cleaned_data.get("name") or "").strip()
    ]


class CandidatesForm(forms.Form):
    actions = forms.ModelMultipleChoiceField(
        label=_("Candidate actions"),
        queryset=Action.objects.filter(state=ActionState.ACCEPTED).order_by("title"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Only accepted actions can be candidates."),
    )


SCORE_CHOICES = [(str(value), str(value)) for value in range(SCORE_MIN, SCORE_MAX + 1)]


class ScoreForm(forms.Form):
    """One action's criteria, each 0-5 or left blank (not scored)."""

    def __init__(self, *args, criteria, initial_values=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_values = initial_values or {}
        for criterion in criteria:
            self.fields[f"c_{criterion.key}"] = forms.TypedChoiceField(
                label=criterion.name,
                choices=SCORE_CHOICES,
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect(attrs={"class": "score-choice"}),
                help_text=criterion.description,
                initial=None
                if initial_values.get(criterion.key) is None
                else str(initial_values[criterion.key]),
            )
        self.criteria = list(criteria)

    def scores(self, action_id: int) -> list[dict]:
        return [
            {"action": action_id, "criterion": criterion.key, "value": value}
            for criterion in self.criteria
            if (value := self.cleaned_data.get(f"c_{criterion.key}")) is not None
        ]
