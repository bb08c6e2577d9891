"""The event in other formats: iCalendar for calendar apps, schema.org JSON-LD."""

import datetime
import json
from collections.abc import Callable, Iterable

import icalendar
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from .models import Event, Session

PRODID = "-//KS Hub//Events//EN"
# The characters that could end a <script> element or start markup inside it.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


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


def event_calendar(
    event: Event,
    sessions: Iterable[Session],
    *,
    host: str,
    absolute: Callable[[str], str],
) -> bytes:
    """One all-day VEVENT for the event and one timed VEVENT per session, with
    times in the event's own time zone and the VTIMEZONE that defines it."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", event.title)
    calendar.add("x-wr-timezone", event.time_zone)
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

    calendar.add_missing_timezones(
        first_date=datetime.date(event.starts_on.year, 1, 1),
        last_date=datetime.date(event.ends_on.year + 1, 1, 1),
    )
    return calendar.to_ical()


def event_json_ld(
    event: Event, sessions: Iterable[Session], *, absolute: Callable[[str], str]
) -> SafeString:
    """schema.org Event data, escaped to sit inside a <script> element."""
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "startDate": event.starts_on.isoformat(),
        "endDate": event.ends_on.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "url": absolute(event.get_absolute_url()),
        "organizer": [
            {
                "@type": "Organization",
                "name": institution.name,
                "url": absolute(institution.get_absolute_url()),
            }
            for institution in event.organisers.all()
        ],
    }
    if event.city or event.country:
        address = {"@type": "PostalAddress"}
        if event.city:
            address["addressLocality"] = event.city
        if event.country:
            address["addressCountry"] = event.country.code
        data["location"] = {
            "@type": "Place",
            "name": place_of(event),
            "address": address,
        }
    if event.capacity is not None:
        data["maximumAttendeeCapacity"] = event.capacity
    zone = event.zone
    sub_events = []
    for session in sessions:
        sub_event = {
            "@type": "Event",
            "name": session.title,
            "startDate": timezone.localtime(session.starts_at, zone).isoformat(),
            "endDate": timezone.localtime(session.ends_at, zone).isoformat(),
            "url": absolute(session.get_absolute_url()),
        }
        if session.place:
            sub_event["location"] = {"@type": "Place", "name": session.place}
        performers = [
            {"@type": "Person", "name": speaker.name}
            | ({"jobTitle": speaker.position} if speaker.position else {})
            for speaker in session.speakers.all()
        ]
        if performers:
            sub_event["performer"] = performers
        sub_events.append(sub_event)
    if sub_events:
        data["subEvent"] = sub_events
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(SCRIPT_ESCAPES))  # noqa: S308 — escaped
