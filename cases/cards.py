"""Case story cards, rendered once per story, content version and language in a
worker, and reused by every list page that shows them: a new filter combination,
page or sort puts together cards already rendered for other addresses.

A card is written by :func:`card`, not by the template engine: with twelve new
cards on a new list address, the engine took about 0.4 ms a card (its nodes,
lookups and filters), most of a first render's time; the function takes a tenth
of that. Every page that shows cards uses it (``{{ case|case_card }}``).

A card is kept under the content version (every write to a story, its themes,
their labels, dimensions or institution bumps it), the reader's language (its
themes are named in it) and its view count (which changes without one), so a
kept card is never stale. It is kept in the worker's memory, not the shared
cache: on a new list address most cards are new, and reading and writing twelve
of them there cost more than writing them (about half a millisecond)."""

import functools
from html import escape
from urllib.parse import quote

from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import get_script_prefix, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

from core.pagecache import CONTENT, content_version
from core.text import strip_markdown
from taxonomy.querysets import attach_themes

from .models import CaseStory

# What a card reads of a story and its lead institution, for a list that reads
# its rows for its cards alone (``cases.facet_index.Stories``), as ``Row``
# reads them: a third less to read and decode than every card field
# (``CaseStoryQuerySet.for_cards``).
ROW_VALUES = (
    "id",
    "slug",
    "title",
    "language",
    "outdated",
    "summary",
    "year",
    "view_count",
    "lead_institution_id",
    "lead_institution__name",
    "lead_institution__acronym",
)


class Row:
    """A story as its list card reads it, from the values of ``ROW_VALUES``
    and its dimensions and themes: a list page makes twelve a tenth as fast as
    model instances."""

    __slots__ = (
        "language",
        "lead_institution",
        "listed_dimensions",
        "outdated",
        "pk",
        "slug",
        "summary",
        "themes",
        "title",
        "view_count",
        "year",
    )
    highlighted_snippet = ""
    get_absolute_url = CaseStory.get_absolute_url

    def __init__(self, values: dict, dimensions: list, themes: list):
        self.pk = values["id"]
        for name in ROW_VALUES[1:8]:  # slug ... view_count
            setattr(self, name, values[name])
        lead = values["lead_institution_id"]
        self.lead_institution = lead and _Lead(
            values["lead_institution__acronym"] or values["lead_institution__name"]
        )
        self.listed_dimensions, self.themes = dimensions, themes


class _Lead:
    __slots__ = ("short_name",)

    def __init__(self, short_name: str):
        self.short_name = short_name


def card(case, *, show_views: bool = False) -> SafeString:
    """The card of ``case``: its title, institution, year, views, summary (or its
    search snippet), dimensions and themes (when attached, see attach_themes)."""
    reader, prefix = get_language(), get_script_prefix()
    language = escape(case.language)
    title = escape(case.title)
    if case.outdated:
        outdated = _translated(reader)["outdated"]
        title += f' <span class="badge badge-warn">{outdated}</span>'
    snippet = case.highlighted_snippet
    text = (
        f'<p class="snippet" lang="{language}">{conditional_escape(snippet)}</p>'
        if snippet
        else f'<p lang="{language}">{escape(strip_markdown(case.summary))}</p>'
    )
    return mark_safe(  # noqa: S308 — every value escaped above and below
        '<article class="card">\n'
        f'  <h3 lang="{language}"><a href="{escape(case.get_absolute_url())}">'
        f"{title}</a></h3>\n"
        f'  <p class="meta">{_meta(case, show_views, reader)}</p>\n'
        f"  {text}\n"
        f"  {_dimensions(case, reader, prefix)}\n"
        f"  {_themes(case, reader, prefix)}\n"
        "</article>\n"
    )


def _meta(case, show_views: bool, language: str) -> str:
    parts = []
    if case.lead_institution:
        parts.append(escape(case.lead_institution.short_name))
    if case.year:
        parts.append(str(case.year))
    meta = " · ".join(parts)
    if show_views and case.view_count:
        meta += f" · {_views(case.view_count, language)}"
    return meta


