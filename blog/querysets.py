"""Read layer for posts."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Value
from django.db.models.functions import Concat
from taggit.models import TaggedItem

from core.querysets import ReviewedQuerySet, lowered_if_outdated
from core.search import best_candidates, headline, matches, rank


class PostQuerySet(ReviewedQuerySet):
    def with_tag(self, slug: str):
        # Through TaggedItem: a join on ``tags`` runs taggit code deprecated in 6.1.
        tagged = TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model),
            tag__slug=slug,
        ).values("object_id")
        return self.filter(pk__in=tagged)

    def by_author(self, user):
        return self.filter(author=user)

    def for_event(self, event):
        return self.filter(event=event)

    def for_list(self):
        """What a list entry shows, in a fixed number of queries (a relation not
        joined here comes for every entry in one query)."""
        return (
            self.select_related("author__profile", "event")
            .prefetch_related("tags")
            .fetch_mode(models.FETCH_PEERS)
        )

    def matching(self, q: str):
        """Full-text matches, each in the configuration of the post's language."""
        return self.filter(matches(q))

    def ranked(self, q: str, *, candidates: int):
        """Of the first ``candidates`` matches, the best first, as ``relevance``,
        with a highlighted ``snippet`` (see ``core.search.safe_snippet``)."""
        body = Concat("summary", Value("\n"), "body", output_field=models.TextField())
        return (
            best_candidates(self, candidates)
            .annotate(relevance=lowered_if_outdated(rank(q)), snippet=headline(q, body))
            .order_by("-relevance", "-published_at", "-id")
        )
