"""Case story cards, rendered once per story, content version and language, and
reused by every list page that shows them: a new filter combination, page or sort
puts together cards already rendered for other addresses.

A card is written by :func:`card`, not by the template engine: with twelve new
cards on a new list address, the engine took about 0.4 ms a card (its nodes,
lookups and filters), most of a first render's time; the function takes a tenth
of that. Every page that shows cards uses it (``{{ case|case_card }}``).

A card is kept under the content version (every write to a story, its themes,
their labels, dimensions or institution bumps it), the reader's language (its
themes are named in it) and its view count (which changes without one), so a
cached card is never stale."""

import functools
from html import escape
from urllib.parse import quote

from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.cache import cache
from django.urls import get_script_prefix, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

from core.pagecache import CONTENT, TIMEOUT, versioned_key
from core.text import strip_markdown
from taxonomy.querysets import attach_themes

# What a card reads of a story and its lead institution, for a list that reads
# its rows for its cards alone (``cases.facet_index.Stories``): a third less to
# read and decode than every card field (``CaseStoryQuerySet.for_cards``).
FIELDS = (
    "slug",
    "title",
    "language",
    "outdated",
    "summary",
    "year",
    "view_count",
    "lead_institution__name",
    "lead_institution__acronym",
)


def card(case, *, show_views: bool = False) -> SafeString:
    """The card of ``case``: its title, institution, year, views, summary (or its
    search snippet), dimensions and themes (when attached, see attach_themes)."""
    language = escape(case.language)
    title = escape(case.title)
    if case.outdated:
        title += f' <span class="badge badge-warn">{_words()["outdated"]}</span>'
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
        f'  <p class="meta">{_meta(case, show_views)}</p>\n'
        f"  {text}\n"
        f"  {_dimensions(case)}\n"
        f"  {_themes(case)}\n"
        "</article>\n"
    )


def _meta(case, show_views: bool) -> str:
    parts = []
    if case.lead_institution:
        parts.append(escape(case.lead_institution.short_name))
    if case.year:
        parts.append(str(case.year))
    meta = " · ".join(parts)
    if show_views and case.view_count:
        views = ngettext("%(shown)s view", "%(shown)s views", case.view_count) % {
            "shown": intcomma(case.view_count)
        }
        meta += f" · {escape(views)}"
    return meta


def _dimensions(case) -> str:
    # A list chosen by the facet index reads its stories' dimensions there.
    dimensions = getattr(case, "listed_dimensions", None)
    if dimensions is None:
        dimensions = case.dimensions.all()
    if not dimensions:
        return ""
    language, prefix = get_language(), get_script_prefix()
    items = "".join(
        _dimension_item(dimension, dimension.slug, dimension.name, language, prefix)
        for dimension in dimensions
    )
    return f'<ul class="tags" aria-label="{_words()["dimensions"]}">{items}</ul>'


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


def _words() -> dict[str, str]:
    return _translated(get_language())


@functools.lru_cache(maxsize=16)
def _translated(language: str) -> dict[str, str]:
    """A card's own words in ``language`` (the active one), escaped: translated
    once a worker rather than two or three times a card."""
    return {
        "outdated": escape(gettext("Outdated")),
        "dimensions": escape(gettext("KS dimensions")),
        "themes": escape(gettext("Themes")),
    }


def _themes(case) -> str:
    themes = getattr(case, "themes", None)
    if not themes:
        return ""
    listed = list_path()
    items = "".join(
        f'<li><a class="badge" href="{listed}?tag={escape(quote(theme["slug"]))}">'
        f"{escape(theme['name'])}</a></li>"
        for theme in themes
    )
    return f'<ul class="tags" aria-label="{_words()["themes"]}">{items}</ul>'


def _key(case, show_views: bool) -> str:
    views = case.view_count if show_views else None
    return versioned_key("card", case.pk, views, get_language(), scopes=(CONTENT,))


def rendered(
    cases, *, show_views: bool = False, unsaved: dict | None = None
) -> list[SafeString]:
    """The cards of ``cases``, in order: those already rendered in one cache read,
    the others rendered now, with their themes, and kept (or, given ``unsaved``,
    put there for the caller to keep with what it writes). A card with a search
    highlight is rendered each time (it depends on the query)."""
    cases = list(cases)
    keys = [
        None if case.highlighted_snippet else _key(case, show_views) for case in cases
    ]
    found = cache.get_many([key for key in keys if key])
    # The themes of the cards rendered now, in the reader's language, unless
    # attached already (the case list's from its facet index): one query.
    attach_themes(
        [
            case
            for case, key in zip(cases, keys, strict=True)
            if key not in found and not hasattr(case, "themes")
        ],
        get_language(),
    )
    cards, new = [], {}
    for case, key in zip(cases, keys, strict=True):
        shown = found.get(key) if key else None
        if shown is None:
            shown = card(case, show_views=show_views)
            if key:
                new[key] = str(shown)
        cards.append(mark_safe(shown))  # noqa: S308 — written by card()
    if unsaved is not None:
        unsaved.update(new)
    elif new:
        cache.set_many(new, TIMEOUT)
    return cards
