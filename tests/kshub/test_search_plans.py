"""The site-wide search reads every kind through its indexes.

Every query the search page runs is explained as it was sent. A generated library
of the benchmark's proportions for all but stories (5 000 stories, 5 000 posts,
2 000 institutions, 500 events; 50 members and 200 comments) with fresh
statistics makes the planner's choice meaningful: a rare word, and a word in a
tenth of the stories, are found through the indexes. A word in most rows of a
table this small may rightly be read by a scan, so for every query, with
sequential scans priced out, the plan must still use an index: each query has one
it can use. Only the queries that search are explained, not those fetching rows by
key (the discussions of the comments found).
"""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blog.models import Post
from cases.models import CaseStory
from comments.models import Comment
from core.models import SearchWord
from core.prepared import statement_of
from core.sitesearch import KINDS
from discussions.models import Topic
from events.models import Event, Session
from kshub.search import FEW_RESULTS, search_everything
from members.models import Institution, Profile
from tests.bench import load_data
from tests.kshub.generated import generate_library, module_library

pytestmark = pytest.mark.django_db

STORIES = 5000
POSTS = 5000
INSTITUTIONS = 2000
EVENTS = 500
TOPICS = [
    "digital government services",
    "water supply in small towns",
    "urban transport planning",
    "primary health care",
    "knowledge sharing between ministries",
    "export promotion",
    "vocational training",
    "land registration",
]
# The full-text and trigram indexes of each searched table.
SEARCH_INDEXES = {
    CaseStory._meta.db_table: {
        "casestory_search",
        "casestory_head_search",
        "casestory_recent_head",
        "casestory_title_trgm",
    },
    Post._meta.db_table: {"post_search", "post_title_trgm"},
    Event._meta.db_table: {"event_search", "event_title_trgm", "event_short_name_trgm"},
    Institution._meta.db_table: {"institution_search"},
    Session._meta.db_table: {"session_search"},
    Profile._meta.db_table: {"profile_search"},
    Comment._meta.db_table: {"comment_search"},
    Topic._meta.db_table: {"topic_search"},
    SearchWord._meta.db_table: {"searchword_word_trgm", "core_searchword_pkey"},
}
DIRECTORY_ORDER_INDEX = "profile_directory_order"
# A rare word, a common one, two words, and a typo that only the near matches find.
# PostgreSQL plans a prepared statement's first five runs for their parameters,
# then keeps one plan for any when it costs no more.
PLANNED_AFTER = 5
QUERIES = [load_data.RARE_WORD, "knowledge", "digital government", "developmnt"]


def _generate():
    generate_library(stories=STORIES, institutions=INSTITUTIONS, events=EVENTS)
    generated = Post.objects.filter(slug__startswith=load_data.PREFIX).count()
    now = timezone.now()
    Post.objects.bulk_create(
        Post(
            title=f"Report {n} on {TOPICS[n % len(TOPICS)]}",
            slug=f"{load_data.PREFIX}plan-post-{n}",
            summary=f"What the meeting learnt about {TOPICS[(n + 3) % len(TOPICS)]}.",
            body=" ".join(TOPICS[(n + k) % len(TOPICS)] for k in range(5)),
            status=Post.Status.PUBLISHED,
            published_at=now - datetime.timedelta(hours=n),
        )
        for n in range(POSTS - generated)
    )
    load_data.fill_search_vectors(
        stories=CaseStory.objects.none(),
        posts=Post.objects.filter(slug__contains="plan-post-"),
    )
    load_data.analyze_tables()


library = module_library(_generate)


def _search_queries(q: str) -> list[str]:
    """The SQL of every query the search page runs for ``q``, as it was sent,
    once the server keeps the plans it chose for the statements it was given
    (``core.prepared``: after five runs)."""
    for _ in range(PLANNED_AFTER):
        search_everything(q)
    with CaptureQueriesContext(connection) as captured:
        search_everything(q)
    return [
        query["sql"]
        for query in captured.captured_queries
        if statement_of(query["sql"]).startswith("SELECT")
    ]


