"""Topics in the site search (registered with ``core.sitesearch`` when the app is
ready). Only published topics of open spaces: the search page reads the same for
everyone, so a private space's topics never appear there."""

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from comments.searching import register_discussion
from core import sitesearch
from core.prepared import Prepared
from core.search import among_ids, best_candidates, headline, matches, rank
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

from .models import Space, Topic

TOPIC_FIELDS = (
    "pk",
    "title",
    "slug",
    "language",
    "relevance",
    "space__slug",
    "space__name",
    "space__kind",
)


# Public ones picked after ranking, as for case stories: the candidates come from
# the GIN index alone.
_TOPICS = Prepared(
    lambda q, limit, candidates: with_total(
        best_candidates(Topic.objects.filter(matches(q)), candidates)
        .public()
        .annotate(relevance=rank(q))
        .order_by("-relevance", "-last_activity_at", "-id")
        .values(*TOPIC_FIELDS)
    )[:limit]
)


def _topics(q: str, limit: int):
    topics = _TOPICS(q, limit, sitesearch.CANDIDATES)
    label = str(_("Discussion"))  # translated once, not per row
    return [
        Result(
            kind="topic",
            label=label,
            title=topic["title"],
            url=shown_address("discussions:topic", topic["space__slug"], topic["slug"]),
            snippet="",
            meta=Space.label(topic["space__name"], topic["space__kind"]),
            rank=float(topic["relevance"] or 0),
            language=topic["language"],
            pk=topic["pk"],
        )
        for topic in topics
    ], total_of(topics)


def _public_topics():
    """The topics whose replies the search may show: public ones, with what their
    address needs."""
    return (
        Topic.objects.public()
        .select_related("space")
        .only("title", "slug", "space__slug")
    )


def register_search_kinds() -> None:
    register_discussion("discussions.topic", _public_topics)
    register(
        Kind(
            "topic",
            _("Discussions"),
            _topics,
            snippets=snippets_of(
                lambda q, ids: Topic.objects.filter(among_ids(ids)).annotate(
                    snippet=headline(q, F("body"))
                )
            ),
            words=(
                (
                    Topic,
                    lambda: Topic.objects.public().annotate(text=text_of("title")),
                ),
            ),
        )
    )
