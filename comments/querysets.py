"""Read layer for comments."""

from django.contrib.contenttypes.models import ContentType
from django.db import models


class CommentQuerySet(models.QuerySet):
    def on(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        )

    def public(self):
        """Visible comments, and removed ones that hold their replies' place."""
        return self.filter(status__in=["visible", "removed"])

    def thread(self):
        return (
            self.filter(parent__isnull=True)
            .select_related("author__profile")
            .prefetch_related(
                models.Prefetch(
                    "replies",
                    queryset=self.model.objects.public().select_related(
                        "author__profile"
                    ),
                )
            )
        )