def _plan_nodes(sql: str) -> list[dict]:
    """Every node of the query's plan."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    nodes = []

    def walk(node):
        nodes.append(node)
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    return nodes


def _searched_table(sql: str) -> str:
    return statement_of(sql).split(' FROM "', 1)[1].split('"', 1)[0]


def _problems(sql: str) -> list[str]:
    """Sequential scans of the searched tables; and a plan that reads the table it
    searches without its search indexes (a filter over another index, such as the
    status one, reads every row all the same)."""
    nodes = _plan_nodes(sql)
    searched = _searched_table(sql)
    indexes = SEARCH_INDEXES.get(searched, set())
    problems = [
        f"Seq Scan on {node['Relation Name']}"
        for node in nodes
        if node["Node Type"] == "Seq Scan"
        and node.get("Relation Name") in SEARCH_INDEXES
    ]
    if indexes and not indexes & {node.get("Index Name") for node in nodes}:
        problems.append(f"{searched} read without {', '.join(sorted(indexes))}")
    return problems


def _searching(queries: list[str]) -> list[str]:
    """The queries that search (a text match or a similarity), not those that fetch
    rows by key, such as the discussions of the comments found."""
    return [
        sql
        for sql in queries
        if "@@" in (statement := statement_of(sql)) or "similarity(" in statement
    ]


def _failing(queries: list[str], tables=frozenset(SEARCH_INDEXES)) -> list[str]:
    """What is wrong with the plans of the queries that search ``tables``."""
    return [
        f"query on {table}: {'; '.join(problems)}"
        for sql in _searching(queries)
        if (table := _searched_table(sql)) in tables and (problems := _problems(sql))
    ]


@pytest.mark.parametrize("q", [load_data.RARE_WORD, load_data.COMMON_WORD])
def test_search_finds_words_through_the_indexes(library, q):
    queries = _search_queries(q)
    # In a small table a common word is rightly read by a scan; not in stories.
    # The library's 50 profiles and 200 comments fit in a page or two, which any
    # word is rightly read by a scan of, and so may the lexicon, whose size depends
    # on what other tests left in it; the library holds no topics yet, and an empty
    # table is rightly scanned. The next test shows they can use their indexes.
    small = {
        Profile._meta.db_table,
        Comment._meta.db_table,
        SearchWord._meta.db_table,
        Topic._meta.db_table,
    }
    tables = (
        {CaseStory._meta.db_table}
        if q == load_data.COMMON_WORD
        else set(SEARCH_INDEXES) - small
    )
    failing = _failing(queries, tables)

    # One query per kind (three of knowledge exchange), then the lexicon's spelling
    # when they find fewer than FEW_RESULTS.
    few = search_everything(q).total < FEW_RESULTS
    assert len(_searching(queries)) == len(KINDS) + few
    assert not failing, "\n".join(failing)


@pytest.mark.parametrize("q", QUERIES)
def test_search_queries_can_use_indexes(library, q):
    queries = _search_queries(q)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        # The plans the server keeps were made before: made again, under this.
        cursor.execute("DISCARD PLANS")
        # On 50 profiles the directory's own ordering index (partial, over the
        # listed ones) may cost less than any search index; set aside for this
        # test (rolled back with it), the plan shows whether the search's can serve.
        cursor.execute(f'DROP INDEX "{DIRECTORY_ORDER_INDEX}"')
    failing = _failing(queries)

    assert queries
    assert not failing, "\n".join(failing)


@pytest.mark.parametrize("q", [load_data.RARE_WORD, load_data.COMMON_WORD])
def test_story_search_takes_its_candidates_from_the_title_and_summary(library, q):
    """A broad word's best stories come from the index of published stories by
    date that holds their title's and summary's vector (or its GIN index); a rare
    one's too, and then from the stories' GIN index."""
    (sql,) = [
        sql
        for sql in _searching(_search_queries(q))
        if _searched_table(sql) == CaseStory._meta.db_table
    ]
    indexes = {node.get("Index Name") for node in _plan_nodes(sql)}

    assert indexes & {"casestory_recent_head", "casestory_head_search"}
    assert not _problems(sql)


def test_search_of_the_library_finds_each_kind(library):
    found = search_everything("knowledge sharing")

    assert not found.corrected
    assert {result.kind for result in found.results} >= {
        "case",
        "post",
        "event",
        "institution",
    }


def test_story_search_of_alternatives_reads_their_title_matches_through_gin(library):
    """Alternatives (a widened query) are read through the title's GIN index and
    sorted, never tested story by story along the index by date: they often
    match too few for that walk to stop early."""
    q = f"{load_data.COMMON_WORD} or government"  # walked without the sort
    (sql,) = [
        sql
        for sql in _searching(_search_queries(q))
        if _searched_table(sql) == CaseStory._meta.db_table
    ]
    indexes = {node.get("Index Name") for node in _plan_nodes(sql)}

    # (Their matches in the body, read last, may rightly come from a scan that
    # stops at the first hundred: they are most of this small library.)
    assert "casestory_title_search" in indexes
    assert "casestory_recent_head" not in indexes
