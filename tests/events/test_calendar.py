import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")


def test_calendar_parses_and_holds_every_session_in_the_event_time_zone(client):
    event = factories.EventFactory(
        title="Second HLM on Knowledge Hubs",
        city="Seoul",
        country="KR",
        time_zone="Asia/Seoul",
        starts_on=datetime.date(2030, 6, 23),
        ends_on=datetime.date(2030, 6, 26),
    )
    sessions = [
        factories.SessionFactory(
            event=event,
            title=f"Roundtable {n}",
            starts_at=datetime.datetime(2030, 6, 23 + n, 9, 30, tzinfo=SEOUL),
            ends_at=datetime.datetime(2030, 6, 23 + n, 11, tzinfo=SEOUL),
        )
        for n in range(3)
    ]
    factories.SpeakerFactory(session=sessions[0], name="Ms Kim")

    response = client.get(reverse("events:calendar", args=[event.slug]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{event.slug}.ics"'
    )
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert calendar["PRODID"]
    assert str(calendar["X-WR-CALNAME"]) == "Second HLM on Knowledge Hubs"
    assert [tz.tz_name for tz in calendar.timezones] == ["Asia/Seoul"]
    assert calendar.get_missing_tzids() == set()

    events = calendar.walk("VEVENT")
    whole = next(e for e in events if str(e["UID"]).startswith("event-"))
    assert whole.decoded("DTSTART") == datetime.date(2030, 6, 23)
    assert whole.decoded("DTEND") == datetime.date(2030, 6, 27)
    assert "Seoul" in str(whole["LOCATION"])

    by_uid = {str(e["UID"]): e for e in events}
    assert len(events) == 1 + len(sessions)
    for session in sessions:
        item = by_uid[f"session-{session.pk}@testserver"]
        assert str(item["SUMMARY"]) == session.title
        assert item["DTSTART"].params["TZID"] == "Asia/Seoul"
        assert item["DTEND"].params["TZID"] == "Asia/Seoul"
        assert item.decoded("DTSTART") == session.starts_at
        assert item.decoded("DTSTART").astimezone(SEOUL).hour == 9
        assert item["DTSTAMP"]
        assert str(item["URL"]).endswith(session.get_absolute_url())
    assert "Ms Kim" in str(
        by_uid[f"session-{sessions[0].pk}@testserver"]["DESCRIPTION"]
    )


def test_calendar_of_unknown_event_is_404(client):
    assert client.get(reverse("events:calendar", args=["nowhere"])).status_code == 404
