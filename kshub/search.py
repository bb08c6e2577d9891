"""One ranked search over everything public, in any of the three languages.

Each app registers the kinds of content it holds (a ``core.sitesearch.Kind``, from
the app's ``searching`` module, with one ``register`` call): a
function that returns its best results for a query and how many matched, through
its stored vector and GIN index, in one query (a kind showing what another row
holds may prefetch it, a fixed number of queries more), and the querysets whose
text feeds the lexicon. ``search_everything`` widens the query with the synonyms
of the KS dimensions and themes in every language (``kshub.synonyms``), asks every
kind (those of the largest tables beside the others: ``core.searchthreads``), and
ranks them on one scale: ts_rank scaled into [0, 1), plus a bonus when the title
or name holds every word of the query and a smaller one for content in the
reader's language. The lexicon (``core.lexicon``) proposes a spelling for
words it does not hold: offered as "Did you mean", and searched instead when the
query as typed finds nothing.
"""

import hashlib
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from core import lexicon, services, sitesearch
from core.pagecache import (
    CONTENT,
    DISCUSSION,
    cache_for_visitors,
    cached,
    page_number,
)
from core.search import clean_query
from core.searchthreads import search_kinds
from core.sitesearch import KINDS, Result

from . import synonyms
from .results import filter_items, result_rows

PER_KIND = 20
# With a kind chosen, that kind lists this many.
PER_CHOSEN_KIND = 100
PAGE_SIZE = 20
TITLE_BONUS = 1.0
LANGUAGE_BONUS = 0.2
# A kind counting this share of sitesearch.CANDIDATES or more says "or more".
CAPPED_SHARE = 0.9
# Below this many results, a closer spelling of the query is offered.
FEW_RESULTS = 3
# The page where a member asks the community (the knowledge requests' form, which
# takes a ``title``); no invitation is shown while it does not exist.
ASK_COMMUNITY_URL = "exchanges:request-create"


@dataclass
class Found:
    results: list[Result] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    # The spelling searched instead of the query, which found nothing.
    corrected: str = ""
    # A closer spelling of a query that found little.
    suggestion: str = ""
    # The kinds whose count is a lower bound: each ranks (and counts) its first
    # CANDIDATES matches only; some of those may be dropped after (a draft
    # story, a hidden comment), so a count near the bound is one too.
    capped: set[str] = field(default_factory=set)
    # The text searched (the query or its spelling, with synonyms): what the
    # snippets of the results shown highlight.
    searched: str = ""

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def search_everything(q: str, *, kind: str = "", language: str = "") -> Found:
    """Results of every kind (or of ``kind``), best first. The lexicon is asked
    for a closer spelling only when the query finds fewer than FEW_RESULTS: a
    spelling is shown or searched for no other."""
    found = _search(q, kind, language)
    if found.total >= FEW_RESULTS:
        return found
    spelling = lexicon.spelling(q)
    typed = " ".join(lexicon.words_of(q))
    if spelling and spelling != typed:
        if not found.total:
            found = _search(spelling, kind, language)
            found.corrected = spelling if found.total else ""
        else:
            found.suggestion = spelling
    return found


def _search(q: str, chosen: str, language: str) -> Found:
    expanded = synonyms.expand(q)
    words = set(lexicon.words_of(q))
    found = Found(searched=expanded)
    limits = {name: PER_CHOSEN_KIND if name == chosen else PER_KIND for name in KINDS}
    for name, (results, total) in search_kinds(expanded, limits).items():
        found.counts[name] = total
        if total >= sitesearch.CANDIDATES * CAPPED_SHARE:
            found.capped.add(name)
        if not chosen or name == chosen:
            found.results += results
    for result in found.results:
        result.score = _score(result, words, language)
    found.results.sort(key=lambda result: result.score, reverse=True)
    return found


def shown_snippets(found: Found, results: list[Result]) -> list[str]:
    """The snippets of ``results`` (those a page shows), in their order: a kind
    that cuts its snippets for the results shown only does so here, in one
    query for its rows among them."""
    wanted: dict[str, list[int]] = {}
    for result in results:
        if result.pk is not None and KINDS[result.kind].snippets:
            wanted.setdefault(result.kind, []).append(result.pk)
    cut = {
        name: KINDS[name].snippets(found.searched, pks) for name, pks in wanted.items()
    }
    return [
        cut[result.kind].get(result.pk, "") if result.kind in cut else result.snippet
        for result in results
    ]


