"""A case story's page.

A published story's page reads the same for everyone around the reader's own
parts. What the story shows (its head, body, sessions, related stories) is
rendered from the template's partials once per content version, language and
address and read in one read, from the process's memory once it has read it.

For a signed-in member, the page around that is shared too
(``core.holes.render_shared``): rendered once per content version, language,
kind of reader and :func:`situation <_member_page>` (whether they follow the
story, may edit it, may ask for a translation, the views it shows), its holes
filled by each request. What the apps above this one add under the story, the
adoptions and the comment thread, is the template's ``reader`` partial,
rendered for each request and put in its hole. A visitor's page is kept whole
(``core.pagecache.cache_for_visitors``).
"""

import copy
import hashlib

from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django_countries import countries

from core import readerfacts
from core.holes import Situation, render_shared
from core.pagecache import CONTENT, cache_for_visitors, cached, render_partials
from core.viewcounts import count_view, will_count_view
from taxonomy.translations import missing_languages, reader_version

from . import services
from .models import CaseStory
from .querysets import story_for_page
from .structured_data import story_page

TEMPLATE = "cases/casestory_detail.html"


def case_detail(request, slug):
    response = _case_page(request, slug)
    if not request.user.is_authenticated:
        # Counted here: a visitor's copy of the page may come from the cache.
        seen = _published_head(slug)
        if seen is None:
            raise Http404("No such case story.")
        count_view(request, response, seen)
    return response


def _published_head(slug: str) -> CaseStory | None:
    """What a published story's page shows around its shared parts, read once
    per content version."""
    return cached(
        "case-head",
        (slug,),
        lambda: CaseStory.objects.published().for_page_head().filter(slug=slug).first(),
        scopes=(CONTENT,),
        in_process=True,
    )


# The thread's "show every comment", and the header's search words.
@cache_for_visitors(params=("comments", "q"))
def _case_page(request, slug):
    canonical_url = request.build_absolute_uri(reverse("cases:detail", args=[slug]))
    page = cached(
        "case-page",
        (slug, get_language(), canonical_url),
        lambda: _published_page(request, slug, canonical_url),
        scopes=(CONTENT,),
        in_process=True,
    )
    if page is None:
        story = story_for_page(CaseStory.objects.visible_to(request.user), slug)
        if not story:
            raise Http404("No such case story.")
        page = {"case": story["case"], **_shared_parts(request, story, canonical_url)}
    case = copy.copy(page["case"])  # its reader shows their own view on it
    context = {
        "case": case,
        "page": page,
        "missing_languages": missing_languages(request, case, page["versions"]),
        "can_edit": services.may_edit(case, request.user)
        and case.status in services.EDITABLE_STATUSES,
        "canonical_url": canonical_url,
        "structured_data": page["structured_data"],
    }
    counting = (
        case.is_published
        and request.user.is_authenticated
        and will_count_view(request, case)
    )
    if counting:
        case.view_count += 1  # the page shows this reader's view, counted below
    if case.is_published and request.user.is_authenticated:
        response = _member_page(request, context)
    else:
        response = render(request, TEMPLATE, context)
    if counting:
        count_view(request, response, case)
    return response


def _member_page(request, context: dict):
    """A signed-in member's page of a published story: shared by the members in
    the same situation, the reader's own parts in its hole."""
    case = context["case"]
    context[readerfacts.CONTEXT_NAME] = readerfacts.read(request.user.pk, case)
    reader = render_to_string(f"{TEMPLATE}#reader", context, request)
    situation = (
        case.view_count,
        context["canonical_url"],
        context["can_edit"],
        context["missing_languages"],
        sorted(context[readerfacts.CONTEXT_NAME].items()),
    )
    # A digest: the key's parts must be short and free of spaces.
    digest = hashlib.blake2b(repr(situation).encode(), digest_size=12).hexdigest()
    return render_shared(
        request, TEMPLATE, {"reader": reader}, Situation(context, (case.pk, digest))
    )


def _published_page(request, slug: str, canonical_url: str) -> dict | None:
    head = _published_head(slug)
    if head is None:
        return None
    story = story_for_page(CaseStory.objects.published(), slug)
    return {"case": head, **_shared_parts(request, story, canonical_url)}


def _shared_parts(request, story: dict, canonical_url: str) -> dict:
    """The story's page head, body and what is around it (sessions, related
    stories), rendered from its partials."""
    context = {
        "case": story["case"],
        "story": story,
        "countries": [
            (code, countries.name(code) or code) for code in story["case"].countries
        ],
        "canonical_url": canonical_url,
        "reader_version": reader_version(story["versions"]),
    }
    return {
        "structured_data": story_page(story, request.build_absolute_uri),
        **render_partials(TEMPLATE, context, "head", "body", "around"),
        "versions": story["versions"],
    }