@functools.lru_cache(maxsize=16384)
def _views(count: int, language: str) -> str:
    """A view count as a card words it in ``language`` (the active one), escaped:
    grouped by digits in the language's way, which costs more than the rest of
    the card's line, so once a worker for each count."""
    views = ngettext("%(shown)s view", "%(shown)s views", count)
    # Below a thousand, no language groups digits: as intcomma writes it.
    shown = str(count) if 0 <= count < 1000 else intcomma(count)
    return escape(views % {"shown": shown})


def _dimensions(case, language: str, prefix: str) -> str:
    # A list chosen by the facet index reads its stories' dimensions there.
    dimensions = getattr(case, "listed_dimensions", None)
    if dimensions is None:
        dimensions = case.dimensions.all()
    if not dimensions:
        return ""
    items = "".join(
        _dimension_item(dimension, dimension.slug, dimension.name, language, prefix)
        for dimension in dimensions
    )
    words = _translated(language)
    return f'<ul class="tags" aria-label="{words["dimensions"]}">{items}</ul>'


@functools.lru_cache(maxsize=1024)
def _dimension_item(dimension, slug, name, language, prefix) -> str:
    """A dimension's badge, the same on every card for one name, slug, language
    and script prefix: reversed and translated once a worker."""
    return (
        f'<li><a class="badge" href="{escape(dimension.get_absolute_url())}">'
        f"{escape(gettext(name))}</a></li>"
    )


@functools.lru_cache(maxsize=16)
def _list_path(prefix: str) -> str:
    return reverse("cases:list")


def list_path() -> str:
    """The list's own address (reversed once a worker and script prefix)."""
    return _list_path(get_script_prefix())


@functools.lru_cache(maxsize=16)
def _translated(language: str) -> dict[str, str]:
    """A card's own words in ``language`` (the active one), escaped: translated
    once a worker rather than two or three times a card."""
    return {
        "outdated": escape(gettext("Outdated")),
        "dimensions": escape(gettext("KS dimensions")),
        "themes": escape(gettext("Themes")),
    }


def _themes(case, language: str, prefix: str) -> str:
    themes = getattr(case, "themes", None)
    if not themes:
        return ""
    items = "".join(
        _theme_item(theme["slug"], theme["name"], prefix) for theme in themes
    )
    words = _translated(language)
    return f'<ul class="tags" aria-label="{words["themes"]}">{items}</ul>'


@functools.lru_cache(maxsize=4096)
def _theme_item(slug: str, name: str, prefix: str) -> str:
    """A theme's badge, the same on every card for one slug, name and script
    prefix (its name is the reader's language's already)."""
    return (
        f'<li><a class="badge" href="{_list_path(prefix)}?tag={escape(quote(slug))}">'
        f"{escape(name)}</a></li>"
    )


# The cards this worker rendered last (about a kilobyte each): emptied when full.
_kept: dict = {}
KEPT_CARDS = 4096


def rendered(cases, *, show_views: bool = False) -> list[SafeString]:
    """The cards of ``cases``, in order: those kept, and the others rendered now,
    with their themes, and kept. A card with a search highlight is rendered
    each time (it depends on the query)."""
    cases, language = list(cases), get_language()
    version = content_version((CONTENT,))
    keys = [
        None
        if case.highlighted_snippet
        else (version, case.pk, case.view_count if show_views else None, language)
        for case in cases
    ]
    # The themes of the cards rendered now, in the reader's language, unless
    # attached already (the case list's from its facet index): one query.
    attach_themes(
        [
            case
            for case, key in zip(cases, keys, strict=True)
            if key not in _kept and not hasattr(case, "themes")
        ],
        language,
    )
    cards = []
    for case, key in zip(cases, keys, strict=True):
        shown = _kept.get(key) if key else None
        if shown is None:
            shown = card(case, show_views=show_views)
            if key:
                if len(_kept) >= KEPT_CARDS:
                    _kept.clear()
                _kept[key] = shown
        cards.append(shown)
    return cards
