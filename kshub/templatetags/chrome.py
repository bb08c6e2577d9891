"""``{% site_header %}``: the header of every page, from a shared copy.

The header reads the same for every reader of one language and kind (visitor,
member, moderator) but for a few values of the request: the search words, the
page's own address (where signing in and changing the language come back to) and
the CSRF token of its forms. It is rendered once per release, language and kind,
with a "hole" in place of each of those, and every request fills the holes with
its own values, escaped as the template would have escaped them. Rendering it
anew was about a tenth of a signed-in page's CPU time.
"""

from django import template
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils.translation import get_language

from core.holes import HOLES, fill, reader_kind

register = template.Library()
TEMPLATE = "includes/site-header.html"


@register.simple_tag(takes_context=True)
def site_header(context) -> str:
    kind = reader_kind(context["user"])
    key = (
        f"site-header:{get_language()}:{kind.is_authenticated}:"
        f"{kind.moderates_something}"
    )
    shared = caches["release"].get(key)
    if shared is None:
        # Only what the kind of reader decides goes in: no one's name or token.
        shared = render_to_string(
            TEMPLATE, {"user": kind, "holes": HOLES, "csrf_token": HOLES.csrf}
        )
        caches["release"].set(key, shared, None)
    return fill(shared, context["request"])


@register.filter
def active_count(filters) -> int:
    """How many filters of a list page are set: a mapping's values or a list."""
    values = filters.values() if hasattr(filters, "values") else filters or ()
    return sum(1 for value in values if value)
