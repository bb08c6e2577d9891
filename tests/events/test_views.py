import csv
import datetime
import io
import json
import re
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry
from events import services
from events.models import Registration
from tests import factories

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")


def _past_event(**kwargs):
    today = timezone.localdate()
    return factories.EventFactory(
        starts_on=today - datetime.timedelta(days=400),
        ends_on=today - datetime.timedelta(days=397),
        **kwargs,
    )


# The list


def test_event_list_shows_upcoming_first_then_past(client):
    old = _past_event(title="Bali HLM")
    soon = factories.EventFactory(title="Regional exchange")
    organiser = factories.InstitutionFactory(name="Korea Development Institute")
    old.organisers.add(organiser)
    old.participants_count = 250
    old.countries_count = 46
    old.save()

    response = client.get(reverse("events:list"))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Regional exchange") < html.index("Bali HLM")
    upcoming, past = html.split('id="upcoming-heading"')[1].split('id="past-heading"')
    assert soon.get_absolute_url() in upcoming
    assert old.get_absolute_url() in past
    assert old.get_absolute_url() not in upcoming
    assert "250 participants" in html
    assert "46 countries" in html
    assert "Seoul, South Korea" in html
    assert organiser.get_absolute_url() in html


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("events:list"))
    assert response.status_code == 200
    return len(queries)


def _events_with_organisers(count):
    for n in range(count):
        event = _past_event() if n % 2 else factories.EventFactory()
        event.organisers.add(factories.InstitutionFactory())
        factories.RegistrationFactory(event=event)


def test_event_list_query_count_does_not_grow_with_events(
    client, django_assert_num_queries
):
    _events_with_organisers(3)
    few = _list_queries(client)
    _events_with_organisers(27)

    with django_assert_num_queries(few):
        client.get(reverse("events:list"))
    assert few == 5


def test_event_list_page_past_the_end_gives_last_page(client):
    old = _past_event()

    response = client.get(reverse("events:list"), {"page": "999"})

    assert response.status_code == 200
    assert old.get_absolute_url() in response.text


# The event page


def test_event_detail_groups_programme_by_day_in_the_event_time_zone(client):
    event = factories.EventFactory(
        time_zone="Asia/Seoul",
        starts_on=datetime.date(2030, 6, 23),
        ends_on=datetime.date(2030, 6, 24),
    )
    utc = datetime.UTC
    # 20:00 UTC on the 23rd is 05:00 on the 24th in Seoul: day two.
    dawn_day_two = factories.SessionFactory(
        event=event,
        title="Dawn on day two",
        starts_at=datetime.datetime(2030, 6, 23, 20, tzinfo=utc),
        ends_at=datetime.datetime(2030, 6, 23, 21, tzinfo=utc),
    )
    later_day_two = factories.SessionFactory(
        event=event,
        title="Afternoon on day two",
        starts_at=datetime.datetime(2030, 6, 24, 14, tzinfo=SEOUL),
        ends_at=datetime.datetime(2030, 6, 24, 15, tzinfo=SEOUL),
    )
    day_one = factories.SessionFactory(
        event=event,
        title="Opening on day one",
        starts_at=datetime.datetime(2030, 6, 23, 9, tzinfo=SEOUL),
        ends_at=datetime.datetime(2030, 6, 23, 10, tzinfo=SEOUL),
    )

    response = client.get(event.get_absolute_url())

    programme = response.context["programme"]
    assert [day for day, _ in programme] == [
        datetime.date(2030, 6, 23),
        datetime.date(2030, 6, 24),
    ]
    assert programme[0][1] == [day_one]
    assert programme[1][1] == [dawn_day_two, later_day_two]
    html = response.content.decode()
    assert (
        html.index("Opening on day one")
        < html.index("Dawn on day two")
        < html.index("Afternoon on day two")
    )
    assert "05:00" in html  # local time at the venue, not UTC
    assert "Monday 24 June 2030" in html


