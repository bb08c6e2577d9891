"""Forms for finding, posting and following knowledge exchanges; views pass the
cleaned data to the querysets and services."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from taggit.forms import TagField

from cases.models import CaseStory, Dimension

from .models import SUMMARY_MAX_LENGTH, Modality, WorkingLanguage
from .regions import REGION_CHOICES

FILTER_NAMES = (
    "q",
    "kind",
    "dimension",
    "tag",
    "country",
    "region",
    "language",
    "modality",
    "status",
)
KIND_CHOICES = [("request", _("Requests")), ("offer", _("Offers"))]
STATUS_CHOICES = [
    ("open", _("Open")),
    ("matched", _("Matched")),
    ("closed", _("Closed")),
]
HOLD_CTRL = _("Hold Ctrl (or Cmd) to choose several.")


def iso_date_input() -> forms.DateInput:
    """A browser date picker reads and writes ISO dates only, whatever the
    language of the page: an initial date shown in the local format would be
    dropped by the browser."""
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class ExchangeFilterForm(forms.Form):
    """The list's query string. Invalid values are dropped, never an error page."""

    q = forms.CharField(required=False, max_length=200)
    kind = forms.ChoiceField(required=False, choices=KIND_CHOICES)
    dimension = forms.SlugField(required=False, max_length=50)
    tag = forms.SlugField(required=False, max_length=100)
    country = forms.CharField(required=False, max_length=2)
    region = forms.ChoiceField(required=False, choices=REGION_CHOICES)
    language = forms.ChoiceField(required=False, choices=WorkingLanguage.choices)
    modality = forms.ChoiceField(required=False, choices=Modality.choices)
    status = forms.ChoiceField(required=False, choices=STATUS_CHOICES)

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].replace("\x00", "").split())

    def clean_country(self) -> str:
        code = self.cleaned_data["country"].upper()
        if code and code not in countries:
            raise ValidationError(_("Unknown country."))
        return code

    def values(self) -> dict:
        self.is_valid()
        data = {name: self.cleaned_data.get(name) for name in FILTER_NAMES}
        return {name: value for name, value in data.items() if value}


class ListingForm(forms.Form):
    """What requests and offers share."""

    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=SUMMARY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("At most 300 characters."),
    )
    body = forms.CharField(label=_("Description"), widget=forms.Textarea)
    dimensions = forms.ModelMultipleChoiceField(
        label=_("KS dimensions"),
        queryset=Dimension.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    tags = TagField(
        label=_("Themes"),
        required=False,
        help_text=_('Separated by commas, e.g. "conditional cash transfers".'),
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries concerned"),
        choices=lambda: list(countries),
        required=False,
        help_text=HOLD_CTRL,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you can work in"),
        choices=WorkingLanguage.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    modalities = forms.MultipleChoiceField(
        label=_("Modalities"),
        choices=Modality.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.ChoiceField(
        label=_("Language of this text"), choices=settings.LANGUAGES, initial="en"
    )

    FIELDS = (
        "title",
        "summary",
        "body",
        "dimensions",
        "tags",
        "countries",
        "languages",
        "modalities",
        "language",
    )

    @classmethod
    def initial_for(cls, item) -> dict:
        initial = {
            name: getattr(item, name)
            for name in cls.FIELDS
            if name not in ("dimensions", "tags")
        }
        initial["dimensions"] = [d.pk for d in item.dimensions.all()]
        initial["tags"] = list(item.tags.all())
        return initial


class RequestForm(ListingForm):
    body = forms.CharField(
        label=_("What you want to learn, and why"),
        widget=forms.Textarea,
        help_text=_("Markdown."),
    )
    context = forms.CharField(
        label=_("Context"),
        required=False,
        widget=forms.Textarea,
        help_text=_("Markdown. Your institution, the programme, what you tried."),
    )
    needed_by = forms.DateField(
        label=_("Needed by"),
        widget=iso_date_input(),
        help_text=_("The request closes after this date; you are reminded first."),
    )
    FIELDS = (*ListingForm.FIELDS, "context", "needed_by")


class OfferForm(ListingForm):
    body = forms.CharField(
        label=_("What you have done and can share"),
        widget=forms.Textarea,
        help_text=_("Markdown."),
    )
    capacity = forms.IntegerField(
        label=_("Exchanges you can take on at once"),
        min_value=1,
        max_value=100,
        initial=1,
    )
    case_stories = forms.ModelMultipleChoiceField(
        label=_("Your published case stories on this"),
        queryset=CaseStory.objects.none(),
        required=False,
        help_text=HOLD_CTRL,
    )
    FIELDS = (*ListingForm.FIELDS, "capacity")

    def __init__(self, *args, institution=None, **kwargs):
        super().__init__(*args, **kwargs)
        if institution is not None:
            self.fields["case_stories"].queryset = (
                CaseStory.objects.published()
                .by_institution(institution.slug)
                .only("pk", "title")
                .order_by("title")
            )

    @classmethod
    def initial_for(cls, item) -> dict:
        initial = super().initial_for(item)
        initial["case_stories"] = list(item.case_stories.values_list("pk", flat=True))
        return initial


class MessageForm(forms.Form):
    message = forms.CharField(
        label=_("Your message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class AgreementForm(forms.Form):
    modality = forms.ChoiceField(label=_("Modality"), choices=Modality.choices)
    starts_on = forms.DateField(label=_("Starts on"), widget=iso_date_input())
    ends_on = forms.DateField(label=_("Ends on"), widget=iso_date_input())


class ResultsForm(forms.Form):
    results = forms.CharField(
        label=_("What changed for your institution"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
