"""Read layer for posts."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from taggit.models import TaggedItem

from core.querysets import ReviewedQuerySet


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
