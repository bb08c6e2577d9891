"""Case stories in the site search (registered with ``core.sitesearch`` when the
app is ready)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from taggit.models import TaggedItem

from core import sitesearch
from core.prepared import Prepared
from core.search import among_ids, has_alternatives
from core.sitesearch import (
    Kind,
    Result,
    register,
    shown_address,
    snippets_of,
    text_of,
    total_of,
    with_total,
)

from .models import CaseStory

CASE_FIELDS = (
    "pk",
    "title",
    "slug",
    "language",
    "relevance",
    "lead_institution__name",
    "lead_institution__acronym",
)


def _stories(alternatives: bool) -> Prepared:
    return Prepared(
        lambda q, limit, candidates: with_total(
            CaseStory.objects.ranked(
                q, candidates=candidates, snippet=False, alternatives=alternatives
            )
            .published()
            .values(*CASE_FIELDS)
        )[:limit]
    )


# A query with alternatives (a widened one) reads its candidates otherwise: see
# CaseStoryQuerySet.search_candidates.
_STORIES = {alternatives: _stories(alternatives) for alternatives in (False, True)}


def _case_stories(q: str, limit: int):
    stories = _STORIES[has_alternatives(q)](q, limit, sitesearch.CANDIDATES)
    label = str(_("Case story"))  # translated once, not per row
    return [
        Result(
            kind="case",
            label=label,
            title=case["title"],
            url=shown_address("cases:detail", case["slug"]),
            snippet="",
            # The lead institution's short name.
            meta=case["lead_institution__acronym"]
            or case["lead_institution__name"]
            or "",
            rank=float(case["relevance"] or 0),
            language=case["language"],
            pk=case["pk"],
        )
        for case in stories
    ], total_of(stories)


def _story_tags():
    published = CaseStory.objects.published().values("pk")
    return TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(CaseStory),
        object_id__in=published,
    ).annotate(text=F("tag__name"))


def register_search_kinds() -> None:
    register(
        Kind(
            "case",
            _("Case stories"),
            _case_stories,
            snippets=snippets_of(
                lambda q, ids: CaseStory.objects.filter(among_ids(ids)).with_snippet(q)
            ),
            beside=True,
            words=(
                (
                    CaseStory,
                    lambda: CaseStory.objects.published().annotate(
                        text=text_of("title", "summary")
                    ),
                ),
                (TaggedItem, _story_tags),
            ),
        )
    )
