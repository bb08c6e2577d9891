"""Forms for writing, editing and flagging comments."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BODY_MAX_LENGTH, Flag


class CommentForm(forms.Form):
    """A comment or a reply; the hidden key makes a resubmission harmless."""

    body = forms.CharField(
        label=_("Your comment"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plain text; links become clickable."),
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


class EditCommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plain text; links become clickable."),
    )


class FlagForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=Flag.Reason.choices)
    note = forms.CharField(
        label=_("Note for the moderators (optional)"),
        max_length=500,
        required=False,
    )