def test_event_detail_shows_what_a_participant_needs(client):
    dimension = factories.DimensionFactory()
    event = factories.EventFactory(
        is_example=True, body="**Welcome** to the meeting.", capacity=50
    )
    organiser = factories.InstitutionFactory(name="Knowledge Sharing Program")
    event.organisers.add(organiser)
    speaker_home = factories.InstitutionFactory(acronym="CABRI")
    session = factories.SessionFactory(
        event=event,
        title="Measuring results",
        kind="roundtable",
        dimension=dimension,
        place="Room 3",
    )
    factories.SpeakerFactory(
        session=session,
        name="Ms Ana Díaz",
        position="Director",
        institution=speaker_home,
    )
    published = factories.CaseStoryFactory(title="Chile Solidario")
    draft = factories.DraftCaseStoryFactory(title="Unpublished draft")
    session.case_stories.add(published, draft)
    factories.DocumentFactory(
        event=event,
        title="Seoul Communiqué",
        content_type="application/pdf",
        size=2_400_000,
    )
    factories.PostFactory(title="Report from Seoul", event=event)
    factories.PostFactory(
        title="Draft report", event=event, status="draft", published_at=None
    )

    response = client.get(event.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "Example event" in html
    assert "<strong>Welcome</strong>" in html
    assert organiser.get_absolute_url() in html
    assert "Roundtable" in html
    assert "Room 3" in html
    assert "Ms Ana Díaz" in html
    assert "CABRI" in html
    assert f'href="/cases/?dimension={dimension.slug}"' in html
    assert "Seoul Communiqué" in html
    assert "2.3\xa0MB" in html
    assert "Chile Solidario" in html
    assert "Unpublished draft" not in html
    assert "Report from Seoul" in html
    assert "Draft report" not in html
    assert reverse("events:calendar", args=[event.slug]) in html
    assert 'id="comments-heading"' in html


def test_event_detail_has_schema_org_json_ld(client):
    event = factories.EventFactory(title="HLM </script><script>alert(1)")
    factories.SessionFactory(event=event, title="Panel")

    html = client.get(event.get_absolute_url()).content.decode()

    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S
    )
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@type"] == "Event"
    assert data["name"] == "HLM </script><script>alert(1)"
    assert data["startDate"] == event.starts_on.isoformat()
    assert data["location"]["address"]["addressCountry"] == "KR"
    assert data["subEvent"][0]["name"] == "Panel"
    assert "<script>alert" not in html


def test_event_detail_unknown_slug_is_404(client):
    assert client.get(reverse("events:detail", args=["nowhere"])).status_code == 404


def test_event_detail_offers_registration_by_viewer(client, member, unverified_member):
    event = factories.EventFactory()
    register_url = reverse("events:register", args=[event.slug])

    visitor_html = client.get(event.get_absolute_url()).content.decode()
    assert "Sign in to register" in visitor_html
    assert f'action="{register_url}"' not in visitor_html

    client.force_login(unverified_member)
    unverified_html = client.get(event.get_absolute_url()).content.decode()
    assert "Confirm your e-mail address" in unverified_html
    assert f'action="{register_url}"' not in unverified_html

    client.force_login(member)
    member_html = client.get(event.get_absolute_url()).content.decode()
    assert f'action="{register_url}"' in member_html
    assert 'value="cancel"' not in member_html

    factories.RegistrationFactory(event=event, member=member)
    registered_html = client.get(event.get_absolute_url()).content.decode()
    assert "You are registered." in registered_html
    assert 'value="cancel"' in registered_html


def test_event_detail_tells_waitlisted_member_their_position(member_client, member):
    event = factories.EventFactory(capacity=1)
    factories.RegistrationFactory(event=event)
    factories.RegistrationFactory(event=event, status="waitlisted")
    factories.RegistrationFactory(event=event, member=member, status="waitlisted")

    html = member_client.get(event.get_absolute_url()).content.decode()

    assert "You are number 2 on the waiting list." in html


def test_event_detail_of_past_event_offers_no_registration(member_client):
    event = _past_event()

    html = member_client.get(event.get_absolute_url()).content.decode()

    assert "This event is over:" in html
    assert reverse("events:register", args=[event.slug]) not in html
    assert 'id="registration-heading"' not in html
    assert reverse("events:calendar", args=[event.slug]) + '" download' not in html


# A session


