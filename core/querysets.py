"""Reads shared by every kind of reviewed content (see ``core.models.ReviewedContent``):
one place decides what is public and who sees a draft."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from .models import ReviewStatus

# Stages of a member's writing that nobody but its author and the moderators sees.
UNPUBLISHED = (ReviewStatus.DRAFT, ReviewStatus.SUBMITTED, ReviewStatus.REJECTED)


def review_interval() -> datetime.timedelta:
    return datetime.timedelta(days=settings.CONTENT_REVIEW_INTERVAL_DAYS)


# How much an outdated item's search relevance counts against a current one's.
OUTDATED_RANK_FACTOR = 0.5


def lowered_if_outdated(relevance):
    """``relevance`` (a rank expression) cut by OUTDATED_RANK_FACTOR for outdated
    rows: still found, shown after current content as relevant."""
    return relevance * models.Case(
        models.When(outdated=True, then=models.Value(OUTDATED_RANK_FACTOR)),
        default=models.Value(1.0),
        output_field=models.FloatField(),
    )


class CuratedQuerySet(models.QuerySet):
    """Reads of ``core.models.CuratedContent``: what is due for review, what to
    remind of, and the order that puts outdated content after current content."""

    def reviewable(self):
        """What a reviewer may look at: every row; reviewed content narrows it to
        what is published."""
        return self

    def with_review_due(self):
        """Each row with ``review_due``: its ``review_by`` date or, when none was
        set (rows loaded in bulk), the interval after ``REVIEW_FROM``."""
        start = Cast(self.model.REVIEW_FROM, models.DateField())
        return self.annotate(
            review_due=Coalesce(
                "review_by",
                Cast(start + review_interval(), models.DateField()),
            )
        )

    def due_for_review(self, on: datetime.date | None = None):
        """Current (not outdated) content whose review date has come, oldest due
        first."""
        on = on or timezone.localdate()
        return (
            self.reviewable()
            .filter(outdated=False)
            .with_review_due()
            .filter(review_due__lte=on)
            .order_by("review_due", "pk")
        )

    def to_remind(self, on: datetime.date | None = None):
        """Due within the reminder period and not yet reminded of (a review
        clears the reminder)."""
        on = on or timezone.localdate()
        soon = on + datetime.timedelta(days=settings.CONTENT_REVIEW_REMINDER_DAYS)
        return (
            self.reviewable()
            .filter(outdated=False)
            .with_review_due()
            .filter(review_due__lte=soon, review_reminded_at__isnull=True)
        )

    def outdated(self):
        return self.filter(outdated=True)

    def current_first(self, *ordering):
        """``ordering`` with outdated content after current content."""
        return self.order_by("outdated", *ordering)


class ReviewedQuerySet(CuratedQuerySet):
    def reviewable(self):
        return self.published()

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
