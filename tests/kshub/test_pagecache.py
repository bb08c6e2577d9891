"""Shared pages kept in the cache for visitors, and their invalidation on writes."""

import pytest
from django.urls import reverse

from cases import services as case_services
from cases.models import CaseStory
from comments import services as comment_services
from kshub import pagecache
from tests.factories import (
    CaseStoryFactory,
    CommentFactory,
    DraftCaseStoryFactory,
    MemberFactory,
    ModeratorFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def settled(monkeypatch):
    """Writes count as committed at once, so pages are stored right after them."""
    monkeypatch.setattr(pagecache, "SETTLE_SECONDS", -1)


def _cached_get(client, url):
    client.get(url)
    response = client.get(url)
    assert response.headers.get("X-Cache") == "hit"
    return response


def test_visitor_page_is_served_from_the_cache(client, settled):
    story = CaseStoryFactory(title="Water boards")
    response = _cached_get(client, story.get_absolute_url())
    assert "Water boards" in response.text


def test_visitor_sees_a_new_comment_at_once(client, settled):
    story = CaseStoryFactory()
    url = story.get_absolute_url()
    _cached_get(client, url)
    comment_services.post_comment(
        author=MemberFactory(), target=story, body="Fresh thoughts on rivers."
    )
    response = client.get(url)
    assert "X-Cache" not in response.headers
    assert "Fresh thoughts on rivers." in response.text


def test_hidden_comment_disappears_for_visitors_at_once(client, settled):
    story = CaseStoryFactory()
    comment = CommentFactory(target=story, body="Buy cheap watches here.")
    url = story.get_absolute_url()
    assert "Buy cheap watches here." in _cached_get(client, url).text
    comment_services.hide_comment(comment=comment, moderator=ModeratorFactory())
    assert "Buy cheap watches here." not in client.get(url).text


def test_newly_published_story_appears_in_the_list_at_once(client, settled):
    draft = DraftCaseStoryFactory(
        title="Seoul data commons", status=CaseStory.Status.SUBMITTED
    )
    url = reverse("cases:list")
    assert "Seoul data commons" not in _cached_get(client, url).text
    case_services.publish_case_story(case_story=draft, moderator=ModeratorFactory())
    assert "Seoul data commons" in client.get(url).text
    assert "Seoul data commons" in client.get(reverse("home")).text


def test_cached_page_carries_the_visitors_own_csrf_token(client, settled):
    url = reverse("cases:list")
    client.get(url)
    response = client.get(url)
    assert response.headers.get("X-Cache") == "hit"
    assert b"\x00" not in response.content
    token = response.text.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert len(token) == 64


def test_members_never_get_the_visitors_copy(client, settled):
    CaseStoryFactory(title="Water boards")
    url = reverse("cases:list")
    _cached_get(client, url)
    client.force_login(MemberFactory())
    assert "X-Cache" not in client.get(url).headers


def test_nothing_is_stored_right_after_a_write(client):
    # Until the write has surely committed, a reader could see the data before it.
    CaseStoryFactory()
    url = reverse("cases:list")
    client.get(url)
    assert "X-Cache" not in client.get(url).headers


def test_deep_pages_read_the_same_rows_through_a_deferred_join(
    monkeypatch, django_assert_num_queries
):
    for _ in range(7):
        CaseStoryFactory()
    stories = CaseStory.objects.published().sorted_by("title").for_cards()
    expected = list(stories)
    monkeypatch.setattr(pagecache, "DEFERRED_JOIN_FROM", 3)
    paginator = pagecache.CountCachedPaginator(stories, 3, cache_parts=("deep",))
    assert paginator.count == 7

    # The ids, the rows, and the rows' dimensions and tags.
    with django_assert_num_queries(4):
        assert list(paginator.get_page(2)) == expected[3:6]
    assert list(paginator.get_page(3)) == expected[6:]
    assert list(paginator.get_page(1)) == expected[:3]
