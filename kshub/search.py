"""One ranked search over case stories, posts, events and institutions.

Case stories and posts are searched in their own language's configuration (see
``cases.search``); events and institutions have no stored vector, so theirs is
computed at query time. When nothing matches, titles and names close to the query
(typos, partial words) are offered instead. Each kind costs one query.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.postgres.search import SearchRank, TrigramWordSimilarity
from django.core.paginator import Paginator
from django.db.models import Case, F, Q, TextField, Value, When
from django.db.models.functions import Coalesce, Concat
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from blog.models import Post
from cases.models import CaseStory
from cases.search import (
    CONFIGS,
    clean_query,
    config_expression,
    headline,
    row_configs,
    safe_snippet,
    web_query,
    weighted_vector,
)
from events.models import Event
from members.models import Institution

PER_KIND = 20
PAGE_SIZE = 20
EVENT_CONFIG = "kshub_english"
INSTITUTION_CONFIG = "kshub_simple"


@dataclass
class Result:
    kind: str
    label: str
    title: str
    url: str
    snippet: str
    meta: str
    rank: float
    language: str = ""  # of the content, for its lang attribute


def search_everything(q: str) -> tuple[list[Result], bool]:
    """Results of every kind, best first, and whether they are near matches."""
    results = [
        *_case_stories(q),
        *_posts(q),
        *_events(q),
        *_institutions(q),
    ]
    fuzzy = not results
    if fuzzy:
        results = _near_matches(q)
    results.sort(key=lambda result: result.rank, reverse=True)
    return results, fuzzy


def _case_stories(q: str) -> list[Result]:
    stories = (
        CaseStory.objects.published()
        .matching(q)
        .ranked(q)
        .select_related("lead_institution")[:PER_KIND]
    )
    return [_case_result(case, case.relevance, case.snippet) for case in stories]


def _case_result(case, rank, snippet) -> Result:
    return Result(
        kind="case",
        label=_("Case story"),
        title=case.title,
        url=case.get_absolute_url(),
        snippet=safe_snippet(snippet),
        meta=case.lead_institution.short_name if case.lead_institution else "",
        rank=float(rank or 0),
        language=case.language,
    )


def post_vector():
    """The post's stored vector, or one computed the same way when it is empty."""
    parts = {"a": ["title"], "b": ["summary"], "c": ["body"]}
    accented = [code for code, configs in CONFIGS.items() if len(configs) > 1]
    return Coalesce(
        F("search_vector"),
        Case(
            When(language__in=accented, then=weighted_vector(row_configs(), **parts)),
            default=weighted_vector(config_expression(), **parts),
        ),
    )


def _posts(q: str) -> list[Result]:
    query = web_query(q, row_configs())
    posts = (
        Post.objects.published()
        .annotate(document=post_vector())
        .filter(document=query)
        .annotate(
            rank=SearchRank(F("document"), query),
            snippet=headline(
                q,
                Concat("summary", Value("\n"), "body", output_field=TextField()),
            ),
        )
        .order_by("-rank", "-published_at")[:PER_KIND]
    )
    return [_post_result(post, post.rank, post.snippet) for post in posts]


def _post_result(post, rank, snippet) -> Result:
    return Result(
        kind="post",
        label=_("Blog post"),
        title=post.title,
        url=post.get_absolute_url(),
        snippet=safe_snippet(snippet),
        meta=date_format(post.published_at) if post.published_at else "",
        rank=float(rank or 0),
        language=post.language,
    )


def _events(q: str) -> list[Result]:
    query = web_query(q, EVENT_CONFIG)
    events = (
        Event.objects.annotate(
            document=weighted_vector(
                EVENT_CONFIG,
                a=["title", "short_name"],
                b=["city", "summary"],
                c=["body"],
            )
        )
        .filter(document=query)
        .annotate(rank=SearchRank(F("document"), query))
        .order_by("-rank", "-starts_on")[:PER_KIND]
    )
    return [_event_result(event, event.rank) for event in events]


def _event_result(event, rank) -> Result:
    return Result(
        kind="event",
        label=_("Event"),
        title=event.title,
        url=event.get_absolute_url(),
        snippet=event.summary,
        meta=", ".join(
            part for part in (event.city, date_format(event.starts_on)) if part
        ),
        rank=float(rank or 0),
    )


def _institutions(q: str) -> list[Result]:
    query = web_query(q, INSTITUTION_CONFIG)
    institutions = (
        Institution.objects.verified()
        .annotate(
            document=weighted_vector(
                INSTITUTION_CONFIG, a=["name", "acronym"], c=["description"]
            )
        )
        .filter(document=query)
        .annotate(rank=SearchRank(F("document"), query))
        .order_by("-rank", "name")[:PER_KIND]
    )
    return [_institution_result(i, i.rank) for i in institutions]


def _institution_result(institution, rank) -> Result:
    return Result(
        kind="institution",
        label=_("Institution"),
        title=str(institution),
        url=institution.get_absolute_url(),
        snippet=institution.description[:300],
        meta=institution.country.name if institution.country else "",
        rank=float(rank or 0),
    )


def _near_matches(q: str) -> list[Result]:
    """Titles and names that look like the query, scored by word similarity."""
    cases = (
        CaseStory.objects.published()
        .fuzzy_matching(q)
        .annotate(similarity=TrigramWordSimilarity(q, "title"))
        .select_related("lead_institution")
        .order_by("-similarity")[:PER_KIND]
    )
    posts = (
        Post.objects.published()
        .filter(title__trigram_word_similar=q)
        .annotate(similarity=TrigramWordSimilarity(q, "title"))
        .order_by("-similarity")[:PER_KIND]
    )
    events = (
        Event.objects.filter(
            Q(title__trigram_word_similar=q) | Q(short_name__trigram_word_similar=q)
        )
        .annotate(similarity=TrigramWordSimilarity(q, "title"))
        .order_by("-similarity")[:PER_KIND]
    )
    institutions = (
        Institution.objects.verified()
        .filter(Q(name__trigram_word_similar=q) | Q(acronym__trigram_word_similar=q))
        .annotate(similarity=TrigramWordSimilarity(q, "name"))
        .order_by("-similarity")[:PER_KIND]
    )
    return [
        *(_case_result(c, c.similarity, c.summary) for c in cases),
        *(_post_result(p, p.similarity, p.summary) for p in posts),
        *(_event_result(e, e.similarity) for e in events),
        *(_institution_result(i, i.similarity) for i in institutions),
    ]


def search_view(request):
    q = clean_query(request.GET.get("q"))
    results, fuzzy = search_everything(q) if q else ([], False)
    page_obj = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "q": q,
        "fuzzy": fuzzy,
        "page_obj": page_obj,
        "results": page_obj.object_list,
        "total": len(results),
        "query_string": urlencode({"q": q}),
    }
    return render(request, "kshub/search.html", context)
