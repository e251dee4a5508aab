import secrets

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from lap import limits
from stakeholders.display import Display
from stakeholders.lockout import is_locked, lockout_message
from stakeholders.models import ApiScope, GovernmentLevel, Language, MembershipRole, Sector


class LockoutMixin:
    """Say clearly that the account is locked, instead of "wrong password"."""

    def clean(self):
        username = self.cleaned_data.get("username")
        if username and is_locked(username, self.request):
            raise forms.ValidationError(lockout_message(), code="locked")
        try:
            return super().clean()
        except forms.ValidationError:
            if username and is_locked(username, self.request):
                raise forms.ValidationError(lockout_message(), code="locked") from None
            raise


class LockoutAuthenticationForm(LockoutMixin, AuthenticationForm):
    # Django's Spanish reads as Spain's ("introduzca", "clave"); ours is written for Peru.
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The user name or the password is not right. Check both (capital letters count) "
            "and try again."
        ),
    }


class LockoutAdminAuthenticationForm(LockoutMixin, AdminAuthenticationForm):
    pass


class OrganizationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=limits.TITLE)
    acronym = forms.CharField(label=_("Acronym"), max_length=30, required=False)
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    government_level = forms.ChoiceField(
        label=_("Government level"),
        choices=[("", _("— not a government organization —")), *GovernmentLevel.choices],
        required=False,
        help_text=_("Only for government organizations."),
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea,
        required=False,
        max_length=limits.DESCRIPTION,
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices)
    language = forms.ChoiceField(label=_("Language of the e-mail"), choices=Language.choices)


class RegisterFromInvitationForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput)


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the organization (optional)"),
        widget=forms.Textarea,
        required=False,
        max_length=limits.COMMENT,
    )


class ApiKeyForm(forms.Form):
    name = forms.CharField(label=_("Who uses this key"), max_length=100)
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"), choices=ApiScope.choices, widget=forms.CheckboxSelectMultiple
    )


class QueuedPasswordResetForm(PasswordResetForm):
    """Queues one task for every request, known e-mail or not; the task writes the links."""

    def save(self, *args, **kwargs) -> None:
        from stakeholders.tasks import send_password_reset_emails

        user_ids = [user.pk for user in self.get_users(self.cleaned_data["email"])]
        # The same query and the same one message to the broker for an unknown address (an
        # empty list), so the answer takes as long; a fresh id per request, so a second
        # request gets a second e-mail while a delivery again of this one writes none.
        send_password_reset_emails.delay_on_commit(user_ids, secrets.token_hex(16))


class DisplayForm(forms.Form):
    """The accessibility controls (stakeholders.display); the header's short form posts the
    same fields."""

    size = forms.ChoiceField(
        label=_("Text size"),
        choices=[("normal", _("Normal")), ("large", _("Large")), ("larger", _("Larger"))],
        widget=forms.RadioSelect,
        initial="normal",
    )
    contrast = forms.BooleanField(label=_("High contrast"), required=False)
    underline = forms.BooleanField(label=_("Underline links"), required=False)
    still = forms.BooleanField(label=_("Reduce motion"), required=False)

    @classmethod
    def for_display(cls, display: Display, data=None) -> "DisplayForm":
        initial = {
            "size": display.size,
            "contrast": display.contrast,
            "underline": display.underline,
            "still": display.still,
        }
        return cls(data, initial=initial)

    def display(self) -> Display:
        return Display(**self.cleaned_data)
