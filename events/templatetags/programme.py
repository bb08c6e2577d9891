"""Template filters of the event programme."""

import re

from django import template
from django.utils.text import capfirst

from events import cards

register = template.Library()


def _words(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text).strip().lower()


@register.filter
def session_title(session) -> str:
    """The title without a leading "Roundtable:" that repeats the kind shown
    beside it (in its code's words or its label's, in any language)."""
    title = session.title
    head, colon, rest = title.partition(":")
    kinds = {_words(session.kind), _words(str(session.get_kind_display()))}
    if colon and rest.strip() and _words(head) in kinds:
        return capfirst(rest.strip())
    return title


@register.filter
def event_when(event) -> str:
    """The event's days, as the list's cards show them."""
    return cards.event_when(event)


@register.filter
def event_place(event) -> str:
    """The event's city and country, as the list's cards show them."""
    return cards.event_place(event)
