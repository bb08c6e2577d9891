"""schema.org nodes of the exchange: a request (Demand), an offer (Offer) and an
agreed exchange (an Event between institutions). What and where, never who to
contact."""

from collections.abc import Callable

from django_countries import countries

from core.structured_data import node
from members.structured_data import organization

from .models import Exchange

Absolute = Callable[[str], str]


def listing(item, absolute: Absolute) -> dict:
    """A request or an offer that is not hidden."""
    is_offer = item.kind == "offer"
    by = organization(item.institution, absolute) if item.institution else None
    return node(
        "Offer" if is_offer else "Demand",
        name=item.title,
        description=item.summary,
        url=absolute(item.get_absolute_url()),
        inLanguage=item.language,
        areaServed=[countries.name(code) or code for code in item.countries],
        availableLanguage=list(item.languages),
        offeredBy=by if is_offer else None,
        sdPublisher=None if is_offer else by,
        validThrough=None if is_offer else item.needed_by,
    )


def exchange(exchange: Exchange, parties, absolute: Absolute) -> dict:
    """An agreed exchange: its dates, its way of working and the institutions."""
    listings = [item for item in (exchange.request, exchange.offer) if item]
    return node(
        "Event",
        name=exchange.title,
        url=absolute(exchange.get_absolute_url()),
        startDate=exchange.starts_on,
        endDate=exchange.ends_on,
        eventAttendanceMode="https://schema.org/OnlineEventAttendanceMode"
        if exchange.modality == "virtual"
        else None,
        description=str(exchange.get_modality_display()),
        organizer=[organization(party.institution, absolute) for party in parties],
        about=[
            node("Thing", name=item.title, url=absolute(item.get_absolute_url()))
            for item in listings
            if not item.hidden
        ],
    )
