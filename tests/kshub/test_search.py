import datetime
import pickle

import factory
import pytest
from django.db import connection
from django.utils import timezone
from django.utils.formats import date_format

from blog.services import refresh_search_vector
from core.search import parsed_texts
from kshub.search import search_everything
from members.models import Institution
from tests.factories import (
    CommentFactory,
    DraftCaseStoryFactory,
    EventFactory,
    IndexedCaseStoryFactory,
    InstitutionFactory,
    PostFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


class IndexedPostFactory(PostFactory):
    """A post whose search vector is built, as the services do."""

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def search_index(post, create, extracted, **kwargs):
        if create:
            refresh_search_vector(post=post)


def kinds_and_titles(response):
    return [
        (r.kind, r.title) for r in response.context["found"]["page_obj"].object_list
    ]


def test_search_lists_every_kind_labelled(client):
    IndexedCaseStoryFactory(title="Seoul knowledge hub case")
    IndexedPostFactory(title="Report from Seoul", body="The meeting in Seoul.")
    EventFactory(title="Second High-Level Meeting", city="Seoul")
    InstitutionFactory(name="Seoul Institute", description="Research.")
    InstitutionFactory(name="Seoul Unverified", verified=False)
    response = client.get("/search/?q=seoul")
    assert response.status_code == 200
    found = kinds_and_titles(response)
    assert {kind for kind, _title in found} == {"case", "post", "event", "institution"}
    assert ("institution", "Seoul Unverified (I1)") not in found
    assert "Seoul Unverified" not in response.text
    for label in ("Case story", "Blog post", "Event", "Institution"):
        assert label in response.text


def test_search_ranks_a_title_hit_above_a_body_hit(client):
    IndexedCaseStoryFactory(title="Learning", lessons="Financing was hard.")
    IndexedPostFactory(title="Financing knowledge hubs", body="How hubs pay.")
    response = client.get("/search/?q=financing")
    assert kinds_and_titles(response) == [
        ("post", "Financing knowledge hubs"),
        ("case", "Learning"),
    ]


def test_search_leaves_out_drafts(client):
    draft = DraftCaseStoryFactory(title="Secret draft")
    from cases.services import refresh_search_vector

    refresh_search_vector(case_story=draft)
    IndexedPostFactory(title="Secret post", status="draft", published_at=None)
    response = client.get("/search/?q=secret")
    assert response.context["found"]["page_obj"].object_list == []


def test_search_falls_back_to_similar_titles(client):
    InstitutionFactory(name="Korea Development Institute", acronym="KDI")
    InstitutionFactory(name="Ministry of Finance")  # in the lexicon as it is saved
    response = client.get("/search/?q=developmnt")
    assert response.context["found"]["corrected"] == "development"
    assert kinds_and_titles(response) == [
        ("institution", "Korea Development Institute (KDI)")
    ]


def test_search_highlights_without_trusting_the_text(client):
    IndexedCaseStoryFactory(summary="<img src=x onerror=alert(1)> Water for all")
    response = client.get("/search/?q=water")
    assert "<mark>Water</mark>" in response.text
    assert "<img" not in response.text


def test_search_highlights_the_results_of_every_page(client):
    for n in range(25):
        IndexedCaseStoryFactory(title=f"Story {n}", summary=f"Water plan {n}")

    for page in (1, 2):
        response = client.get("/search/", {"q": "water", "kind": "case", "page": page})
        page_obj = response.context["found"]["page_obj"]
        assert page_obj.number == page
        shown = page_obj.object_list
        assert shown
        assert all("<mark>Water</mark>" in result.snippet for result in shown)


@pytest.mark.parametrize("q", ["", "   ", "!!!", '"', "x" * 1000, "a & | !"])
def test_search_odd_queries_are_fine(client, q):
    assert client.get("/search/", {"q": q}).status_code == 200


def make_content(count):
    for n in range(count):
        IndexedCaseStoryFactory(title=f"Water case {n}")
        IndexedPostFactory(title=f"Water post {n}")
        EventFactory(title=f"Water meeting {n}")
        InstitutionFactory(name=f"Water agency {n}")
        TopicFactory(title=f"Water question {n}")


# One query per kind (twelve, three of them knowledge exchange's: requests, offers,
# exchanges) and one to parse the text searched (once a process); when the query
# finds fewer than FEW_RESULTS, the lexicon's spelling, and when it finds nothing
# the same again for the closest spelling; then the
# snippets of the results shown, one query per kind among them that cuts its own
# (on the first page here stories, posts and discussions, on the second one kind),
# however many rows; a first page also counts the search and notes its results
# (two writes); the themes' names and tags are read once a content version.
@pytest.mark.parametrize(
    ("q", "expected", "parsed"), [("water", 13, 1), ("watr", 26, 2)]
)
def test_search_query_count_is_constant(
    client, django_assert_num_queries, q, expected, parsed
):
    parsed_texts.cache_clear()
    make_content(5)
    with django_assert_num_queries(expected + parsed + 3 + 2):
        client.get("/search/", {"q": q})
    make_content(45)
    with django_assert_num_queries(expected + 1):
        response = client.get("/search/", {"q": q, "page": 2})
    assert response.status_code == 200
    assert response.context["found"]["page_obj"].number == 2


def test_search_finds_events_and_institutions_as_last_written(client):
    event = EventFactory(title="Annual meeting")
    institution = InstitutionFactory(name="Coastal agency")
    event.title = "Mangrove summit"
    event.save()
    Institution.objects.filter(pk=institution.pk).update(
        description="Mangrove restoration."
    )

    found = kinds_and_titles(client.get("/search/", {"q": "mangrove"}))

    assert [kind for kind, _title in found] == ["event", "institution"]
    assert found[0] == ("event", "Mangrove summit")


def test_search_ranks_a_bounded_set_of_each_kind(client, monkeypatch):
    monkeypatch.setattr("core.sitesearch.CANDIDATES", 2)
    for number in range(3):
        IndexedCaseStoryFactory(title=f"Governance lesson {number}")
        IndexedPostFactory(title=f"Governance report {number}")
        EventFactory(title=f"Governance forum {number}")
        InstitutionFactory(name=f"Governance institute {number}")

    response = client.get("/search/", {"q": "governance"})
    found = kinds_and_titles(response)

    assert sorted(kind for kind, _title in found) == sorted(
        ["case", "post", "event", "institution"] * 2
    )
    # Each count is a lower bound, and the page says so.
    page = response.content.decode()
    assert "At least 8 results" in page
    assert "(8+)" in page
    assert "(2+)" in page
    assert search_everything("governance").counts == {
        "case": 2,
        "post": 2,
        "event": 2,
        "session": 0,
        "document": 0,
        "institution": 2,
        "member": 0,
        "comment": 0,
        "request": 0,
        "offer": 0,
        "exchange": 0,
        "topic": 0,
    }


def test_search_finds_comments_in_their_public_discussions():
    story = IndexedCaseStoryFactory(title="Harbour works")
    shown = CommentFactory(target=story, body="Mangroves protect the shore.")
    CommentFactory(target=DraftCaseStoryFactory(), body="Mangroves in a draft.")
    CommentFactory(target=IndexedPostFactory(title="Coast"), body="Mangroves again.")

    found = search_everything("mangroves")

    comments = sorted(
        (str(result.title), result.url)
        for result in found.results
        if result.kind == "comment"
    )
    assert len(comments) == 2
    assert comments[1] == (
        "In the discussion of “Harbour works”",
        f"{story.get_absolute_url()}#comment-{shown.pk}",
    )


def test_search_kept_in_the_cache_reads_the_same_addresses_and_dates():
    story = IndexedCaseStoryFactory(title="Mangroves restored")
    post = IndexedPostFactory(title="Mangroves after the storm")
    event = EventFactory(title="Mangroves forum", city="Dakar")
    found = search_everything("mangroves")
    kept = pickle.loads(pickle.dumps(found))  # noqa: S301 — bytes made here

    # Made when read, from the row's own values: what each page of the search
    # shows, whether it is computed or read back from the cache.
    assert {(r.kind, str(r.url), str(r.meta)) for r in kept.results} == {
        ("case", story.get_absolute_url(), story.lead_institution.short_name),
        ("post", post.get_absolute_url(), date_format(post.published_at)),
        ("event", event.get_absolute_url(), f"Dakar, {date_format(event.starts_on)}"),
    }
    assert [str(r.url) for r in kept.results] == [r.url for r in found.results]
    assert all(isinstance(r.label, str) for r in kept.results)


def test_the_results_and_kind_filters_written_escape_what_members_wrote(client):
    IndexedCaseStoryFactory(title="Irrigation <script>alert(1)</script> & canals")

    response = client.get("/search/", {"q": "irrigation canals"})

    html = response.text
    assert "<script>alert(1)</script>" not in html
    assert "Irrigation &lt;script&gt;alert(1)&lt;/script&gt; &amp; canals" in html
    assert '<li class="card search-result-case">' in html
    assert '<a href="?q=irrigation+canals&amp;kind=case">Case stories (1)</a>' in html
    chosen = client.get("/search/", {"q": "irrigation canals", "kind": "case"}).text
    assert '<strong aria-current="true">Case stories (1)</strong>' in chosen


def test_a_storys_title_part_is_kept_with_its_vector_and_ranks_it_first():
    """``title_vector`` is the title's part of the vector, however the vector is
    written (the trigger); a word in one story's title brings it before a story
    holding the word only in its summary, the newer one."""
    from cases.models import CaseStory

    older = IndexedCaseStoryFactory(
        title="Irrigation cooperatives",
        summary="Farmers share pumps.",
        published_at=timezone.now() - datetime.timedelta(days=30),
    )
    IndexedCaseStoryFactory(title="Farm credit", summary="Loans for irrigation.")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM cases_casestory"
            " WHERE title_vector IS DISTINCT FROM ts_filter(search_vector, '{a}')"
        )
        assert cursor.fetchone() == (0,)
    title_part = (
        CaseStory.objects.filter(pk=older.pk)
        .values_list("title_vector", flat=True)
        .get()
    )
    assert "irrig" in title_part
    assert "farmer" not in title_part
    found = search_everything("irrigation", kind="case")
    assert [result.title for result in found.results] == [
        "Irrigation cooperatives",
        "Farm credit",
    ]
