"""Case story cards, rendered once per story, content version and language, and
reused by every list page that shows them: a new filter combination, page or sort
puts together cards already rendered for other addresses.

A card is kept under the content version (every write to a story, its themes,
their labels, dimensions or institution bumps it), the reader's language (its
themes are named in it) and its view count (which changes without one), so a
cached card is never stale."""

from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core.pagecache import CONTENT, TIMEOUT, versioned_key
from taxonomy.querysets import attach_themes

CARD_TEMPLATE = "includes/cards/case-card.html"


def _key(case, show_views: bool) -> str:
    views = case.view_count if show_views else None
    return versioned_key("card", case.pk, views, get_language(), scopes=(CONTENT,))


def rendered(cases, *, show_views: bool = False) -> list[SafeString]:
    """The cards of ``cases``, in order: those already rendered in one cache read,
    the others rendered now, with their themes, and kept. A card with a search
    highlight is rendered each time (it depends on the query)."""
    cases = list(cases)
    template = get_template(CARD_TEMPLATE)
    keys = [
        None if case.highlighted_snippet else _key(case, show_views) for case in cases
    ]
    found = cache.get_many([key for key in keys if key])
    # The themes of the cards rendered now, in the reader's language: one query.
    attach_themes(
        [case for case, key in zip(cases, keys, strict=True) if key not in found],
        get_language(),
    )
    cards, new = [], {}
    for case, key in zip(cases, keys, strict=True):
        card = found.get(key) if key else None
        if card is None:
            card = template.render({"case": case, "show_views": show_views})
            if key:
                new[key] = card
        cards.append(mark_safe(card))  # noqa: S308 — a rendered, escaped template
    if new:
        cache.set_many(new, TIMEOUT)
    return cards
