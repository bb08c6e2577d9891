"""The events feed and the calendar of every upcoming event."""

import datetime
import xml.etree.ElementTree as ET

import icalendar
import pytest
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def test_events_feed_lists_events_newest_announced_first(client):
    first = factories.EventFactory(title="HLM1 Bali")
    second = factories.EventFactory(title="HLM2 </title><script>x</script>")

    response = client.get("/events/feed/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 — our own output
    entries = feed.findall(f"{ATOM}entry")
    titles = [entry.findtext(f"{ATOM}title") for entry in entries]
    assert titles[0].startswith(second.title)
    assert titles[1].startswith("HLM1 Bali")
    links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
    assert links[1] == f"http://testserver{first.get_absolute_url()}"


def test_events_list_links_its_feed_and_calendar(client):
    html = client.get("/events/").content.decode()
    assert 'href="/events/feed/"' in html
    assert 'href="/events/calendar.ics"' in html


def test_calendar_holds_upcoming_events_and_their_sessions(client):
    upcoming = factories.EventFactory(title="HLM3")
    factories.SessionFactory(event=upcoming, title="Opening panel")
    past_day = timezone.localdate() - datetime.timedelta(days=400)
    factories.EventFactory(title="HLM1", starts_on=past_day, ends_on=past_day)

    response = client.get("/events/calendar.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    summaries = [str(item["summary"]) for item in calendar.walk("VEVENT")]
    assert summaries == ["HLM3", "Opening panel"]
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Asia/Seoul"
    (session,) = [i for i in calendar.walk("VEVENT") if i["summary"] == "Opening panel"]
    assert session.decoded("dtstart").utcoffset() == datetime.timedelta(hours=9)


def test_calendar_reads_a_bounded_number_of_times(
    client, django_assert_max_num_queries
):
    for _ in range(3):
        session = factories.SessionFactory(event=factories.EventFactory())
        factories.SpeakerFactory(
            session=session, institution=factories.InstitutionFactory()
        )
    with django_assert_max_num_queries(4):
        assert client.get("/events/calendar.ics").status_code == 200
