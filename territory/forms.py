from django import forms
from django.utils.translation import gettext_lazy as _

from lap import limits
from stakeholders.models import Organization, Sector
from territory.models import District, IndigenousPeople, Source


class CommunityForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.order_by("ubigeo")
    )
    people = forms.ChoiceField(label=_("People"), choices=IndigenousPeople.choices)
    category = forms.CharField(
        label=_("Legal category"),
        max_length=100,
        required=False,
        help_text=_("For example: Comunidad Nativa."),
    )
    organization = forms.ModelChoiceField(
        label=_("Represented by"),
        queryset=Organization.objects.filter(sector=Sector.INDIGENOUS).order_by("name"),
        required=False,
        help_text=_("An Indigenous organization that speaks for the community."),
    )
    source = forms.ModelChoiceField(
        label=_("Source of the name"),
        queryset=Source.objects.order_by("title"),
        required=False,
    )
    is_demo = forms.BooleanField(label=_("Demo data (the name is invented)"), required=False)
    notes = forms.CharField(
        label=_("Notes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=limits.COMMENT,
    )