def _score(result: Result, words: set[str], language: str) -> float:
    score = result.rank
    if words and _names_every(f"{result.title} {result.names}", words):
        score += TITLE_BONUS
    if language and result.language == language:
        score += LANGUAGE_BONUS
    return score


def _names_every(text: str, words: set[str]) -> bool:
    """Whether ``text`` holds every one of ``words`` (as the lexicon holds them).
    An ASCII text missing one of them even as a part of a word cannot: most
    candidates' titles are told so without being split into words."""
    if text.isascii():
        lowered = text.lower()
        if not all(word in lowered for word in words):
            return False
    return words <= set(lexicon.words_of(text, limit=None))


def search_view(request):
    """Every first page of a search is counted (``core.services.record_search``:
    the query text only, a client limited by a hashed address kept an hour in the
    cache), cached or not; then the page."""
    q = clean_query(request.GET.get("q"))
    counted = False
    if q and "page" not in request.GET:
        address = request.META.get("REMOTE_ADDR", "")
        client = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode())
        counted = services.record_search(text=q, client_key=client.hexdigest()[:32])
    return _search_page(request, q, counted=counted)


def _ask_url(q: str) -> str:
    """Where a reader asks the community what the search did not find: a new
    knowledge request with the query as its title, once that page exists."""
    try:
        return f"{reverse(ASK_COMMUNITY_URL)}?{urlencode({'title': q})}"
    except NoReverseMatch:
        return ""


def _chosen_kind(request) -> str:
    kind = request.GET.get("kind", "")
    return kind if kind in KINDS else ""


def _search_params(request) -> str:
    """The search's address as the page reads it: the query as searched, the kind
    and the page; nothing else makes another cached copy."""
    q = clean_query(request.GET.get("q"))
    return urlencode(
        {"q": q, "kind": _chosen_kind(request), "page": page_number(request)}
    )


@cache_for_visitors(scopes=(CONTENT, DISCUSSION), params=_search_params)
def _search_page(request, q: str, *, counted: bool):
    """The results read the same for everyone: the template keeps them rendered per
    canonical address until the content changes, and runs the search only when it
    must; what it found is noted for a search just ``counted`` only."""
    kind = _chosen_kind(request)

    def found() -> dict:
        # Kept per query until the content changes: another page of the same
        # search, or the same search under another address, runs no query.
        found = cached(
            "search",
            (q, kind, get_language()),
            lambda: search_everything(q, kind=kind, language=get_language()),
            scopes=(CONTENT, DISCUSSION),
        )
        if counted and not kind:
            services.record_search_results(text=q, results=found.total)
        page_obj = Paginator(found.results, PAGE_SIZE).get_page(page_number(request))
        # Each page's snippets are cut when it is first shown, and kept as long
        # as the search they belong to.
        snippets = cached(
            "search-snippets",
            (q, kind, get_language(), page_obj.number),
            lambda: shown_snippets(found, page_obj.object_list),
            scopes=(CONTENT, DISCUSSION),
        )
        for result, snippet in zip(page_obj.object_list, snippets, strict=True):
            result.snippet = snippet
        filters = [
            {
                "name": name,
                "label": registered.label,
                "count": found.counts.get(name, 0),
                "capped": name in found.capped,
            }
            for name, registered in KINDS.items()
        ]
        return {
            "page_obj": page_obj,
            "total": found.total,
            "capped": bool(found.capped),
            "candidates": sitesearch.CANDIDATES,
            "results": found.results,
            "rows": result_rows(page_obj.object_list),
            "filters": filters,
            "filter_items": filter_items(q, kind, filters),
            "corrected": found.corrected,
            "suggestion": found.suggestion,
            "ask_url": "" if found.total else _ask_url(q),
        }

    context = {
        "q": q,
        "kind": kind,
        "found": SimpleLazyObject(found) if q else None,
        "search_key": _search_params(request),
        "query_string": urlencode({"q": q, "kind": kind} if kind else {"q": q}),
        "all_query_string": urlencode({"q": q}),
    }
    return render(request, "kshub/search.html", context)
