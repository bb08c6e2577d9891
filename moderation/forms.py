"""Forms of the site-wide pages: contact, and the moderation desk."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import AuditEntry
from members.models import MODERATORS_GROUP

from .models import ContactMessage


class ContactForm(forms.Form):
    TOPICS = [
        ("question", _("A question or a suggestion")),
        ("issue", _("Report an issue")),
        ("content", _("About content on the site")),
        ("account", _("My membership or account")),
    ]

    name = forms.CharField(
        label=_("Your name"),
        max_length=ContactMessage._meta.get_field("name").max_length,
    )
    email = forms.EmailField(label=_("Your e-mail"))
    topic = forms.ChoiceField(label=_("Topic"), choices=TOPICS, initial="question")
    subject = forms.CharField(label=_("Subject"), max_length=120)
    body = forms.CharField(
        label=_("Message"),
        max_length=ContactMessage._meta.get_field("body").max_length,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    # Hidden from people by the stylesheet; automated senders fill it in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def topic_label(self) -> str:
        return str(dict(self.TOPICS)[self.cleaned_data["topic"]])

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class ReasonForm(forms.Form):
    """Why a moderator rejects, hides or suspends: required where the author is told."""

    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, required=False)


class AuditFilterForm(forms.Form):
    """Filters of the audit log; invalid values are ignored, not errors."""

    moderator = forms.ModelChoiceField(
        label=_("Moderator"), queryset=get_user_model().objects.none(), required=False
    )
    action = forms.ChoiceField(label=_("Action"), required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["moderator"].queryset = (
            get_user_model()
            .objects.filter(
                Q(groups__name=MODERATORS_GROUP)
                | Q(is_superuser=True)
                | Q(audit_entries__isnull=False)
            )
            .select_related("profile")
            .distinct()
            .order_by("username")
        )
        self.fields["moderator"].label_from_instance = _moderator_label
        actions = AuditEntry.objects.order_by("action").values_list("action", flat=True)
        self.fields["action"].choices = [("", _("All actions"))] + [
            (action, action.replace("_", " ")) for action in actions.distinct()
        ]

    def filter(self, queryset):
        if not self.is_bound:
            return queryset
        self.is_valid()  # an invalid field drops out; the valid ones still apply
        data = self.cleaned_data
        if data.get("moderator"):
            queryset = queryset.filter(actor=data["moderator"])
        if data.get("action"):
            queryset = queryset.filter(action=data["action"])
        if data.get("since"):
            queryset = queryset.filter(created_at__date__gte=data["since"])
        if data.get("until"):
            queryset = queryset.filter(created_at__date__lte=data["until"])
        return queryset


def _moderator_label(user) -> str:
    profile = getattr(user, "profile", None)
    return profile.display_name if profile else user.get_username()


class CurrentForm(forms.Form):
    """An item is still current: its next review, by default the interval on."""

    review_by = forms.DateField(
        label=_("Next review"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class OutdatedForm(forms.Form):
    """An item is outdated: what readers should know, and what replaces it."""

    note = forms.CharField(
        label=_("What is out of date (shown to readers)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    successor_url = forms.CharField(
        label=_("What replaces it (a path on this site or an address)"),
        max_length=500,
        required=False,
    )
