"""The event in other formats: iCalendar for calendar apps."""

import datetime
from collections.abc import Callable, Iterable

import icalendar
from django.utils import timezone

from .models import Event, Session

PRODID = "-//KS Hub//Events//EN"


def place_of(event: Event) -> str:
    return ", ".join(part for part in (event.city, str(event.country.name)) if part)


def _session_description(session: Session) -> str:
    lines = [str(session.get_kind_display())]
    if session.dimension:
        lines.append(session.dimension.name)
    for speaker in session.speakers.all():
        details = ", ".join(
            part
            for part in (
                speaker.position,
                speaker.institution.short_name if speaker.institution else "",
            )
            if part
        )
        lines.append(f"{speaker.name} ({details})" if details else speaker.name)
    if session.description:
        lines.extend(["", session.description])
    return "\n".join(lines)


def _calendar(name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def _add_event(
    calendar: icalendar.Calendar,
    event: Event,
    sessions: Iterable[Session],
    *,
    host: str,
    absolute: Callable[[str], str],
) -> None:
    """One all-day VEVENT for the event and one timed VEVENT per session, with
    times in the event's own time zone."""
    stamp = timezone.now().replace(microsecond=0)
    place = place_of(event)

    whole = icalendar.Event()
    whole.add("uid", f"event-{event.pk}@{host}")
    whole.add("dtstamp", stamp)
    whole.add("dtstart", event.starts_on)
    whole.add("dtend", event.ends_on + datetime.timedelta(days=1))
    whole.add("summary", event.title)
    if place:
        whole.add("location", place)
    whole.add("description", event.summary)
    whole.add("url", absolute(event.get_absolute_url()))
    whole.add("transp", "TRANSPARENT")
    calendar.add_component(whole)

    zone = event.zone
    for session in sessions:
        item = icalendar.Event()
        item.add("uid", f"session-{session.pk}@{host}")
        item.add("dtstamp", stamp)
        item.add("dtstart", timezone.localtime(session.starts_at, zone))
        item.add("dtend", timezone.localtime(session.ends_at, zone))
        item.add("summary", session.title)
        location = ", ".join(part for part in (session.place, place) if part)
        if location:
            item.add("location", location)
        item.add("description", _session_description(session))
        item.add("categories", [str(session.get_kind_display())])
        item.add("url", absolute(session.get_absolute_url()))
        calendar.add_component(item)


def _with_time_zones(calendar: icalendar.Calendar, events: list[Event]) -> bytes:
    """The calendar with the VTIMEZONE of every zone its times are in."""
    if events:
        calendar.add_missing_timezones(
            first_date=datetime.date(min(e.starts_on for e in events).year, 1, 1),
            last_date=datetime.date(max(e.ends_on for e in events).year + 1, 1, 1),
        )
    return calendar.to_ical()


def event_calendar(
    event: Event,
    sessions: Iterable[Session],
    *,
    host: str,
    absolute: Callable[[str], str],
) -> bytes:
    """The calendar of one event and its sessions."""
    calendar = _calendar(event.title)
    calendar.add("x-wr-timezone", event.time_zone)
    _add_event(calendar, event, sessions, host=host, absolute=absolute)
    return _with_time_zones(calendar, [event])


def events_calendar(
    events: Iterable[Event],
    *,
    name: str,
    host: str,
    absolute: Callable[[str], str],
) -> bytes:
    """One calendar of many events (their sessions prefetched), to subscribe to."""
    calendar = _calendar(name)
    events = list(events)
    for event in events:
        _add_event(calendar, event, event.sessions.all(), host=host, absolute=absolute)
    return _with_time_zones(calendar, events)
