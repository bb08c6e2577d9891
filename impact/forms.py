from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NOTE_MAX_LENGTH


class AdoptionForm(forms.Form):
    note = forms.CharField(
        label=_("What you took and how it went"),
        help_text=_("Markdown. At most 2,000 characters."),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)
