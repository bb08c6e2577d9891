"""The case list's filters and facets: what each chosen value is called, how many
stories each value would give under the other filters, and the list's addresses."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries import countries

from members.models import Institution
from taxonomy.filters import theme_named

from .forms import FILTER_NAMES, STORY_LANGUAGES
from .models import Dimension

STORY_LANGUAGE_NAMES = dict(STORY_LANGUAGES)
FACETS = ("dimension", "country", "tag", "institution", "year", "language")


def resolve(active: dict) -> tuple[dict, dict]:
    """The filters that name something, and the labels of the chosen values."""
    selected = _resolve_selected(active)
    return active, selected


def _resolve_selected(active: dict) -> dict:
    """Labels of the chosen values; a value naming nothing is dropped from ``active``
    so an unknown slug is ignored rather than emptying the list."""
    selected = {}
    lookups = {
        "dimension": (Dimension.objects, "name"),
        "institution": (Institution.objects, "name"),
    }
    for name, (manager, label) in lookups.items():
        if name in active:
            found = manager.filter(slug=active[name]).values_list(label, flat=True)
            found = found.first()
            if found is None:
                del active[name]
            else:
                selected[name] = found
    if "tag" in active:
        theme, _canonical = theme_named(active["tag"])
        if theme is None:
            del active["tag"]
        else:
            active["tag"], selected["tag"] = theme.slug, theme.name
    if "dimension" in selected:
        selected["dimension"] = _(selected["dimension"])
    if "country" in active:
        selected["country"] = countries.name(active["country"])
    if "year" in active:
        selected["year"] = str(active["year"])
    if "language" in active:
        selected["language"] = str(STORY_LANGUAGE_NAMES[active["language"]])
    return selected


def _facet_rows(name: str, base) -> tuple[list[tuple], str]:
    """(value, label, count) for each value of one facet, and the facet's name."""
    if name == "dimension":
        rows = [(r["slug"], _(r["name"]), r["count"]) for r in base.dimension_counts()]
        label = _("KS dimension")
    elif name == "tag":
        rows = [
            (r["slug"], r["name"], r["count"]) for r in base.tag_counts(get_language())
        ]
        label = _("Theme")
    elif name == "institution":
        rows = [(r["slug"], r["name"], r["count"]) for r in base.institution_counts()]
        label = _("Institution")
    elif name == "country":
        rows = [
            (code, countries.name(code) or code, count)
            for code, count in base.country_counts()
        ]
        label = _("Country")
    elif name == "language":
        rows = [
            (code, str(STORY_LANGUAGE_NAMES.get(code, code)), count)
            for code, count in base.language_counts()
        ]
        label = _("Language")
    else:
        rows = [(year, str(year), count) for year, count in base.year_counts()]
        label = _("Year")
    return rows, label


def facet(name, published, active, fuzzy, selected, sort) -> dict:
    """One facet: each value's count under the other active filters, and the
    address that chooses it (or, when chosen, drops it)."""
    others = {key: value for key, value in active.items() if key != name}
    rows, label = _facet_rows(name, published.filtered(**others, fuzzy=fuzzy))
    current = active.get(name)
    entries = [
        {
            "label": text,
            "count": count,
            "selected": value == current,
            "url": list_url(
                active, sort, **{name: None if value == current else value}
            ),
        }
        for value, text, count in rows
    ]
    return {
        "name": name,
        "label": label,
        "entries": entries,
        "selected": selected.get(name),
    }


def all_facets(published, active, fuzzy, selected, sort) -> list[dict]:
    return [facet(name, published, active, fuzzy, selected, sort) for name in FACETS]


def chosen(active: dict, selected: dict, sort: str) -> list[dict]:
    """The chosen filters, each with the address that drops it."""
    return [
        {
            "name": name,
            "label": selected[name],
            "remove_url": list_url(active, sort, **{name: None}),
        }
        for name in FACETS
        if name in selected
    ]


def query_string(active: dict, sort: str) -> str:
    return urlencode({**active, **({"sort": sort} if sort else {})})


def list_url(active: dict, sort: str, **changes) -> str:
    params = {**active, **changes}
    if sort:
        params["sort"] = sort
    query = urlencode(
        {
            key: value
            for key, value in params.items()
            if value not in (None, "") and (key in FILTER_NAMES or key == "sort")
        }
    )
    return reverse("cases:list") + (f"?{query}" if query else "")
