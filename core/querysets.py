"""Reads shared by every kind of reviewed content (see ``core.models.ReviewedContent``):
one place decides what is public and who sees a draft."""

from django.db import models

from .models import ReviewStatus

# Stages of a member's writing that nobody but its author and the moderators sees.
UNPUBLISHED = (ReviewStatus.DRAFT, ReviewStatus.SUBMITTED, ReviewStatus.REJECTED)


class ReviewedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ReviewStatus.PUBLISHED)

    def unpublished(self):
        """Drafts, submissions and rejections: what only the author relies on."""
        return self.filter(status__in=UNPUBLISHED)

    def submitted(self):
        """Waiting for a moderator, oldest first."""
        return self.filter(status=ReviewStatus.SUBMITTED).order_by("updated_at", "id")

    def featured(self):
        return self.published().filter(featured=True)

    def visible_to(self, user):
        """Published items for everyone; the rest for their author and moderators."""
        if user.is_authenticated and user.is_moderator:
            return self
        if user.is_authenticated:
            return self.filter(
                models.Q(status=ReviewStatus.PUBLISHED) | models.Q(author=user)
            )
        return self.published()
