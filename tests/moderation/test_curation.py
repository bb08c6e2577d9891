"""The desk's curation over time: the due-for-review queue and its decisions,
the reminders, and the broken links found by the checker (against a local
server only)."""

import datetime
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.utils import timezone

from cases.models import CaseStory
from core import linkcheck
from core.models import AuditEntry
from moderation import curation, links
from moderation.models import BrokenLink, BrokenLinkPlace
from tests.factories import (
    CaseStoryFactory,
    InstitutionFactory,
    MemberFactory,
    PostFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PAST = TODAY - datetime.timedelta(days=3)


def test_review_queue_lists_what_is_due(moderator_client):
    due = CaseStoryFactory(title="Due story", review_by=PAST)
    CaseStoryFactory(title="Fresh story", review_by=TODAY + datetime.timedelta(days=9))
    response = moderator_client.get("/moderation/reviews/")
    assert response.status_code == 200
    assert due.title in response.text
    assert "Fresh story" not in response.text
    posts = moderator_client.get("/moderation/reviews/?kind=post")
    assert due.title not in posts.text


def test_review_queue_reads_a_bounded_number_of_queries(
    moderator_client, django_assert_max_num_queries
):
    for _ in range(15):
        CaseStoryFactory(review_by=PAST)
    with django_assert_max_num_queries(20):
        moderator_client.get("/moderation/reviews/")


def test_marking_outdated_from_the_desk_shows_a_banner_to_readers(
    moderator_client, client
):
    old = CaseStoryFactory(title="Old story", review_by=PAST)
    successor = CaseStoryFactory(title="New story")
    response = moderator_client.post(
        f"/moderation/reviews/case/{old.pk}/outdated/",
        {
            "note": "Replaced by <b>the 2020</b> programme.",
            "successor_url": successor.get_absolute_url(),
        },
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.outdated
    page = client.get(old.get_absolute_url())
    assert "This content is out of date." in page.text
    assert "Replaced by &lt;b&gt;the 2020&lt;/b&gt; programme." in page.text
    assert f'href="{successor.get_absolute_url()}"' in page.text
    queue = moderator_client.get("/moderation/reviews/")
    assert "Old story" not in queue.text


def test_hostile_successor_is_refused_on_the_desk(moderator_client):
    case = CaseStoryFactory(review_by=PAST)
    moderator_client.post(
        f"/moderation/reviews/case/{case.pk}/outdated/",
        {"note": "Old.", "successor_url": "javascript:alert(1)"},
    )
    case.refresh_from_db()
    assert not case.outdated
    assert not AuditEntry.objects.exists()


def test_still_current_and_archive_from_the_desk(moderator_client):
    current, gone = CaseStoryFactory(review_by=PAST), PostFactory(review_by=PAST)
    moderator_client.post(f"/moderation/reviews/case/{current.pk}/current/", {})
    moderator_client.post(f"/moderation/reviews/post/{gone.pk}/archive/", {})
    current.refresh_from_db()
    gone.refresh_from_db()
    assert current.review_by > TODAY
    assert gone.status == "archived"
    assert set(AuditEntry.objects.values_list("action", flat=True)) == {
        "review-current",
        "archive",
    }


def test_reminders_reach_the_author_and_the_institution_once(
    django_capture_on_commit_callbacks,
):
    contact = MemberFactory()
    institution = InstitutionFactory(proposed_by=contact)
    case = CaseStoryFactory(
        lead_institution=institution, review_by=TODAY + datetime.timedelta(days=10)
    )
    CaseStoryFactory(review_by=TODAY + datetime.timedelta(days=90))
    with django_capture_on_commit_callbacks(execute=True):
        assert curation.send_review_reminders(on=TODAY) == 1
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [case.author.email, contact.email]
    )
    assert case.title in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        assert curation.send_review_reminders(on=TODAY) == 0
    assert len(mail.outbox) == 2


# Broken links, against a local server --------------------------------------


class Recorder(BaseHTTPRequestHandler):
    """Answers 200 on /ok, 404 elsewhere; notes the user agents and the most
    requests it served at once."""

    agents: list = []
    busy = 0
    most_at_once = 0
    lock = threading.Lock()

    def _answer(self):
        cls = type(self)
        with cls.lock:
            cls.busy += 1
            cls.most_at_once = max(cls.most_at_once, cls.busy)
            cls.agents.append(self.headers.get("User-Agent"))
        time.sleep(0.02)
        # Done before answering: the client may send its next request as soon
        # as it reads the answer.
        with cls.lock:
            cls.busy -= 1
        self.send_response(200 if self.path.startswith("/ok") else 404)
        self.end_headers()

    do_HEAD = do_GET = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    Recorder.agents, Recorder.busy, Recorder.most_at_once = [], 0, 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_link_check_lists_dead_links_politely(local_server, settings, moderator_client):
    settings.LINK_CHECK_ALLOW_PRIVATE = True
    settings.LINK_CHECK_HOST_PAUSE = 0
    settings.LINK_CHECK_TIMEOUT = 5
    linking = CaseStoryFactory(
        title="Linking story",
        results=f"See [the report]({local_server}/gone) and {local_server}/ok/1.",
    )
    post = PostFactory(body=f"{local_server}/ok/2 {local_server}/missing")
    CaseStoryFactory(status="draft", published_at=None, results=f"{local_server}/x")
    counts = links.check_published_links()
    assert counts == {"checked": 4, "dead": 2}
    dead = {link.url: link for link in BrokenLink.objects.all()}
    assert set(dead) == {f"{local_server}/gone", f"{local_server}/missing"}
    assert dead[f"{local_server}/gone"].found_on == [
        {
            "label": "Case story",
            "title": "Linking story",
            "url": linking.get_absolute_url(),
        }
    ]
    # Where each is found, for the moderation scopes (moderation.scopes).
    assert [place.item for place in dead[f"{local_server}/gone"].places.all()] == [
        linking
    ]
    assert [place.item for place in dead[f"{local_server}/missing"].places.all()] == [
        post
    ]
    assert dead[f"{local_server}/gone"].status_code == 404
    assert Recorder.most_at_once == 1  # one request to a host at a time
    assert set(Recorder.agents) == {settings.LINK_CHECK_USER_AGENT}
    assert "KS Hub" in settings.LINK_CHECK_USER_AGENT
    page = moderator_client.get("/moderation/links/")
    assert f"{local_server}/gone" in page.text
    assert "Linking story" in page.text
    # A second run counts the failures; a mended link leaves the list.
    CaseStory.objects.filter(title="Linking story").update(results="Nothing now.")
    links.check_published_links()
    assert list(BrokenLink.objects.values_list("url", "failures")) == [
        (f"{local_server}/missing", 2)
    ]
    assert BrokenLinkPlace.objects.get().item == post


def test_link_check_never_asks_private_addresses_by_default(local_server):
    result = linkcheck.check_link(f"{local_server}/gone")
    assert not result.dead
    assert Recorder.agents == []


def test_link_check_times_out_on_a_silent_host(settings):
    settings.LINK_CHECK_ALLOW_PRIVATE = True
    settings.LINK_CHECK_TIMEOUT = 0.2
    import socket

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)
    try:
        started = time.monotonic()
        result = linkcheck.check_link(f"http://127.0.0.1:{silent.getsockname()[1]}/")
        assert result.dead
        assert time.monotonic() - started < 3
    finally:
        silent.close()


