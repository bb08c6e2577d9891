"""schema.org nodes of events: an Event with its sessions as sub-events, a
session with the event it is part of, and a DigitalDocument."""

from collections.abc import Callable, Iterable

from django.utils import timezone

from core.structured_data import node
from members.structured_data import organization

from .exports import place_of
from .models import Document, Event, Session

Absolute = Callable[[str], str]


def _location(event: Event) -> dict | None:
    if not (event.city or event.country):
        return None
    return node(
        "Place",
        name=place_of(event),
        address=node(
            "PostalAddress",
            addressLocality=event.city,
            addressCountry=event.country.code if event.country else None,
        ),
    )


def _speaker(speaker) -> dict:
    return node("Person", name=speaker.name, jobTitle=speaker.position)


def _session(session: Session, zone, absolute: Absolute, **more) -> dict:
    return node(
        "Event",
        name=session.title,
        startDate=timezone.localtime(session.starts_at, zone),
        endDate=timezone.localtime(session.ends_at, zone),
        url=absolute(session.get_absolute_url()),
        location=node("Place", name=session.place) if session.place else None,
        performer=[_speaker(speaker) for speaker in session.speakers.all()],
        **more,
    )


def reference(event: Event, absolute: Absolute, **more) -> dict:
    """The event where another thing names it: what, when, where."""
    return node(
        "Event",
        name=event.title,
        startDate=event.starts_on,
        endDate=event.ends_on,
        url=absolute(event.get_absolute_url()),
        location=_location(event),
        **more,
    )


def event(event: Event, sessions: Iterable[Session], *, absolute: Absolute) -> dict:
    """The event, its organisers and its programme."""
    zone = event.zone
    return reference(
        event,
        absolute,
        description=event.summary,
        eventStatus="https://schema.org/EventScheduled",
        eventAttendanceMode="https://schema.org/OfflineEventAttendanceMode",
        maximumAttendeeCapacity=event.capacity,
        organizer=[
            organization(institution, absolute)
            for institution in event.organisers.all()
        ],
        subEvent=[_session(session, zone, absolute) for session in sessions],
    )


def session(session: Session, *, absolute: Absolute) -> dict:
    """A session, as part of its event."""
    return _session(
        session,
        session.event.zone,
        absolute,
        description=session.description,
        about=session.dimension.name if session.dimension else None,
        superEvent=reference(session.event, absolute),
    )


def document(document: Document, *, absolute: Absolute) -> dict:
    return node(
        "DigitalDocument",
        name=document.title,
        url=absolute(document.get_absolute_url()),
        inLanguage=document.language,
        datePublished=document.date,
        genre=str(document.get_kind_display()),
        encodingFormat=document.content_type,
        contentUrl=absolute(document.file.url) if document.file else None,
        contentSize=document.size,
        abstract=document.text[:300] if document.text_is_summary else None,
        about=reference(document.event, absolute),
    )
