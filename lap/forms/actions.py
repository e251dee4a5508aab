"""Forms: proposing and editing actions, comments, transitions, communities and consent."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lap import limits
from lap.documents import validate_document
from lap.forms.widgets import DateInput
from lap.models.actions import ActionState, ConsentState
from lap.models.objectives import Objective
from stakeholders.models import MembershipStatus, Organization, Sector
from stakeholders.selectors import active_members
from territory.models import Crop, District, IndigenousCommunity


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        organizations = ", ".join(
            membership.organization.name for membership in user.active_memberships
        )
        return f"{user.get_full_name() or user.username} ({organizations})"


class CommunityChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, community):
        return f"{community.name} — {community.district.name}"


class OnBehalfMixin:
    """For facilitators: the member they act for (both are recorded)."""

    def add_on_behalf_field(self, user):
        if getattr(user, "is_facilitator", False):
            self.fields["on_behalf_of"] = MemberChoiceField(
                label=_("On behalf of"),
                queryset=active_members(),
                help_text=_(
                    "The member who made this proposal or comment; you are recorded as the "
                    "person who entered it."
                ),
            )
            self.fields["organization"] = forms.ModelChoiceField(
                label=_("For the organization"),
                queryset=Organization.objects.filter(
                    memberships__status=MembershipStatus.ACTIVE
                ).distinct(),
                required=False,
                help_text=_("Only needed when the member belongs to several organizations."),
            )


class ActionForm(OnBehalfMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=limits.TITLE)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea, max_length=limits.DESCRIPTION
    )
    objective = forms.ModelChoiceField(label=_("Objective"), queryset=Objective.objects.all())
    districts = forms.ModelMultipleChoiceField(
        label=_("Districts"),
        queryset=District.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The Indigenous communities of these districts become concerned."),
    )
    communities = CommunityChoiceField(
        label=_("Other communities concerned"),
        queryset=IndigenousCommunity.objects.select_related("district"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    crops = forms.MultipleChoiceField(
        label=_("Crops concerned"),
        choices=Crop.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    responsible_organizations = forms.ModelMultipleChoiceField(
        label=_("Responsible organizations"),
        queryset=Organization.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    starts_on = forms.DateField(label=_("Start date"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("End date"), required=False, widget=DateInput())
    estimated_cost_pen = forms.DecimalField(
        label=_("Estimated cost (PEN)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text=_("A first figure; needs are detailed later."),
    )

    def __init__(self, *args, user=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["communities"]
        else:
            self.add_on_behalf_field(user)


class CommentForm(OnBehalfMixin, forms.Form):
    body = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=limits.COMMENT
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_on_behalf_field(user)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=limits.REASON,
    )


class CommunityAddForm(forms.Form):
    community = forms.ModelChoiceField(
        label=_("Community"), queryset=IndigenousCommunity.objects.select_related("district")
    )


class ConsentForm(forms.Form):
    state = forms.ChoiceField(label=_("State of the consent process"), choices=ConsentState.choices)
    information_shared_on = forms.DateField(
        label=_("Information shared on"),
        required=False,
        widget=DateInput(),
    )
    assembly_date = forms.DateField(label=_("Assembly date"), required=False, widget=DateInput())
    decided_on = forms.DateField(label=_("Decided on"), required=False, widget=DateInput())
    languages = forms.CharField(
        label=_("Languages used"),
        max_length=200,
        required=False,
        help_text=_("For instance: Kichwa, Spanish."),
    )
    conditions = forms.CharField(
        label=_("Conditions"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=limits.DESCRIPTION,
        help_text=_("Required for consent with conditions; shown on the action."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=limits.COMMENT,
    )
    document = forms.FileField(
        label=_("Document"),
        required=False,
        validators=[validate_document],
        help_text=_(
            "Minutes of the assembly or another record. Required when a coordinator records."
        ),
    )


class ActionFilterForm(forms.Form):
    q = forms.CharField(label=_("Text"), required=False)
    objective = forms.ModelChoiceField(
        label=_("Objective"),
        queryset=Objective.objects.all(),
        required=False,
        empty_label=_("All objectives"),
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.all(),
        required=False,
        empty_label=_("All districts"),
    )
    sector = forms.ChoiceField(
        label=_("Sector of the proposer"),
        choices=[("", _("All sectors")), *Sector.choices],
        required=False,
    )
    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("All states")), *ActionState.choices], required=False
    )