def test_extract_links_finds_addresses_in_markdown():
    text = (
        "See [a](https://a.example.org/x). Also https://b.example.org/y, and ftp://c."
    )
    assert linkcheck.extract_links(text) == {
        "https://a.example.org/x",
        "https://b.example.org/y",
    }


def test_dismissing_a_link_hides_it_with_an_audit_entry(moderator_client):
    link = BrokenLink.objects.create(
        url="https://gone.example.org/",
        host="gone.example.org",
        last_checked_at=timezone.now(),
    )
    moderator_client.post(f"/moderation/links/{link.pk}/dismiss/")
    assert "gone.example.org" not in moderator_client.get("/moderation/links/").text
    assert AuditEntry.objects.get().action == "dismiss-link"


def test_documents_are_reviewed_from_the_desk_too(moderator_client, client):
    from tests.factories import DocumentFactory

    document = DocumentFactory(title="Seoul outcome", review_by=PAST)
    queue = moderator_client.get("/moderation/reviews/?kind=document")
    assert "Seoul outcome" in queue.text
    moderator_client.post(
        f"/moderation/reviews/document/{document.pk}/outdated/",
        {"note": "A newer communiqué exists.", "successor_url": "https://example.org/"},
    )
    page = client.get(document.get_absolute_url())
    assert "A newer communiqué exists." in page.text
    assert 'href="https://example.org/" rel="nofollow noopener"' in page.text


def test_scheduled_commands_report_what_they_did():
    from io import StringIO

    from django.core.management import call_command

    CaseStoryFactory(review_by=TODAY + datetime.timedelta(days=3))
    out = StringIO()
    call_command("send_review_reminders", stdout=out)
    assert "Reminded of 1 item(s)." in out.getvalue()
    out = StringIO()
    call_command("check_links", stdout=out)
    assert "Checked 0 link(s); 0 dead." in out.getvalue()
