"""The case list's part that reads the same for every reader of one address
(its facets, results, cards and pages) and the list's JSON-LD, kept together per
canonical address (filters, sort, page), language and content version.

A list address already rendered costs one cache read; a new one, that read, the
cards' read, and one write for the list and the cards rendered for it (the
list, its JSON-LD and each card were three writes, and two reads more)."""

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.translation import get_language

from core.pagecache import CONTENT, TIMEOUT, versioned_key
from core.structured_data import item_list, page_data

from . import cards

TEMPLATE = "cases/casestory_list.html#results"


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
        unsaved = {}
        shown = cards.rendered(page_obj.object_list, show_views=True, unsaved=unsaved)
        listing = {
            "html": render_to_string(TEMPLATE, {**context, "cards": shown}),
            "data": page_data(item_list(page_obj, request.build_absolute_uri)),
        }
        cache.set_many({key: listing, **unsaved}, TIMEOUT)
    return listing
