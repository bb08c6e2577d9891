"""The event list as its caches serve it: one copy for the addresses that read
alike, a change shown at once, cards escaped and in the reader's language."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events import services
from tests import factories

pytestmark = pytest.mark.django_db


def _member():
    member = factories.MemberFactory()
    client = Client()
    client.force_login(member)
    return client, member


def test_addresses_that_read_alike_share_one_copy():
    factories.EventFactory(title="Regional exchange")
    visitor = Client()
    visitor.get("/events/?page=1")
    for address in ("/events/", "/events/?r=1", "/events/?page=1&utm_source=x"):
        assert visitor.get(address)["X-Cache"] == "hit", address

    client, _member_user = _member()
    client.get("/events/?r=2")
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/events/?r=3")
    assert "Regional exchange" in page.text
    assert not [q for q in queries.captured_queries if '"events_event"' in q["sql"]]


def test_a_registration_shows_at_once_on_a_kept_list():
    event = factories.EventFactory(capacity=10, registration_open=True)
    client, member = _member()
    assert "0 of 10 places taken" in client.get("/events/").text

    services.register_for_event(member=member, event=event)

    assert "1 of 10 places taken" in client.get("/events/").text


def test_event_card_escapes_and_speaks_the_readers_language():
    today = timezone.localdate()
    factories.EventFactory(
        title="<b>Bali</b> & more",
        city="Bali",
        country="ID",
        starts_on=today - datetime.timedelta(days=400),
        ends_on=today - datetime.timedelta(days=398),
        participants_count=250,
        summary="**Three** days",
    )
    visitor = Client()
    visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    html = visitor.get("/events/").text

    assert "&lt;b&gt;Bali&lt;/b&gt; &amp; more" in html
    assert "<b>Bali</b>" not in html
    assert "Bali, Indonésie" in html
    assert "250 participants" in html
    assert "Three days" in html
    assert html.count("<time datetime=") == 2
