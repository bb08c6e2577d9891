"""The case list's part that reads the same for every reader of one address
(its search form, facets, results, cards and pages) and the list's JSON-LD,
kept together per canonical address (filters, sort, page), language and content
version.

A list address already rendered costs one cache read; a new one, that read and
one write (a visitor's, with the visitor's page: ``write_with_page``; the cards
come from the worker's memory, ``cases.cards``).

The part is written by :func:`search_form` and :func:`results`, as its cards and
facets are, not by the template engine: its nodes and a score of translations a
request cost a new address most of a millisecond, a tenth of its time."""

import functools
from html import escape

from django.core.cache import cache
from django.urls import get_script_prefix, reverse
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

from core.listpages import filter_summary, pagination
from core.pagecache import CONTENT, versioned_key, write_with_page
from core.structured_data import item_list, page_data

from . import cards
from .cards import list_path
from .forms import CaseFilterForm


def kept_listing(request, context: dict, list_key: str) -> dict:
    """``{"html": the list's part, "data": its JSON-LD}`` for ``list_key``,
    rendered from ``context`` (its page and cards read only then) when not kept."""
    key = versioned_key(
        "case-list",
        list_key,
        get_language(),
        request.build_absolute_uri("/"),
        scopes=(CONTENT,),
    )
    listing = cache.get(key)
    if listing is None:
        page_obj = context["page_obj"]
        shown = cards.rendered(page_obj.object_list, show_views=True)
        listing = {
            "html": search_form(context) + results(context, shown),
            "data": page_data(item_list(page_obj, request.build_absolute_uri)),
        }
        write_with_page(request, key, listing)
    return listing


def search_form(context: dict) -> SafeString:
    """The search form with the list's filters and sort, and the link to the
    selection's pack."""
    words = _words(get_language())
    hidden = "".join(
        f'<input type="hidden" name="{escape(name)}" value="{escape(str(value))}">'
        for name, value in context["active"].items()
        if name != "q"
    )
    options = _sort_options(context["sort"], get_language())
    query = context["query_string"]
    pack = escape(_pack_path(get_script_prefix()) + (f"?{query}" if query else ""))
    return mark_safe(  # noqa: S308 — every value escaped above
        f'<form class="case-search" method="get" action="{escape(list_path())}" '
        f'role="search" aria-label="{words["search"]}">\n'
        f'  <div><label for="case-q">{words["search"]}</label>\n'
        f'  <input id="case-q" type="search" name="q" value="{escape(context["q"])}">'
        f"</div>\n  {hidden}\n"
        f'  <div class="sort"><label for="case-sort">{words["sort by"]}</label>\n'
        f'  <select id="case-sort" name="sort">\n    {options}\n  </select></div>\n'
        f'  <button type="submit">{words["apply"]}</button>\n</form>\n'
        f'<p><a href="{pack}">{words["pack"]}</a></p>\n\n\n'
    )


def results(context: dict, shown: list) -> SafeString:
    """The facets, the total, the chosen filters, the ``shown`` cards and the
    pages of the list's ``context``, escaped but for the HTML it holds (the
    facets', the cards', the words translated)."""
    words = _words(get_language())
    selected, clear = context["selected"], escape(context["clear_url"])
    parts = [
        '\n<div class="layout-sidebar">\n  <details class="filters">',
        # As the templates' includes write them, each followed by a line's end.
        f"{filter_summary(len(selected))}\n",
        '\n  <aside class="facets" aria-labelledby="facets-heading">\n'
        f'    <h2 id="facets-heading" class="visually-hidden">{words["narrow"]}</h2>'
        "\n    ",
    ]
    for facet in context["facets"]:
        values = (
            f"\n      {facet['html']}\n      "
            if facet["entries"]
            else f'<p class="muted">{words["none"]}</p>'
        )
        parts.append(
            f"\n    <fieldset>\n      <legend>{escape(facet['label'])}</legend>\n"
            f"      {values}\n    </fieldset>\n    "
        )
    parts.append("\n  </aside>\n  </details>\n\n")
    parts.append(_heading(context, words))
    if selected or context["q"]:
        chosen = "".join(
            f'<li><a class="badge" href="{escape(item["remove_url"])}">'
            f'{escape(item["label"])} <span aria-hidden="true">\u00d7</span>'
            f'<span class="visually-hidden">{words["remove"]}</span></a></li>'
            for item in selected
        )
        parts.append(
            f'\n    <ul class="tags" aria-label="{words["active"]}">\n      {chosen}'
            f'\n      <li><a href="{clear}">{words["clear"]}</a></li>\n    </ul>\n    '
        )
    parts.append("\n    ")
    if context["fuzzy"]:
        close = gettext(
            "No exact matches for “%(q)s”; showing titles that come close."
        ) % {"q": escape(context["q"])}
        parts.append(f'<p class="message">{close}</p>')
    parts.append("\n    ")
    if shown:
        listed = "".join(f"<li>{card}</li>" for card in shown)
        pages = pagination(context["page_obj"], context["query_string"])
        parts.append(
            f'\n    <ul class="card-list">\n      {listed}\n    </ul>\n    '
            f"{pages}\n\n    "
        )
    else:
        parts.append(
            f'\n    <div class="empty"><p>{words["no match"]}</p>'
            f'<p><a href="{clear}">{words["see all"]}</a></p></div>\n    '
        )
    parts.append("\n  </section>\n</div>\n")
    return mark_safe("".join(parts))  # noqa: S308 — every value escaped above


def _heading(context: dict, words: dict) -> str:
    """The results' heading (their total) and, for a broad search, what it lists."""
    total = context["page_obj"].paginator.count
    counted = ngettext("%(total)s case story", "%(total)s case stories", total) % {
        "total": localize(total)
    }
    heading = (
        '  <section aria-labelledby="results-heading">\n'
        f'    <h2 id="results-heading" class="results-heading">{counted}</h2>\n    '
    )
    if context["capped"]:
        broad = gettext(
            "A broad search: only its best %(shown)s matches are listed, and the "
            "filters count among them. Add a word or a filter to narrow it."
        ) % {"shown": localize(total)}
        heading += f'<p class="meta">{broad}</p>'
    return heading + "\n    "


@functools.lru_cache(maxsize=64)
def _sort_options(sort: str, language: str) -> str:
    """The sort's options, ``sort`` selected, in ``language`` (the active one)."""
    return "".join(
        f'<option value="{escape(value)}"'
        f"{' selected' if value == sort else ''}>{escape(str(label))}"
        "</option>"
        for value, label in CaseFilterForm.base_fields["sort"].choices
    )


@functools.lru_cache(maxsize=16)
def _pack_path(prefix: str) -> str:
    return reverse("cases:pack")


@functools.lru_cache(maxsize=16)
def _words(language: str) -> dict[str, str]:
    """The list's own words in ``language`` (the active one), translated and
    escaped (as ``{% translate %}`` writes them) once a worker."""
    words = {
        "search": gettext("Search case stories"),
        "sort by": gettext("Sort by"),
        "apply": gettext("Apply"),
        "pack": gettext(
            "Download this selection to read offline (web pages, PDF, EPUB)"
        ),
        "narrow": gettext("Narrow the list"),
        "none": gettext("None"),
        "active": gettext("Active filters"),
        "remove": gettext("remove filter"),
        "clear": gettext("Clear all"),
        "no match": gettext("No case story matches these filters."),
        "see all": gettext("See all case stories"),
    }
    return {name: escape(text) for name, text in words.items()}
