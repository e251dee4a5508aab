"""Forms for the implementation pages; the services validate again and have the last word."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lap import limits, progress_files
from lap.documents import validate_document
from lap.forms.actions import OnBehalfMixin
from lap.forms.widgets import DateInput

# What the upload fields tell before a file is chosen (a 10-minute upload on a rural line
# should not end in "too large").
UPLOAD_HELP = _("JPEG, PNG, PDF, ODT or DOCX, at most 10 MB each.")
ACCEPT = ".jpg,.jpeg,.png,.pdf,.odt,.docx"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        cleaned = [super(MultipleFileField, self).clean(file, initial) for file in files]
        for file in cleaned:
            validate_document(file)
        return cleaned


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=limits.TITLE)
    due_on = forms.DateField(label=_("Due date"), widget=DateInput())


class MilestoneDoneForm(forms.Form):
    done_on = forms.DateField(
        label=_("Done on"),
        widget=DateInput(),
        required=False,
        help_text=_("Leave it empty to mark the milestone as not done."),
    )
    evidence = forms.FileField(
        label=_("Evidence (optional)"),
        required=False,
        help_text=UPLOAD_HELP,
        validators=[validate_document],
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )


class ProgressUpdateForm(OnBehalfMixin, forms.Form):
    reported_on = forms.DateField(label=_("Date"), widget=DateInput())
    percent = forms.IntegerField(
        label=_("Percent complete (optional)"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("From 0 to 100; leave it empty if the update only tells what happened."),
    )
    narrative = forms.CharField(
        label=_("What happened"), widget=forms.Textarea, max_length=limits.DESCRIPTION
    )
    attachments = MultipleFileField(
        label=_("Photos or documents"), required=False, help_text=UPLOAD_HELP
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.add_on_behalf_field(user)
            if "on_behalf_of" in self.fields:
                # The member comes first: a facilitator reports for them, never as themself.
                self.order_fields(["on_behalf_of", "organization"])


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=limits.REASON
    )


class ProgressUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "One row per update, under a first row naming the columns: action (its number), "
            "date (2026-11-30 or 30/11/2026), percent (optional, 0 to 100) and narrative. At most "
            "%(rows)d rows and %(megabytes)d MB."
        ) % {
            "rows": progress_files.MAX_ROWS,
            "megabytes": progress_files.MAX_FILE_BYTES // (1024 * 1024),
        }
