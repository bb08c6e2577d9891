"""``make bench``: the discussions at the issue's scale (``DISCUSSIONS_BENCH_SCALE``,
1.0 = 10 000 topics over the ten dimension spaces and 1 000 000 replies; one topic
has exactly 200).

Prints, with no timed assert, the application CPU per request of /discussions/,
a space and the topic with 200 replies, for a member with a warm cache and on a
first render (the cache emptied before each request), beside a hello-world view
through the same middleware and a case story with 200 comments; for the two lists,
also a new address each request (another page, and sort for a space, and a
parameter the page does not read, under a content version no request read
before: issue 29's "first render of any list address"); and SQL queries per page
for the member, whose unread markers cost at most one of them."""

import datetime
import os
import time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.models import Comment
from core.pagecache import CONTENT, renew_version
from core.search import configs_for, weighted_vector
from discussions.models import Space, Topic
from tests import factories
from tests.bench.inprocess import BATCH, REQUESTS, cpu_per_request, say

SCALE = float(os.environ.get("DISCUSSIONS_BENCH_SCALE", "1.0"))
TOPICS, REPLIES = int(10_000 * SCALE), int(1_000_000 * SCALE)
HOT_REPLIES = 200

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.bench.inprocess")]


def _replies(target_type, target, authors, count: int, start) -> list[Comment]:
    return [
        Comment(
            content_type=target_type,
            object_id=target.pk,
            author=authors[n % len(authors)],
            body=f"Reply {n}: what we learned from it.",
            language="en",
            status="visible",
            created_at=start + datetime.timedelta(minutes=n),
        )
        for n in range(count)
    ]


def _generate() -> tuple[Topic, object]:
    authors = factories.MemberFactory.create_batch(50)
    spaces = list(Space.objects.filter(dimension__isnull=False))
    now = timezone.now()
    topics = Topic.objects.bulk_create(
        (
            Topic(
                space=spaces[n % len(spaces)],
                title=f"A question about results frameworks {n}",
                slug=f"bench-question-{n}",
                author=authors[n % len(authors)],
                body="Has anyone set up a results framework for a programme?",
                status=Topic.Status.PUBLISHED,
                created_at=now - datetime.timedelta(hours=n),
                last_activity_at=now - datetime.timedelta(minutes=n),
            )
            for n in range(TOPICS)
        ),
        batch_size=BATCH,
    )
    Topic.objects.update(
        search_vector=weighted_vector(configs_for("en"), a=["title"], c=["body"])
    )
    topic_type = ContentType.objects.get_for_model(Topic)
    hot, rest = topics[0], topics[1:]
    batch = _replies(topic_type, hot, authors, HOT_REPLIES, now)
    per_topic = max(0, (REPLIES - HOT_REPLIES) // max(1, len(rest)))
    for topic in rest:
        batch += _replies(topic_type, topic, authors, per_topic, now)
        if len(batch) >= 20 * BATCH:
            Comment.objects.bulk_create(batch, batch_size=BATCH)
            batch = []
    Comment.objects.bulk_create(batch, batch_size=BATCH)
    Topic.objects.exclude(pk=hot.pk).update(reply_count=per_topic)
    Topic.objects.filter(pk=hot.pk).update(reply_count=HOT_REPLIES)
    story = factories.CaseStoryFactory()
    story_type = ContentType.objects.get_for_model(story)
    Comment.objects.bulk_create(_replies(story_type, story, authors, HOT_REPLIES, now))
    return hot, story


def _first_render_cpu(client: Client, url: str) -> float:
    """CPU per request with the cache emptied before each one (the emptying is
    not counted)."""
    spent = 0.0
    for _ in range(REQUESTS // 5):
        cache.clear()
        start = time.process_time()
        assert client.get(url).status_code == 200
        spent += time.process_time() - start
    return spent / (REQUESTS // 5) * 1000


def _new_address_cpu(client: Client, url: str, sorted_by_reader: bool) -> float:
    """CPU per request when each request asks an address not asked before, the
    first of a new content version left out (it builds what every address shares).
    Each address reads another page, or another sort and page where the list is
    sorted as the reader asks (a space): no request is served what another
    rendered; and a parameter the page does not read."""
    renew_version(CONTENT)
    client.get(url)
    sorts = ("activity", "new", "replies", "views")
    addresses = [
        f"{url}?sort={sorts[n % 4]}&page={1 + n // 4}&r={n}"
        if sorted_by_reader
        else f"{url}?page={1 + n}&r={n}"
        for n in range(REQUESTS)
    ]
    start = time.process_time()
    for address in addresses:
        assert client.get(address).status_code == 200
    return (time.process_time() - start) / REQUESTS * 1000


def _queries(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_discussions_bench_prints_the_figures():
    hot, story = _generate()
    say(
        f"\nDiscussions bench at scale {SCALE}: {Topic.objects.count()} topics,"
        f" {Comment.objects.count()} replies and comments"
    )
    member = Client()
    member.force_login(factories.MemberFactory())
    hello = cpu_per_request(Client(), "/bench/hello/")
    pages = {
        "/discussions/": "/discussions/",
        "a space": hot.space.get_absolute_url(),
        "topic, 200 replies": hot.get_absolute_url(),
        "case story, 200 comments": story.get_absolute_url(),
    }
    lists = ("/discussions/", "a space")
    say(
        f"{'page':<28}{'warm ms':>9}{'first ms':>10}{'new address ms':>16}"
        f"{'hello/warm':>12}{'hello/new':>11}{'SQL':>5}"
    )
    for name, url in pages.items():
        warm = cpu_per_request(member, url)
        first = _first_render_cpu(member, url)
        new = (
            _new_address_cpu(member, url, sorted_by_reader=name == "a space")
            if name in lists
            else None
        )
        queries = _queries(member, url)
        say(
            f"{name:<28}{warm:>9.2f}{first:>10.2f}"
            f"{f'{new:.2f}' if new else '—':>16}{hello / warm:>11.0%}"
            f"{f'{hello / new:.0%}' if new else '—':>11}{queries:>5}"
        )
    say(f"{'/bench/hello/':<28}{hello:>9.2f}")
