"""The event list: upcoming events, then past ones a page at a time. A page reads
the same for every reader, so it is rendered once per content version, language
and ten minutes and kept (``core.pagecache``), in the worker's memory after the
first read; the upcoming events once for every page. A parameter the page does
not read never makes another copy."""

import time

from django.core.paginator import Paginator
from django.utils.translation import get_language

from core.pagecache import CONTENT, cached, list_params, page_number, render_partials
from core.slugs import url_maker
from core.structured_data import address_list, page_data

from .cards import event_cards
from .models import Event

PAST_EVENTS_PER_PAGE = 20
TEMPLATE = "events/event_list.html"
# The list says whether an upcoming event takes registrations, which changes with
# the time: its rendering is kept for ten minutes at most, as before.
LIST_MINUTES = 10
visitor_params = list_params(lambda request: {})


def shared_page(request) -> dict:
    """The list's parts for the page asked for, and its structured data."""
    number = page_number(request)
    return cached(
        "event-list",
        (number, get_language(), _list_slot(), request.build_absolute_uri("/")),
        lambda: _event_list_page(request, number),
        scopes=(CONTENT,),
        in_process=True,
    )


def _list_slot() -> int:
    return int(time.time() // (LIST_MINUTES * 60))


def _event_list_page(request, number: int) -> dict:
    upcoming = cached(
        "event-list-upcoming",
        (get_language(), _list_slot()),
        _upcoming_events,
        scopes=(CONTENT,),
        in_process=True,
    )
    page_obj = Paginator(
        Event.objects.past().for_list(), PAST_EVENTS_PER_PAGE
    ).get_page(number)
    past = list(page_obj.object_list)
    context = {"page_obj": page_obj, "cards": event_cards(past, upcoming=False)}
    event_url = url_maker("events:detail")
    return {
        **render_partials(TEMPLATE, context, "past"),
        "upcoming": upcoming["upcoming"],
        "structured_data": page_data(
            address_list(
                [*upcoming["addresses"], *(event_url(event.slug) for event in past)],
                request.build_absolute_uri,
            )
        ),
    }


def _upcoming_events() -> dict:
    """The upcoming events, the same on every page of the list."""
    events = list(Event.objects.upcoming().for_list())
    event_url = url_maker("events:detail")
    return {
        **render_partials(
            TEMPLATE,
            {"cards": event_cards(events, upcoming=True)},
            "upcoming",
        ),
        "addresses": [event_url(event.slug) for event in events],
    }
