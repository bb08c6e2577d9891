"""Forms of the discussion pages; the services check every rule again."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cases.models import CaseStory
from events.models import Event

from .models import BODY_MAX_LENGTH, TITLE_MAX_LENGTH

MAX_TAGS = 8
MAX_LINKS = 5


def _no_nul(value: str) -> str:
    return (value or "").replace("\x00", "")


class TopicForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    body = forms.CharField(
        label=_("Your question or idea"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Markdown: *emphasis*, lists, links. At most 10 000 characters."),
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=300,
        help_text=_("Separated by commas, e.g. monitoring, cash transfers."),
    )
    language = forms.ChoiceField(
        label=_("Written in"),
        required=False,
        choices=[("", _("Detect it for me")), *settings.LANGUAGES],
    )
    case_stories = forms.CharField(
        label=_("Related case stories"),
        required=False,
        max_length=1000,
        help_text=_("Addresses or slugs of published case stories, one per line."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    events = forms.ModelMultipleChoiceField(
        label=_("Related events"),
        required=False,
        queryset=Event.objects.order_by("-starts_on"),
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_title(self):
        return _no_nul(self.cleaned_data["title"]).strip()

    def clean_body(self):
        return _no_nul(self.cleaned_data["body"]).strip()

    def clean_tags(self):
        tags = [t.strip() for t in _no_nul(self.cleaned_data["tags"]).split(",")]
        tags = list(dict.fromkeys(t[:100] for t in tags if t))
        if len(tags) > MAX_TAGS:
            raise forms.ValidationError(
                _("At most %(max)d tags.") % {"max": MAX_TAGS}, code="too_many"
            )
        return tags

    def clean_case_stories(self):
        raw = _no_nul(self.cleaned_data["case_stories"]).split()
        slugs = [part.strip("/").rsplit("/", 1)[-1] for part in raw if part.strip("/")]
        if len(slugs) > MAX_LINKS:
            raise forms.ValidationError(
                _("At most %(max)d case stories.") % {"max": MAX_LINKS}
            )
        stories = list(CaseStory.objects.published().filter(slug__in=slugs))
        unknown = set(slugs) - {story.slug for story in stories}
        if unknown:
            raise forms.ValidationError(
                _("No published case story at: %(slugs)s")
                % {"slugs": ", ".join(sorted(unknown))}
            )
        return stories

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "body": data["body"],
            "tags": data["tags"],
            "language": data["language"],
            "case_stories": data["case_stories"],
            "events": list(data["events"]),
        }


class MoveForm(forms.Form):
    space = forms.SlugField(label=_("Move to the space"), max_length=80)


class MergeForm(forms.Form):
    into = forms.CharField(
        label=_("Merge into the topic at"),
        max_length=300,
        help_text=_("Its address, e.g. /discussions/measuring-results/a-topic/"),
    )

    def clean_into(self) -> tuple[str, str]:
        parts = [p for p in _no_nul(self.cleaned_data["into"]).split("/") if p]
        if parts and parts[0] == "discussions":
            parts = parts[1:]
        if len(parts) != 2:
            raise forms.ValidationError(_("Give the address of a topic."))
        return parts[0], parts[1]


class AnswerForm(forms.Form):
    comment = forms.IntegerField(label=_("The reply that answered"), required=False)


class MemberForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)

    def clean_username(self):
        return _no_nul(self.cleaned_data["username"]).strip().lstrip("@")


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)
