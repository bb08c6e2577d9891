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
        """Published items for everyone; the rest for their author and moderators
        (a scoped moderator: within their scope, see ``members.scopes``)."""
        if user.is_authenticated and user.is_moderator:
            return self
        if user.is_authenticated:
            visible = self.filter(
                models.Q(status=ReviewStatus.PUBLISHED) | models.Q(author=user)
            )
            if user.moderation_scopes:
                visible |= user.moderated_within(self)
            return visible
        return self.published()


class SearchQueryRecordQuerySet(models.QuerySet):
    def since(self, day):
        return self.filter(day__gte=day)

    def by_text(self):
        """One row per query text: ``total`` searches, the ``latest_results``
        noted, the ``last_day`` it was searched; the most searched first."""
        return (
            self.values("text")
            .annotate(
                total=models.Sum("searches"),
                latest_results=models.Min("results"),
                last_day=models.Max("day"),
            )
            .order_by("-total", "text")
        )

    def unanswered(self):
        """Searches that found nothing."""
        return self.filter(results=0)
