"""View counts: once per reader's browser session, exact, with or without Redis."""

import io
import uuid

import fakeredis
import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import DatabaseError, transaction
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone

from blog.models import Post
from core import services, viewcounts
from core.models import WrittenViewBatch
from tests.factories import CaseStoryFactory, MemberFactory, PostFactory

pytestmark = pytest.mark.django_db
COOKIE = "viewed"


def views_of(obj) -> int:
    return type(obj).objects.values_list("view_count", flat=True).get(pk=obj.pk)


@pytest.fixture
def buffer(settings, monkeypatch):
    """Views gathered in a Redis of the test's own, flushed only when asked."""
    settings.VIEW_COUNTS_REDIS_URL = "redis://views-test"
    server = fakeredis.FakeRedis()
    made = viewcounts.RedisViewBuffer(server, interval=3600)
    server.set(viewcounts.FLUSH_DUE_KEY, 1)  # the next flush is not due yet
    monkeypatch.setattr(viewcounts, "_buffer_at", lambda url, interval: made)
    return made


def test_a_visitor_counts_once_per_browser_session(client):
    case = CaseStoryFactory()
    response = client.get(case.get_absolute_url())
    client.get(case.get_absolute_url())
    assert views_of(case) == 1
    cookie = response.cookies[COOKIE]
    # Gone with the browser session, out of scripts' reach.
    assert not cookie["max-age"]
    assert not cookie["expires"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    # Another browser session counts again.
    client.cookies.clear()
    client.get(case.get_absolute_url())
    assert views_of(case) == 2


def test_reading_gives_a_visitor_no_session_on_the_server(client):
    case = CaseStoryFactory()
    post = PostFactory()
    client.get(case.get_absolute_url())
    client.get(post.get_absolute_url())
    assert "sessionid" not in client.cookies
    assert not Session.objects.exists()
    assert views_of(case) == views_of(post) == 1


def test_a_member_sees_their_own_view_counted(member_client):
    case = CaseStoryFactory(view_count=41)
    assert "42 views" in member_client.get(case.get_absolute_url()).text
    member_client.get(case.get_absolute_url())
    assert views_of(case) == 42


def test_a_members_own_view_stays_on_their_page():
    case = CaseStoryFactory(view_count=41)
    for reader in MemberFactory.create_batch(2):
        client = Client()
        client.force_login(reader)
        # The story's head is kept until the content changes, in the process too:
        # each reader adds their own view to their copy of it.
        assert "42 views" in client.get(case.get_absolute_url()).text
    assert views_of(case) == 43


def test_the_cookie_remembers_the_latest_items(client, monkeypatch):
    monkeypatch.setattr(viewcounts, "REMEMBERED", 3)
    stories = CaseStoryFactory.create_batch(4)
    for case in stories:
        client.get(case.get_absolute_url())
    remembered = client.cookies[COOKIE].value.split(".")
    assert len(remembered) == 3
    client.get(stories[-1].get_absolute_url())
    client.get(stories[0].get_absolute_url())  # forgotten: counts again
    assert [views_of(stories[0]), views_of(stories[-1])] == [2, 1]


def test_a_cookie_written_by_hand_is_taken_for_its_tokens_only(client):
    case = CaseStoryFactory()
    # No content type has the id 0, so the kept token never names this story.
    client.cookies[COOKIE] = '<script>."x:1.0:9'
    response = client.get(case.get_absolute_url())
    assert response.cookies[COOKIE].value == f"0:9.{viewcounts._token(case)}"


def test_stories_and_posts_with_the_same_id_count_apart(client):
    case = CaseStoryFactory()
    post = PostFactory()
    Post.objects.filter(pk=post.pk).update(id=case.pk)
    post = Post.objects.get(pk=case.pk)
    client.get(case.get_absolute_url())
    client.get(post.get_absolute_url())
    assert views_of(case) == views_of(post) == 1


def test_with_redis_views_wait_for_the_flush(
    client, buffer, django_capture_on_commit_callbacks
):
    case = CaseStoryFactory(view_count=5)
    post = PostFactory(view_count=7)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(case.get_absolute_url())
        client.cookies.clear()
        client.get(case.get_absolute_url())
        client.get(post.get_absolute_url())
    assert views_of(case) == 5
    out = io.StringIO()
    call_command("flush_view_counts", stdout=out)
    assert "Wrote 3 view(s)." in out.getvalue()
    assert [views_of(case), views_of(post)] == [7, 8]
    assert viewcounts.flush_view_counts() == 0  # nothing is written twice


def test_with_redis_the_flush_comes_when_due(
    client, buffer, django_capture_on_commit_callbacks
):
    case = CaseStoryFactory()
    buffer.client.delete(viewcounts.FLUSH_DUE_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(case.get_absolute_url())
    assert views_of(case) == 1
    assert buffer.client.ttl(viewcounts.FLUSH_DUE_KEY) > 0


def test_with_redis_a_failed_request_counts_nothing(
    rf, buffer, django_capture_on_commit_callbacks
):
    case = CaseStoryFactory()

    def count_then_fail():
        with transaction.atomic():
            viewcounts.count_view(rf.get("/"), HttpResponse(), case)
            raise DatabaseError("the commit failed")

    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(DatabaseError),
    ):
        count_then_fail()
    assert callbacks == []
    assert not buffer.client.exists(viewcounts.PENDING_KEY)


def test_with_redis_views_added_during_a_flush_wait_for_the_next(buffer, monkeypatch):
    case = CaseStoryFactory()
    buffer.client.hset(viewcounts.PENDING_KEY, viewcounts._token(case), 3)
    write = services.add_views

    def write_while_a_reader_comes(model, counts):
        buffer.add(viewcounts._token(case))
        write(model, counts)

    monkeypatch.setattr(services, "add_views", write_while_a_reader_comes)
    assert buffer.flush() == 3
    monkeypatch.setattr(services, "add_views", write)
    assert views_of(case) == 3
    assert buffer.flush() == 1
    assert views_of(case) == 4


def test_with_redis_a_flush_that_cannot_write_keeps_the_counts(buffer, monkeypatch):
    case = CaseStoryFactory()
    buffer.client.hset(viewcounts.PENDING_KEY, viewcounts._token(case), 2)

    def database_gone(model, counts):
        raise DatabaseError("connection lost")

    with monkeypatch.context() as patch:
        patch.setattr(services, "add_views", database_gone)
        with pytest.raises(DatabaseError):
            buffer.flush()
    buffer.client.hincrby(viewcounts.PENDING_KEY, viewcounts._token(case), 1)
    assert buffer.flush() == 2  # the batch cut short first
    assert buffer.flush() == 1
    assert views_of(case) == 3


def test_with_redis_a_batch_written_before_its_flush_was_cut_short_is_not_written_again(
    buffer, monkeypatch
):
    case = CaseStoryFactory()
    buffer.client.hset(viewcounts.PENDING_KEY, viewcounts._token(case), 2)

    def killed(*keys):
        raise SystemExit("worker killed")

    with monkeypatch.context() as patch:
        patch.setattr(buffer.client, "delete", killed)
        with pytest.raises(SystemExit):
            buffer.flush()
    assert views_of(case) == 2
    assert buffer.client.exists(viewcounts.BATCH_KEY)
    buffer.client.delete(viewcounts.FLUSH_LOCK_KEY)  # its lock would expire
    buffer.client.hincrby(viewcounts.PENDING_KEY, viewcounts._token(case), 1)
    assert buffer.flush() == 0  # the batch cut short, only cleared
    assert not buffer.client.exists(viewcounts.BATCH_KEY)
    assert buffer.flush() == 1
    assert views_of(case) == 3


def test_with_redis_written_batches_are_forgotten_after_a_day(buffer):
    case = CaseStoryFactory()
    day_old = WrittenViewBatch.objects.create(
        id=uuid.uuid4(),
        written_at=timezone.now() - services.WRITTEN_BATCHES_KEPT,
    )
    recent = WrittenViewBatch.objects.create(id=uuid.uuid4())
    buffer.client.hset(viewcounts.PENDING_KEY, viewcounts._token(case), 1)
    assert buffer.flush() == 1
    kept = set(WrittenViewBatch.objects.values_list("id", flat=True))
    assert recent.id in kept
    assert day_old.id not in kept
    assert len(kept) == 2


def test_with_redis_one_flush_at_a_time(buffer):
    case = CaseStoryFactory()
    buffer.client.hset(viewcounts.PENDING_KEY, viewcounts._token(case), 2)
    buffer.client.set(viewcounts.FLUSH_LOCK_KEY, "another")
    assert buffer.flush() == 0
    buffer.client.delete(viewcounts.FLUSH_LOCK_KEY)
    assert buffer.flush() == 2


def test_with_redis_down_a_view_counts_in_the_database():
    case = CaseStoryFactory()
    nowhere = viewcounts._buffer_at("redis://127.0.0.1:1/0", interval=5)
    nowhere.add(viewcounts._token(case))
    assert views_of(case) == 1
