"""Read layer for posts."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from taggit.models import TaggedItem


class PostQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status="published")

    def submitted(self):
        """Waiting for a moderator, oldest first."""
        return self.filter(status="submitted").order_by("updated_at", "id")

    def featured(self):
        return self.published().filter(featured=True)

    def visible_to(self, user):
        """Published posts for all; the rest for their author and moderators."""
        if user.is_authenticated and user.is_moderator:
            return self
        if user.is_authenticated:
            return self.filter(models.Q(status="published") | models.Q(author=user))
        return self.published()

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
