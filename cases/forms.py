"""Forms for browsing and contributing case stories; views pass the cleaned data
to the querysets and services."""

import copy
import functools

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from taggit.forms import TagField

from core.text import MARKDOWN_MAX_LENGTH
from members.models import Institution

from .models import SUMMARY_MAX_LENGTH, CaseStory, Correction, Dimension
from .querysets import SORTS

FILTER_NAMES = (
    "q",
    "country",
    "dimension",
    "tag",
    "institution",
    "year",
    "language",
)
STORY_LANGUAGES = [
    *settings.LANGUAGES,
    ("pt", _("Portuguese")),
]
FIRST_YEAR = 1950
# No maxlength attribute: a browser would cut a pasted text without a word, where
# the validator says so and keeps the text in the form.
MARKDOWN_VALIDATORS = [MaxLengthValidator(MARKDOWN_MAX_LENGTH)]


class CaseFilterForm(forms.Form):
    """The list's query string. Invalid values are dropped, never an error page."""

    q = forms.CharField(required=False, max_length=200, label=_("Search"))
    country = forms.CharField(required=False, max_length=2)
    dimension = forms.SlugField(required=False, max_length=50)
    tag = forms.SlugField(required=False, max_length=100)
    institution = forms.SlugField(required=False, max_length=80)
    year = forms.IntegerField(required=False, min_value=FIRST_YEAR, max_value=2100)
    language = forms.ChoiceField(required=False, choices=STORY_LANGUAGES)
    # The stories discussed at an event's sessions: a pack's filter, not the list's.
    event = forms.SlugField(required=False, max_length=80)
    sort = forms.ChoiceField(
        required=False,
        choices=[
            ("", _("Relevance or most recent")),
            ("recent", _("Most recent")),
            ("popular", _("Most read")),
            ("title", _("Title")),
        ],
    )

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())

    def clean_country(self) -> str:
        code = self.cleaned_data["country"].upper()
        if code and code not in countries:
            raise ValidationError(_("Unknown country."))
        return code

    def values(self) -> dict:
        """The valid filters and sort; anything invalid is left out."""
        self.is_valid()
        data = {name: self.cleaned_data.get(name) for name in FILTER_NAMES}
        data = {name: value for name, value in data.items() if value}
        sort = self.cleaned_data.get("sort")
        if sort in SORTS:
            data["sort"] = sort
        return data


class _ReadFields(dict):
    """The fields of a form that only reads its data: each form takes a copy of
    the mapping (which it may change), not of every field (the deep copy was
    most of the form's time, on every request of the list)."""

    def __deepcopy__(self, memo):
        return dict(self)


CaseFilterForm.base_fields = _ReadFields(CaseFilterForm.base_fields)


def filter_values(query) -> dict:
    """``CaseFilterForm(query).values()``, each parameter's value made once a
    worker from its raw value (the form cleans each field alone): a new list
    address is mostly a new combination of values seen before, and the form
    cost it a tenth of a millisecond, twice for a visitor (whose page cache
    reads the address before the view)."""
    values = {}
    for name in (*FILTER_NAMES, "sort"):
        raw = query.get(name)
        if raw:
            short = len(raw) <= KEPT_RAW_LENGTH
            value = _kept_value(name, raw) if short else _value(name, raw)
            if value:
                values[name] = value
    return values


def _value(name: str, raw: str):
    return CaseFilterForm({name: raw}).values().get(name)


# Longer raw values are read each time, so that the kept ones stay small.
KEPT_RAW_LENGTH = 256
_kept_value = functools.lru_cache(maxsize=4096)(_value)


