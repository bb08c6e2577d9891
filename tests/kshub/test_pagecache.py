"""Shared pages kept in the cache for visitors, and their invalidation on writes."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from cases import cards
from cases import services as case_services
from cases.models import CaseStory
from comments import services as comment_services
from core import inprocess, pagecache, paginators
from tests.factories import (
    CaseStoryFactory,
    CommentFactory,
    DraftCaseStoryFactory,
    MemberFactory,
    ModeratorFactory,
)

pytestmark = pytest.mark.django_db


def _cached_get(client, url):
    client.get(url)
    response = client.get(url)
    assert response.headers.get("X-Cache") == "hit"
    return response


def test_visitor_page_is_served_from_the_cache(client):
    story = CaseStoryFactory(title="Water boards")
    response = _cached_get(client, story.get_absolute_url())
    assert "Water boards" in response.text


def test_visitor_sees_a_new_comment_at_once(client):
    story = CaseStoryFactory()
    url = story.get_absolute_url()
    _cached_get(client, url)
    comment_services.post_comment(
        author=MemberFactory(), target=story, body="Fresh thoughts on rivers."
    )
    response = client.get(url)
    assert "X-Cache" not in response.headers
    assert "Fresh thoughts on rivers." in response.text


def test_hidden_comment_disappears_for_visitors_at_once(client):
    story = CaseStoryFactory()
    comment = CommentFactory(target=story, body="Buy cheap watches here.")
    url = story.get_absolute_url()
    assert "Buy cheap watches here." in _cached_get(client, url).text
    comment_services.hide_comment(comment=comment, moderator=ModeratorFactory())
    assert "Buy cheap watches here." not in client.get(url).text


def test_newly_published_story_appears_in_the_list_at_once(client):
    draft = DraftCaseStoryFactory(
        title="Seoul data commons", status=CaseStory.Status.SUBMITTED
    )
    url = reverse("cases:list")
    assert "Seoul data commons" not in _cached_get(client, url).text
    case_services.publish_case_story(case_story=draft, moderator=ModeratorFactory())
    assert "Seoul data commons" in client.get(url).text
    assert "Seoul data commons" in client.get(reverse("home")).text


def test_cached_page_carries_the_visitors_own_csrf_token(client):
    url = reverse("cases:list")
    client.get(url)
    response = client.get(url)
    assert response.headers.get("X-Cache") == "hit"
    assert b"\x00" not in response.content
    token = response.text.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert len(token) == 64


def test_members_never_get_the_visitors_copy(client):
    CaseStoryFactory(title="Water boards")
    url = reverse("cases:list")
    _cached_get(client, url)
    client.force_login(MemberFactory())
    assert "X-Cache" not in client.get(url).headers


def test_a_page_stored_before_the_commit_is_not_served_after_it(
    client, django_capture_on_commit_callbacks
):
    # A reader between the write and its commit may store what predates the write.
    url = reverse("cases:list")
    with django_capture_on_commit_callbacks(execute=True):
        CaseStoryFactory(title="Seoul data commons")
        client.get(url)
        assert client.get(url).headers.get("X-Cache") == "hit"
    assert "X-Cache" not in client.get(url).headers


def test_a_new_comment_leaves_the_case_list_cached(client):
    story, member = CaseStoryFactory(), MemberFactory()
    url = reverse("cases:list")
    _cached_get(client, url)
    comment_services.post_comment(
        author=member, target=story, body="Fresh thoughts on rivers."
    )
    assert client.get(url).headers.get("X-Cache") == "hit"
    assert "X-Cache" not in client.get(reverse("home")).headers


def test_deep_pages_read_the_same_rows_through_a_deferred_join(
    monkeypatch, django_assert_num_queries
):
    for _ in range(7):
        CaseStoryFactory()
    stories = CaseStory.objects.published().sorted_by("title").for_cards()
    expected = list(stories)
    monkeypatch.setattr(paginators, "DEFERRED_JOIN_FROM", 3)
    paginator = paginators.CountCachedPaginator(stories, 3, cache_parts=("deep",))
    assert paginator.count == 7

    # The ids, the rows, and the rows' dimensions.
    with django_assert_num_queries(3):
        assert list(paginator.get_page(2)) == expected[3:6]
    # Then the page's ids come from the cache until the content changes.
    with django_assert_num_queries(2):
        assert list(paginator.get_page(2)) == expected[3:6]
    assert list(paginator.get_page(3)) == expected[6:]
    assert list(paginator.get_page(1)) == expected[:3]


def test_search_results_are_kept_until_a_story_is_published(client):
    moderator = ModeratorFactory()
    client.force_login(MemberFactory())
    draft = DraftCaseStoryFactory(
        title="Watershed councils", status=CaseStory.Status.SUBMITTED
    )
    # Indexed as the services index a story: the search reads the vector.
    case_services.refresh_search_vector(case_story=draft)
    url = reverse("search") + "?q=watershed"
    assert "Watershed councils" not in client.get(url).text
    case_services.publish_case_story(case_story=draft, moderator=moderator)
    assert "Watershed councils" in client.get(url).text


def test_a_request_reads_the_versions_once_and_sees_its_own_writes(monkeypatch):
    reads = []
    read = pagecache.cache.get_many
    monkeypatch.setattr(
        pagecache.cache, "get_many", lambda keys: reads.append(keys) or read(keys)
    )
    pagecache._begin_request()
    try:
        first = pagecache.content_version()
        assert pagecache.content_version() == first
        assert pagecache.content_version((pagecache.CONTENT,)) == first.split(".")[0]
        assert len(reads) == 1
        pagecache.bump_content_version(pagecache.DISCUSSION)
        after = pagecache.content_version()
    finally:
        pagecache._end_request()
    assert after.split(".")[0] == first.split(".")[0]
    assert after.split(".")[1] != first.split(".")[1]
    pagecache.content_version()
    pagecache.content_version()
    assert len(reads) == 4  # outside a request, every call reads the cache


def test_a_hot_visitor_page_is_read_from_the_process_after_the_cache(
    client, monkeypatch
):
    story = CaseStoryFactory(title="Water boards")
    _cached_get(client, story.get_absolute_url())

    shared_get = pagecache.cache.get

    def get_anything_but_pages(key, *args, **kwargs):
        assert not key.startswith("kshub:page:"), "a page read from the shared cache"
        return shared_get(key, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(pagecache.cache, "get", get_anything_but_pages)
        response = client.get(story.get_absolute_url())
    assert response.headers.get("X-Cache") == "hit"
    assert "Water boards" in response.text


def test_the_process_copy_holds_a_bounded_number_of_entries(monkeypatch):
    monkeypatch.setattr(pagecache, "_in_process", {})
    for n in range(pagecache.IN_PROCESS_ENTRIES + 5):
        pagecache.cached("record", (n,), lambda n=n: n + 1, in_process=True)
    assert 0 < len(pagecache._in_process) <= pagecache.IN_PROCESS_ENTRIES


def test_parameters_a_page_does_not_read_make_no_new_copy(client):
    CaseStoryFactory(title="Water boards", countries=["CL"])
    client.get("/cases/?country=CL&r=1")
    response = client.get("/cases/?utm_source=x&r=2&country=CL")
    assert response.headers.get("X-Cache") == "hit"
    assert "Water boards" in response.text
    client.get("/search/?q=water&r=1")
    assert client.get("/search/?r=2&q=water").headers.get("X-Cache") == "hit"


def test_the_order_and_spelling_of_the_filters_make_one_copy(client):
    CaseStoryFactory(countries=["CL"], year=2014)
    client.get("/cases/?country=cl&year=2014&page=1")
    response = client.get("/cases/?year=2014&country=CL")
    assert response.headers.get("X-Cache") == "hit"


def test_canonical_query_keeps_the_named_parameters_in_one_order(rf):
    request = rf.get("/cases/?b=2&a=1&a=3&c=&z=9")
    assert pagecache.canonical_query(request, ("a", "b", "c")) == "a=3&b=2"
    assert pagecache.canonical_query(request, ()) == ""


@pytest.mark.parametrize(
    ("value", "number"),
    [("", 1), ("3", 3), ("0", 1), ("-2", 1), ("x", 1), ("²", 1), ("9" * 30, 10**9)],
)
def test_page_number_is_a_positive_whole_number(rf, value, number):
    assert pagecache.page_number(rf.get("/", {"page": value})) == number


def test_a_new_address_reuses_the_facets_and_cards_of_others(
    client, django_assert_num_queries
):
    for number in range(15):
        CaseStoryFactory(title=f"Story {number}", countries=["CL"])
    client.force_login(MemberFactory())
    client.get("/cases/?sort=title")
    # The member and their session; then only the page's rows: their dimensions
    # come from the facet index, the facets (same filters), the total and the
    # cards from the cache.
    with django_assert_num_queries(3):
        response = client.get("/cases/?sort=popular&page=2")
    assert response.status_code == 200
    assert response.text.count('class="card"') == 3


def test_remembered_values_last_until_their_scope_changes():
    computed = []

    def compute():
        computed.append(1)
        return None  # kept too: "nothing" is an answer

    for _ in range(2):
        inprocess.remembered("t", ("a",), compute, scopes=(pagecache.CONTENT,))
    pagecache.renew_version(pagecache.DISCUSSION)
    inprocess.remembered("t", ("a",), compute, scopes=(pagecache.CONTENT,))
    assert len(computed) == 1
    pagecache.renew_version(pagecache.CONTENT)
    inprocess.remembered("t", ("a",), compute, scopes=(pagecache.CONTENT,))
    assert len(computed) == 2


def test_a_visitor_s_new_list_page_is_kept_with_its_list_in_one_write(monkeypatch):
    client, member_client = Client(), Client()
    member_client.force_login(MemberFactory())
    CaseStoryFactory(countries=["CL"], year=2014)
    client.get("/cases/?year=2014")  # the facet index made and shared
    writes = []  # the kinds of what each write keeps (not a set_many's own sets)
    depth = []
    for name in ("set", "set_many"):
        original = getattr(cache, name)

        def counted(keys, *args, _original=original, **kwargs):
            if not depth:
                found = keys if isinstance(keys, dict) else [keys]
                writes.append({key.split(":")[1] for key in found})
            depth.append(1)
            try:
                return _original(keys, *args, **kwargs)
            finally:
                depth.pop()

        monkeypatch.setattr(cache, name, counted)
    visitor = client.get("/cases/?country=CL")
    assert 'class="card-list"' in visitor.text
    assert [kinds for kinds in writes if "case-list" in kinds] == [
        {"case-list", "visitor-page"}
    ]
    # The list's part, kept with the page, is a member's too.
    monkeypatch.setattr(cards, "rendered", None)  # not rendered again
    assert member_client.get("/cases/?country=CL").status_code == 200
