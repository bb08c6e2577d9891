"""The form members write posts with; saving goes through blog.services."""

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from core.text import MARKDOWN_MAX_LENGTH
from events.models import Event

from .models import Post


class EventChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Event) -> str:
        return f"{obj.title} ({obj.starts_on:%Y})"


class PostForm(forms.ModelForm):
    event = EventChoiceField(
        queryset=Event.objects.order_by("-starts_on"),
        required=False,
        label=_("Related event"),
        help_text=_("If the post reports on an event, choose it here."),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        initial="en",
        help_text=_("The language the post is written in."),
    )

    class Meta:
        model = Post
        fields = ["title", "summary", "body", "event", "tags", "language"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3, "maxlength": 300}),
            "body": forms.Textarea(attrs={"rows": 18}),
        }
        help_texts = {
            "summary": _("One or two sentences shown in lists and feeds."),
            "body": _(
                "Markdown: blank line between paragraphs, **bold**, *italic*, "
                "- lists, [link text](https://example.org)."
            ),
            "tags": _("Themes, separated by commas."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Checked on the server, not by a maxlength attribute that would cut a paste.
        self.fields["body"].validators.append(MaxLengthValidator(MARKDOWN_MAX_LENGTH))

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "summary": data["summary"],
            "body": data["body"],
            "event": data["event"],
            "tags": data["tags"],
            "language": data["language"],
        }
