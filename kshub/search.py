"""One ranked search over case stories, posts, events, institutions and knowledge
requests, offers and completed exchanges.

Case stories and posts are searched in their own language's configuration (see
``core.search``), events and institutions in one configuration each; every kind
through its stored vector and GIN index. Only the first ``CANDIDATES`` matches of
a kind are ranked, so a common word costs about as much as a rare one. When
nothing matches, titles and names close to the query (typos, partial words) are
offered instead, through trigram indexes. Each kind costs one query.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.postgres.search import SearchRank, TrigramWordSimilarity
from django.core.paginator import Paginator
from django.db.models import F, Q, QuerySet, TextField, Value
from django.db.models.functions import Concat
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from blog.models import Post
from cases.models import CaseStory
from core.pagecache import CONTENT, cache_for_visitors
from core.search import (
    clean_query,
    headline,
    matches,
    rank,
    safe_snippet,
    web_query,
)
from events.models import EVENT_SEARCH_CONFIG, Event
from exchanges.models import Exchange, KnowledgeOffer, KnowledgeRequest
from members.models import INSTITUTION_SEARCH_CONFIG, Institution

PER_KIND = 20
PAGE_SIZE = 20
# Of each kind's full-text matches, the first this many the GIN index yields are
# ranked to choose the PER_KIND shown (the case list ranks SEARCH_CANDIDATES, as
# it pages through them): a word in a tenth of 100 000 stories then costs the
# stories query about 15 ms rather than 25.
CANDIDATES = 300
# What a result shows: never the long texts nor the search vectors.
CASE_FIELDS = (
    "title",
    "slug",
    "summary",
    "language",
    "lead_institution__name",
    "lead_institution__acronym",
)
POST_FIELDS = ("title", "slug", "summary", "language", "published_at")
EVENT_FIELDS = ("title", "slug", "summary", "city", "starts_on")
INSTITUTION_FIELDS = ("name", "acronym", "slug", "description", "country")


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
        *_exchange_listings(q),
    ]
    fuzzy = not results
    if fuzzy:
        results = _near_matches(q)
    results.sort(key=lambda result: result.rank, reverse=True)
    return results, fuzzy


def _case_stories(q: str) -> list[Result]:
    # Published ones picked after ranking: with the status among the candidates'
    # conditions, the planner ANDs the GIN bitmap of a broad search with a status
    # index that nearly every story passes, at more cost than it saves.
    stories = (
        CaseStory.objects.matching(q)
        .ranked(q, candidates=CANDIDATES)
        .published()
        .select_related("lead_institution")
        .only(*CASE_FIELDS)[:PER_KIND]
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


LISTING_FIELDS = (
    "title",
    "slug",
    "summary",
    "language",
    "institution__name",
    "institution__acronym",
)


def _exchange_listings(q: str) -> list[Result]:
    """Open knowledge requests and offers, and the exchanges completed on them;
    what they ask or offer, never who to contact."""
    results = []
    kinds = (
        (KnowledgeRequest, "request", _("Knowledge request")),
        (KnowledgeOffer, "offer", _("Knowledge offer")),
    )
    for model, kind, label in kinds:
        rows = (
            _best(model.objects.active().filter(matches(q)), rank(q), "-created_at")
            .select_related("institution")
            .only(*LISTING_FIELDS)[:PER_KIND]
        )
        results += [
            Result(
                kind=kind,
                label=label,
                title=row.title,
                url=row.get_absolute_url(),
                snippet=safe_snippet(row.summary),
                meta=row.institution.short_name if row.institution else "",
                rank=float(row.rank or 0),
                language=row.language,
            )
            for row in rows
        ]
    found = {r.url for r in results}
    exchanges = (
        Exchange.objects.completed()
        .filter(
            Q(request__in=KnowledgeRequest.objects.listed().filter(matches(q)))
            | Q(offer__in=KnowledgeOffer.objects.listed().filter(matches(q)))
        )
        .only("title", "slug", "modality", "completed_at")
        .order_by("-completed_at")[:PER_KIND]
    )
    results += [
        Result(
            kind="exchange",
            label=_("Completed exchange"),
            title=exchange.title,
            url=exchange.get_absolute_url(),
            snippet=safe_snippet(exchange.get_modality_display()),
            meta=date_format(exchange.completed_at, "Y"),
            rank=0.05,
        )
        for exchange in exchanges
        if exchange.get_absolute_url() not in found
    ]
    return results


def _best(matching: QuerySet, relevance, *order: str) -> QuerySet:
    """The matches ranked by ``relevance`` (as ``rank``), best first; only the first
    CANDIDATES the GIN index yields are ranked, in a subquery, as
    ``CaseStoryQuerySet.ranked`` does."""
    first = matching.order_by().values("pk")[:CANDIDATES]
    return (
        matching.model._default_manager.filter(pk__in=first)
        .annotate(rank=relevance)
        .order_by("-rank", *order)
    )


def _posts(q: str) -> list[Result]:
    posts = (
        _best(Post.objects.published().filter(matches(q)), rank(q), "-published_at")
        .annotate(
            snippet=headline(
                q, Concat("summary", Value("\n"), "body", output_field=TextField())
            )
        )
        .only(*POST_FIELDS)[:PER_KIND]
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
    query = web_query(q, EVENT_SEARCH_CONFIG)
    events = _best(
        Event.objects.filter(search_vector=query),
        SearchRank(F("search_vector"), query),
        "-starts_on",
    ).only(*EVENT_FIELDS)[:PER_KIND]
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
    query = web_query(q, INSTITUTION_SEARCH_CONFIG)
    institutions = _best(
        Institution.objects.verified().filter(search_vector=query),
        SearchRank(F("search_vector"), query),
        "name",
    ).only(*INSTITUTION_FIELDS)[:PER_KIND]
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
        .only(*CASE_FIELDS)
        .order_by("-similarity")[:PER_KIND]
    )
    posts = (
        Post.objects.published()
        .filter(title__trigram_word_similar=q)
        .annotate(similarity=TrigramWordSimilarity(q, "title"))
        .only(*POST_FIELDS)
        .order_by("-similarity")[:PER_KIND]
    )
    events = (
        Event.objects.filter(
            Q(title__trigram_word_similar=q) | Q(short_name__trigram_word_similar=q)
        )
        .annotate(similarity=TrigramWordSimilarity(q, "title"))
        .only(*EVENT_FIELDS)
        .order_by("-similarity")[:PER_KIND]
    )
    institutions = (
        Institution.objects.verified()
        .filter(Q(name__trigram_word_similar=q) | Q(acronym__trigram_word_similar=q))
        .annotate(similarity=TrigramWordSimilarity(q, "name"))
        .only(*INSTITUTION_FIELDS)
        .order_by("-similarity")[:PER_KIND]
    )
    return [
        *(_case_result(c, c.similarity, c.summary) for c in cases),
        *(_post_result(p, p.similarity, p.summary) for p in posts),
        *(_event_result(e, e.similarity) for e in events),
        *(_institution_result(i, i.similarity) for i in institutions),
    ]


@cache_for_visitors(scopes=(CONTENT,))
def search_view(request):
    """The results read the same for everyone: the template keeps them rendered per
    address until the content changes, and runs the search only when it must."""
    q = clean_query(request.GET.get("q"))

    def found() -> dict:
        results, fuzzy = search_everything(q) if q else ([], False)
        page_obj = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
        return {"fuzzy": fuzzy, "page_obj": page_obj, "total": len(results)}

    context = {
        "q": q,
        "found": SimpleLazyObject(found),
        "query_string": urlencode({"q": q}),
    }
    return render(request, "kshub/search.html", context)
