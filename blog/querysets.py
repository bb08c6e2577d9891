"""Read layer for posts."""

from django.db import models


class PostQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status="published")

    def visible_to(self, user):
        """Published posts for everyone; drafts and reviews for their author and moderators."""
        if user.is_authenticated and user.is_moderator:
            return self
        if user.is_authenticated:
            return self.filter(models.Q(status="published") | models.Q(author=user))
        return self.published()
