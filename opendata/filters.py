"""The filters each API list accepts: the same as the site's lists, stated once
for the views (which validate them) and the OpenAPI schema (which describes them)."""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import QuerySet
from django_countries import countries

from cases.forms import FIRST_YEAR, STORY_LANGUAGES, CaseFilterForm
from events.models import Document, Session
from impact.filters import FIRST_YEAR as FIRST_ADOPTION_YEAR
from impact.filters import LAST_YEAR
from members.models import Institution


@dataclass(frozen=True)
class Filter:
    name: str
    schema: dict
    description: str


def _slug(max_length: int) -> dict:
    return {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$", "maxLength": max_length}


COUNTRY = {"type": "string", "enum": sorted(code for code, _name in countries)}
LANGUAGE = {"type": "string", "enum": [code for code, _name in STORY_LANGUAGES]}
# Control characters are refused (PostgreSQL text cannot hold NUL).
QUERY = {"type": "string", "maxLength": 200, "pattern": "^[^\\x00-\\x1f]*$"}


def _choices(choices) -> dict:
    return {"type": "string", "enum": [value for value, _label in choices]}


class InstitutionFilters(forms.Form):
    country = forms.ChoiceField(required=False, choices=list(countries))
    kind = forms.ChoiceField(required=False, choices=Institution.Kind.choices)


class SessionFilters(forms.Form):
    event = forms.SlugField(required=False, max_length=80)
    kind = forms.ChoiceField(required=False, choices=Session.Kind.choices)


class DocumentFilters(forms.Form):
    event = forms.SlugField(required=False, max_length=80)
    kind = forms.ChoiceField(required=False, choices=Document.Kind.choices)
    language = forms.ChoiceField(required=False, choices=STORY_LANGUAGES)
    q = forms.CharField(required=False, max_length=200)


class StoryFilters(CaseFilterForm):
    """The case list's filters, minus its sort (the API pages by identifier)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["sort"]


class AdoptionFilters(forms.Form):
    """The impact pages' filters (dimension, year), and the story, the adopting
    institution and its country."""

    case_story = forms.SlugField(required=False, max_length=220)
    institution = forms.SlugField(required=False, max_length=80)
    country = forms.ChoiceField(required=False, choices=list(countries))
    dimension = forms.SlugField(required=False, max_length=50)
    year = forms.IntegerField(
        required=False, min_value=FIRST_ADOPTION_YEAR, max_value=LAST_YEAR
    )


def _stories(rows: QuerySet, values: dict) -> QuerySet:
    return rows.filtered(**values)


def _institutions(rows: QuerySet, values: dict) -> QuerySet:
    return rows.filter(**values)


def _sessions(rows: QuerySet, values: dict) -> QuerySet:
    if "event" in values:
        rows = rows.filter(event__slug=values["event"])
    if "kind" in values:
        rows = rows.filter(kind=values["kind"])
    return rows


def _documents(rows: QuerySet, values: dict) -> QuerySet:
    if "q" in values:
        rows = rows.matching(" ".join(values["q"].split()))
    if "event" in values:
        rows = rows.filter(event__slug=values["event"])
    return rows.filter(
        **{name: values[name] for name in ("kind", "language") if name in values}
    )


def _adoptions(rows: QuerySet, values: dict) -> QuerySet:
    if "dimension" in values:
        rows = rows.in_dimension(values["dimension"])
    if "year" in values:
        rows = rows.in_year(values["year"])
    return rows.filter(
        **{
            lookup: values[name]
            for name, lookup in (
                ("case_story", "case_story__slug"),
                ("institution", "institution__slug"),
                ("country", "institution__country"),
            )
            if name in values
        }
    )


# resource name → (form, apply, filters as the schema describes them)
FILTERS: dict[str, tuple[type[forms.Form], Any, tuple[Filter, ...]]] = {
    "case-stories": (
        StoryFilters,
        _stories,
        (
            Filter("q", QUERY, "Words to search for, as in a web search box."),
            Filter("country", COUNTRY, "ISO 3166-1 alpha-2 code."),
            Filter("dimension", _slug(50), "Slug of a KS dimension."),
            Filter("tag", _slug(100), "Slug of a theme."),
            Filter(
                "institution", _slug(80), "Slug of a leading or partner institution."
            ),
            Filter(
                "year",
                {"type": "integer", "minimum": FIRST_YEAR, "maximum": 2100},
                "Year the experience took place.",
            ),
            Filter("language", LANGUAGE, "Language of the story."),
        ),
    ),
    "institutions": (
        InstitutionFilters,
        _institutions,
        (
            Filter("country", COUNTRY, "ISO 3166-1 alpha-2 code."),
            Filter("kind", _choices(Institution.Kind.choices), "Kind."),
        ),
    ),
    "sessions": (
        SessionFilters,
        _sessions,
        (
            Filter("event", _slug(80), "Slug of the event."),
            Filter("kind", _choices(Session.Kind.choices), "Format."),
        ),
    ),
    "documents": (
        DocumentFilters,
        _documents,
        (
            Filter("event", _slug(80), "Slug of the event."),
            Filter("kind", _choices(Document.Kind.choices), "Kind."),
            Filter("language", LANGUAGE, "Language."),
            Filter("q", QUERY, "Words to search for in the title and text."),
        ),
    ),
    "adoptions": (
        AdoptionFilters,
        _adoptions,
        (
            Filter("case_story", _slug(220), "Slug of the case story adapted."),
            Filter(
                "institution", _slug(80), "Slug of the institution that adapted it."
            ),
            Filter("country", COUNTRY, "ISO 3166-1 alpha-2 code of its country."),
            Filter("dimension", _slug(50), "Slug of a KS dimension of the story."),
            Filter(
                "year",
                {
                    "type": "integer",
                    "minimum": FIRST_ADOPTION_YEAR,
                    "maximum": LAST_YEAR,
                },
                "Year the story was adapted.",
            ),
        ),
    ),
}


def apply_filters(name: str, rows: QuerySet, query) -> tuple[QuerySet, dict]:
    """``rows`` narrowed by the filters of ``query``, and the errors of the
    invalid ones (the caller answers 400 when there are any)."""
    if name not in FILTERS:
        return rows, {}
    form_class, apply, _described = FILTERS[name]
    given = {key: query[key] for key in query if key in form_class.base_fields}
    if not given:
        # An empty form narrows nothing; building one cost a page a tenth.
        return rows, {}
    form = form_class(given)
    if not form.is_valid():
        return rows, {field: list(errors) for field, errors in form.errors.items()}
    values = {key: value for key, value in form.cleaned_data.items() if value}
    return apply(rows, values), {}