def test_session_detail_shows_speakers_case_stories_documents_comments(client):
    session = factories.SessionFactory(title="Roundtable on measuring results")
    factories.SpeakerFactory(session=session, name="Mr Lee")
    session.case_stories.add(factories.CaseStoryFactory(title="Oportunidades"))
    factories.DocumentFactory(
        event=session.event, session=session, title="Slides", kind="presentation"
    )
    factories.CommentFactory(target=session, body="Useful roundtable.")

    response = client.get(session.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "Roundtable on measuring results" in html
    assert "Mr Lee" in html
    assert "Oportunidades" in html
    assert "Slides" in html
    assert "Useful roundtable." in html


def test_session_detail_of_another_event_is_404(client):
    session = factories.SessionFactory()
    other = factories.EventFactory()

    response = client.get(reverse("events:session", args=[other.slug, session.slug]))

    assert response.status_code == 404


# Registering


def test_register_view_registers_and_redirects_with_message(member_client, member):
    event = factories.EventFactory()

    response = member_client.post(reverse("events:register", args=[event.slug]))

    assert response.status_code == 302
    assert response["Location"] == event.get_absolute_url()
    assert Registration.objects.get(event=event, member=member).status == "registered"
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["You are registered. See you there!"]


def test_register_view_twice_keeps_one_row(member_client, member):
    event = factories.EventFactory()
    url = reverse("events:register", args=[event.slug])

    member_client.post(url)
    member_client.post(url)

    assert Registration.objects.filter(event=event, member=member).count() == 1


def test_register_view_cancels(member_client, member):
    event = factories.EventFactory()
    factories.RegistrationFactory(event=event, member=member)

    response = member_client.post(
        reverse("events:register", args=[event.slug]), {"action": "cancel"}
    )

    assert response.status_code == 302
    assert Registration.objects.get(event=event, member=member).status == "cancelled"


def test_register_view_get_changes_nothing(member_client):
    event = factories.EventFactory()

    response = member_client.get(reverse("events:register", args=[event.slug]))

    assert response.status_code == 302
    assert response["Location"] == event.get_absolute_url()
    assert not Registration.objects.exists()


def test_register_view_sends_visitors_to_sign_in(client):
    event = factories.EventFactory()

    response = client.post(reverse("events:register", args=[event.slug]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not Registration.objects.exists()


def test_register_view_forbids_unverified_members(client, unverified_member):
    event = factories.EventFactory()
    client.force_login(unverified_member)

    response = client.post(reverse("events:register", args=[event.slug]))

    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_register_view_refuses_past_event_with_message(member_client):
    event = _past_event(registration_open=True)

    response = member_client.post(reverse("events:register", args=[event.slug]))

    assert response.status_code == 302
    assert not Registration.objects.exists()
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["This event is over."]


def test_register_view_unknown_event_is_404(member_client):
    response = member_client.post(reverse("events:register", args=["nowhere"]))

    assert response.status_code == 404


# Registrants, for moderators


def test_registrants_page_lists_registrants_for_moderators(moderator_client):
    event = factories.EventFactory()
    registration = factories.RegistrationFactory(event=event)

    response = moderator_client.get(reverse("events:registrants", args=[event.slug]))

    assert response.status_code == 200
    assert registration.member.email in response.content.decode()


def test_registrants_page_query_count_does_not_grow(moderator_client):
    event = factories.EventFactory()
    url = reverse("events:registrants", args=[event.slug])
    factories.RegistrationFactory.create_batch(3, event=event)
    with CaptureQueriesContext(connection) as few:
        moderator_client.get(url)
    factories.RegistrationFactory.create_batch(27, event=event)

    with CaptureQueriesContext(connection) as many:
        moderator_client.get(url)

    assert len(many) == len(few)


def test_registrants_page_is_forbidden_to_members(member_client):
    event = factories.EventFactory()

    response = member_client.get(reverse("events:registrants", args=[event.slug]))

    assert response.status_code == 403


def test_registrants_page_closes_registration_with_audit(moderator_client, moderator):
    event = factories.EventFactory()

    response = moderator_client.post(
        reverse("events:registrants", args=[event.slug]),
        {"action": "close", "reason": "Venue full"},
    )

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.registration_open is False
    assert AuditEntry.objects.get().actor == moderator


def test_registrants_page_rejects_unknown_action(moderator_client):
    event = factories.EventFactory()

    response = moderator_client.post(
        reverse("events:registrants", args=[event.slug]), {"action": "explode"}
    )

    assert response.status_code == 400


def test_registrants_csv_for_moderators_is_safe_from_formulas(moderator_client):
    event = factories.EventFactory()
    institution = factories.InstitutionFactory(name="+Ministry of Planning")
    member = factories.MemberFactory(profile__display_name="=HYPERLINK(1)")
    member.profile.institution = institution
    member.profile.save()
    factories.RegistrationFactory(event=event, member=member)
    factories.RegistrationFactory(event=event, status="waitlisted")

    response = moderator_client.get(
        reverse("events:registrants_csv", args=[event.slug])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Name", "E-mail", "Institution", "Status", "Registered at"]
    assert rows[1][:4] == [
        "'=HYPERLINK(1)",
        member.email,
        "'+Ministry of Planning",
        "Registered",
    ]
    assert rows[2][3] == "On the waiting list"
    assert len(rows) == 3


def test_registrants_csv_is_forbidden_to_members(member_client):
    event = factories.EventFactory()

    response = member_client.get(reverse("events:registrants_csv", args=[event.slug]))

    assert response.status_code == 403


def test_registrants_csv_sends_visitors_to_sign_in(client):
    event = factories.EventFactory()

    response = client.get(reverse("events:registrants_csv", args=[event.slug]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def _sessions_with_speakers_and_cases(event, count):
    dimension = factories.DimensionFactory()
    for _ in range(count):
        session = factories.SessionFactory(event=event, dimension=dimension)
        factories.SpeakerFactory(
            session=session, institution=factories.InstitutionFactory()
        )
        factories.SpeakerFactory(session=session)
        session.case_stories.add(factories.CaseStoryFactory())
        factories.DocumentFactory(event=event, session=session)


def _detail_queries(client, event) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    return len(queries)


def test_event_detail_query_count_does_not_grow_with_sessions(
    member_client, django_assert_num_queries
):
    event = factories.EventFactory()
    event.organisers.add(factories.InstitutionFactory())
    _sessions_with_speakers_and_cases(event, 2)
    member_client.get(event.get_absolute_url())  # fills per-process caches
    cache.clear()
    few = _detail_queries(member_client, event)
    _sessions_with_speakers_and_cases(event, 38)

    cache.clear()
    with django_assert_num_queries(few):
        response = member_client.get(event.get_absolute_url())
    assert response.content.decode().count('class="session"') == 40
    # Session, member (with what access checks ask), registration, whether the
    # member follows the event, and, until the content is cached: the event,
    # comments and who has a part in them, sessions, speakers, case stories,
    # organisers, documents, reports.
    assert few == 13


def test_event_detail_reads_the_programme_from_the_cache(member_client):
    event = factories.EventFactory()
    _sessions_with_speakers_and_cases(event, 3)
    member_client.get(event.get_absolute_url())  # fills per-process caches
    factories.DocumentFactory(event=event, title="Agenda")  # content changes
    first = _detail_queries(member_client, event)

    with CaptureQueriesContext(connection) as queries:
        response = member_client.get(event.get_absolute_url())
    assert "Agenda" in response.content.decode()
    assert (first, len(queries)) == (13, 4)


def test_event_page_shows_the_places_left_after_each_registration(member_client):
    event = factories.EventFactory(capacity=3)
    url = event.get_absolute_url()
    assert "3 places left of 3" in member_client.get(url).content.decode()
    services.register_for_event(event=event, member=factories.MemberFactory())
    assert "2 places left of 3" in member_client.get(url).content.decode()
    member_client.post(reverse("events:register", args=[event.slug]))
    assert "1 place left of 3" in member_client.get(url).content.decode()


def test_event_page_shows_each_reader_their_own_registration(client, member):
    event = factories.EventFactory(capacity=1)
    factories.RegistrationFactory(event=event, member=member)
    waiting = factories.RegistrationFactory(event=event, status="waitlisted").member
    newcomer = factories.MemberFactory()
    url = event.get_absolute_url()
    client.force_login(member)
    client.get(url)  # the shared part of the page is cached from here on

    pages = {}
    for reader in (waiting, newcomer, member):
        client.force_login(reader)
        with CaptureQueriesContext(connection) as queries:
            pages[reader] = client.get(url).content.decode()
        # Session, member, registration, following: the rest shared.
        assert len(queries) == 4

    assert "You are number 1 on the waiting list." in pages[waiting]
    assert "You are registered." not in pages[waiting]
    assert "Join the waiting list" in pages[newcomer]
    assert 'value="cancel"' not in pages[newcomer]
    assert "waiting list." not in pages[newcomer]
    assert "You are registered." in pages[member]
    assert "number 1 on the waiting list" not in pages[member]


def test_event_page_follows_a_registration_and_its_cancellation(member_client):
    event = factories.EventFactory(capacity=2)
    url = event.get_absolute_url()
    register_url = reverse("events:register", args=[event.slug])
    html = member_client.get(url).content.decode()
    assert f'action="{register_url}"' in html
    assert "2 places left of 2" in html

    member_client.post(register_url)
    html = member_client.get(url).content.decode()
    assert "You are registered." in html
    assert "1 place left of 2" in html

    member_client.post(register_url, {"action": "cancel"})
    html = member_client.get(url).content.decode()
    assert "You cancelled your registration. You may register again." in html
    assert "2 places left of 2" in html


def test_event_page_closes_registration_on_time_while_cached(
    member_client, monkeypatch
):
    closes = timezone.now() + datetime.timedelta(hours=1)
    event = factories.EventFactory(registration_closes_at=closes)
    url = event.get_absolute_url()
    register_url = reverse("events:register", args=[event.slug])
    html = member_client.get(url).content.decode()
    assert "Registration closes on" in html
    assert f'action="{register_url}"' in html

    # No content changes: the shared part stays cached, the deadline still counts.
    later = closes + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    html = member_client.get(url).content.decode()

    assert "Registration is closed." in html
    assert "Registration closes on" not in html
    assert f'action="{register_url}"' not in html


def test_event_page_links_registrants_for_moderators_only(client, member, moderator):
    event = factories.EventFactory()
    registrants_url = reverse("events:registrants", args=[event.slug])

    client.force_login(moderator)
    assert (
        f'href="{registrants_url}"'
        in client.get(event.get_absolute_url()).content.decode()
    )
    client.force_login(member)
    assert registrants_url not in client.get(event.get_absolute_url()).content.decode()