class CaseStoryForm(forms.Form):
    """The story, section by section, as the contribution page shows it."""

    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=SUMMARY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("At most 300 characters: what happened, in two sentences."),
    )
    context = forms.CharField(
        validators=MARKDOWN_VALIDATORS,
        label=_("Context"),
        required=False,
        widget=forms.Textarea,
        help_text=_("Markdown. Where and when; who was involved."),
    )
    challenge = forms.CharField(
        validators=MARKDOWN_VALIDATORS,
        label=_("Challenge"),
        required=False,
        widget=forms.Textarea,
        help_text=_("Markdown. The problem the institution set out to solve."),
    )
    solution = forms.CharField(
        validators=MARKDOWN_VALIDATORS,
        label=_("Solution"),
        required=False,
        widget=forms.Textarea,
        help_text=_("Markdown. What was done, and how."),
    )
    results = forms.CharField(
        validators=MARKDOWN_VALIDATORS,
        label=_("Results"),
        required=False,
        widget=forms.Textarea,
        help_text=_("Markdown. What changed; figures where you have them."),
    )
    lessons = forms.CharField(
        validators=MARKDOWN_VALIDATORS,
        label=_("Lessons learnt"),
        required=False,
        widget=forms.Textarea,
        help_text=_("Markdown. What others should know before trying it."),
    )
    lead_institution = forms.ModelChoiceField(
        label=_("Lead institution"),
        queryset=Institution.objects.verified(),
        required=False,
    )
    partner_institutions = forms.ModelMultipleChoiceField(
        label=_("Partner institutions"),
        queryset=Institution.objects.verified(),
        required=False,
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries"),
        # Called for each form, so the names are in the reader's language.
        choices=lambda: list(countries),
        required=False,
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=FIRST_YEAR,
        help_text=_("When the experience took place or started."),
    )
    language = forms.ChoiceField(
        label=_("Language of the story"), choices=STORY_LANGUAGES, initial="en"
    )
    dimensions = forms.ModelMultipleChoiceField(
        label=_("KS dimensions"),
        queryset=Dimension.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("At least one before you submit for review."),
    )
    tags = TagField(
        label=_("Themes"),
        required=False,
        help_text=_('Separated by commas, e.g. "disaster risk management, health".'),
    )
    attachment = forms.FileField(
        label=_("Attach a file"),
        required=False,
        help_text=_("PDF, PNG or JPEG."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "application/pdf,image/png,image/jpeg"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        next_year = timezone.now().year + 1
        self.fields["year"].validators.append(MaxValueValidator(next_year))
        self.fields["year"].widget.attrs["max"] = next_year
        max_mb = round(settings.ATTACHMENT_MAX_BYTES / (1024 * 1024), 1)
        self.fields["attachment"].help_text = _(
            "PDF, PNG or JPEG, at most %(size)s MB."
        ) % {"size": max_mb}

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload and upload.size > settings.ATTACHMENT_MAX_BYTES:
            raise ValidationError(_("The file is too large."))
        return upload

    def story_data(self) -> dict:
        """The cleaned fields the services take, without the attachment."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name != "attachment"
        }

    @staticmethod
    def initial_for(case_story: CaseStory) -> dict:
        return {
            "title": case_story.title,
            "summary": case_story.summary,
            "context": case_story.context,
            "challenge": case_story.challenge,
            "solution": case_story.solution,
            "results": case_story.results,
            "lessons": case_story.lessons,
            "lead_institution": case_story.lead_institution_id,
            "partner_institutions": list(
                case_story.partner_institutions.values_list("pk", flat=True)
            ),
            "countries": case_story.countries,
            "year": case_story.year,
            "language": case_story.language,
            "dimensions": list(case_story.dimensions.values_list("pk", flat=True)),
            "tags": list(case_story.tags.all()),
        }


class CorrectionForm(forms.Form):
    """The story's text as it would read once corrected (the same fields and
    limits as the contribution form), and why."""

    explanation = forms.CharField(
        label=_("Why this correction?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: your source, or what changed since."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        explanation = self.fields.pop("explanation")
        for name in Correction.FIELDS:
            self.fields[name] = copy.deepcopy(CaseStoryForm.base_fields[name])
        self.fields["explanation"] = explanation

    @staticmethod
    def initial_for(case_story: CaseStory) -> dict:
        return {name: getattr(case_story, name) for name in Correction.FIELDS}


class DecisionForm(forms.Form):
    """A note with an accepted or declined correction."""

    note = forms.CharField(
        label=_("Note to the proposer"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
