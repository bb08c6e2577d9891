"""The ground floor's records: where reviewed content stands, the moderators'
audit log, and the batches of view counts already written."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReviewStatus(models.TextChoices):
    """Where a case story or a post stands in review (see ``core.review``)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    ARCHIVED = "archived", _("Archived")


class CuratedContent(models.Model):
    """What keeps published content honest over time (see ``core.curation``):
    when a reviewer last found it current, when it is due for review again, and,
    once found outdated, a note and the address of what replaces it. Outdated
    content stays readable and searchable, ranked after current content.

    A concrete model names in ``REVIEW_FROM`` the date its review interval counts
    from, and reads through ``core.querysets.CuratedQuerySet``."""

    REVIEW_FROM = "published_at"

    last_reviewed_at = models.DateField(_("last reviewed"), null=True, blank=True)
    review_by = models.DateField(_("review by"), null=True, blank=True)
    review_reminded_at = models.DateField(
        _("review reminder sent"), null=True, blank=True, editable=False
    )
    outdated = models.BooleanField(_("outdated"), default=False)
    outdated_note = models.TextField(_("why it is outdated"), blank=True)
    successor_url = models.CharField(_("what replaces it"), max_length=500, blank=True)

    class Meta:
        abstract = True

    @property
    def successor_is_external(self) -> bool:
        return not self.successor_url.startswith("/")


class ReviewedContent(CuratedContent):
    """What members submit and moderators review (see ``core.review``): its place
    in review, whether it is featured, when it was published, how often it was read.
    A concrete model adds its own ``author`` and reads through
    ``core.querysets.ReviewedQuerySet``."""

    Status = ReviewStatus

    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ReviewStatus.choices,
        default=ReviewStatus.DRAFT,
    )
    featured = models.BooleanField(_("featured"), default=False)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    view_count = models.PositiveIntegerField(_("views"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta(CuratedContent.Meta):
        abstract = True
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=ReviewStatus.PUBLISHED)
                | models.Q(published_at__isnull=False),
                name="%(class)s_published_has_date",
            ),
        ]


class AuditEntry(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderator"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    action = models.CharField(_("action"), max_length=40, db_index=True)
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target_repr = models.CharField(_("object"), max_length=250)
    reason = models.TextField(_("reason"), blank=True)
    # The moderation scope the actor acted within ("dimension:measuring-results"),
    # or "" for a site-wide moderator.
    scope = models.CharField(_("scope"), max_length=100, blank=True, db_index=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.actor} {self.action} {self.target_repr}"


class WrittenViewBatch(models.Model):
    """A batch of view counts moved from Redis into the rows (``core.viewcounts``),
    recorded in the same transaction: a flush cut short after that commit leaves
    its batch in Redis, and the next flush finds it here and only clears it."""

    id = models.UUIDField(primary_key=True)
    written_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("written batch of view counts")
        verbose_name_plural = _("written batches of view counts")

    def __str__(self) -> str:
        return f"{self.id} ({self.written_at:%Y-%m-%d %H:%M:%S})"


class SearchWord(models.Model):
    """A word of the public content, as the search indexes hold it (lowercase,
    without accents), with the number of rows it occurs in: the lexicon the site
    search proposes spellings from (``core.lexicon``)."""

    word = models.CharField(max_length=100, primary_key=True)
    documents = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")
        indexes = [
            GinIndex(
                fields=["word"], name="searchword_word_trgm", opclasses=["gin_trgm_ops"]
            )
        ]

    def __str__(self) -> str:
        return self.word


# After ReviewStatus, which the read layer imports from here.
from .querysets import SearchQueryRecordQuerySet  # noqa: E402


class SearchQueryRecord(models.Model):
    """How often a query was searched on one day and how many results it found:
    the query text only (lowercase, spaces collapsed), never who searched, kept for
    ``core.services.SEARCH_RECORDS_KEPT``."""

    text = models.CharField(_("query"), max_length=200)
    day = models.DateField(_("day"), default=timezone.localdate)
    searches = models.PositiveIntegerField(_("searches"), default=0)
    results = models.PositiveIntegerField(_("results"), null=True, blank=True)

    objects = SearchQueryRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("recorded search")
        verbose_name_plural = _("recorded searches")
        constraints = [
            models.UniqueConstraint(fields=["text", "day"], name="searchrecord_unique")
        ]
        indexes = [models.Index(fields=["day"], name="searchrecord_day")]

    def __str__(self) -> str:
        return f"{self.text} ({self.day}: {self.searches})"
