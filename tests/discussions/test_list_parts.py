"""The parts of a topic list written outside the template engine read as the
engine renders them: the frame of the topics (``discussions.pages._frame``),
and the unread markers read with a new address's rows as those read apart."""

import re
from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone, translation

from core.pagecache import render_partials
from discussions import pages, services
from discussions.models import Space, Topic
from tests import factories

pytestmark = pytest.mark.django_db
TEMPLATES = ("discussions/topic_list.html", "discussions/space_detail.html")
VALUES = {
    "head": "<h2>Head & “more”</h2>",
    "waiting": "<section>waiting</section>",
    "topic_rows": "<li>a row</li>",
    "pagination": '\n<nav class="pagination">2</nav>\n',
}


@pytest.mark.parametrize("language", ["en", "es", "fr"])
@pytest.mark.parametrize("template_name", TEMPLATES)
@pytest.mark.parametrize("waiting", [True, False])
def test_the_topics_frame_reads_as_the_partial_renders(
    template_name, language, waiting
):
    from django.utils.safestring import mark_safe

    values = {**VALUES, "waiting": VALUES["waiting"] if waiting else ""}
    frame = pages._frame(template_name, language)
    with translation.override(language):
        expected = render_partials(
            template_name,
            {name: mark_safe(value) for name, value in values.items()},  # noqa: S308
            "topics",
        )["topics"]
    joined = "".join(values[part] if at % 2 else part for at, part in enumerate(frame))
    assert joined == expected


def _request(user, url: str):
    request = RequestFactory().get(url)
    request.user = user
    return request


def test_visits_read_with_the_rows_mark_what_a_query_apart_marks(member):
    space = Space.objects.get(slug="measuring-results")
    topics = [factories.TopicFactory(space=space) for _ in range(25)]
    moved = timezone.now() - timedelta(days=2)
    Topic.objects.update(created_at=moved, last_activity_at=moved)
    visited = {topic.pk for topic in topics[::3]}
    for topic in Topic.objects.filter(pk__in=visited):
        services.record_visit(member=member, topic=topic)
    # Visited, then moved on.
    Topic.objects.filter(pk=topics[3].pk).update(
        last_activity_at=timezone.now() + timedelta(minutes=5)
    )
    context = {
        "template": "discussions/topic_list.html",
        "spaces": pages.visible_spaces(member),
        "query_string": "",
    }
    for number in (1, 2):
        request = RequestFactory().get(f"/discussions/?page={number}")
        request.user = member
        read = pages.latest_topics(request, {}, context)
        kept = pages.latest_topics(request, {}, context)
        assert read["seen"] is not None
        assert kept["seen"] is None
        assert kept["html"] == read["html"]
        marked, unread = pages.with_unread_markers(member, read)
        assert pages.with_unread_markers(member, kept) == (marked, unread)
        shown = set(read["activity"])
        assert unread == (shown - visited) | ({topics[3].pk} & shown)
        assert marked.count("new for you") == len(unread)
        in_order = Topic.objects.order_by("-last_activity_at", "-id")
        slugs = list(in_order.values_list("slug", flat=True))
        assert (
            re.findall(r'href="/discussions/measuring-results/([^/"]+)/"', marked)
            == (slugs[(number - 1) * 20 : number * 20])
        )
