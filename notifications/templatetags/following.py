"""The Follow button that detail pages include by name
(``{% include "notifications/follow_button.html" with item=obj %}``)."""

from django import template

from core import readerfacts

from ..followable import is_followable, object_key
from ..querysets import is_following

register = template.Library()


@register.simple_tag(takes_context=True)
def follow_state(context, item=None, key: str = "") -> dict:
    """The key to post and whether the reader follows it already; one query, and
    none for a visitor or when the page read it (``core.readerfacts``)."""
    if item is not None:
        key = object_key(item) if is_followable(item) else ""
        following = readerfacts.known(context, "following", item)
        if following is not None:
            return {"key": key, "following": bool(key) and following}
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"key": key, "following": bool(key) and is_following(user, key)}
