"""Posts: news, insights and reports from events, like the HLM2 report from Seoul."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager

from core.models import ReviewedContent
from events.models import Event

from .querysets import PostQuerySet


class Post(ReviewedContent):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
    )
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("body"), help_text=_("Markdown"))
    event = models.ForeignKey(
        Event,
        verbose_name=_("related event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    tags = TaggableManager(_("themes"), blank=True)
    translation_of = models.ForeignKey(
        "self",
        verbose_name=_("translation of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translations",
    )
    language = models.CharField(_("language"), max_length=8, default="en")
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PostQuerySet.as_manager()
    # A version at every save: the post's history page (blog.views) reads it.
    history = HistoricalRecords(
        excluded_fields=["search_vector", "view_count", "review_reminded_at"],
        cascade_delete_history=True,
    )

    class Meta(ReviewedContent.Meta):
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            *ReviewedContent.Meta.constraints,
            # One version a language in a group; that none is in the original's
            # language is checked by taxonomy.services.link_translation.
            models.UniqueConstraint(
                fields=["translation_of", "language"],
                name="post_one_version_per_language",
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "outdated", "-published_at"], name="post_status_pub"
            ),
            GinIndex(fields=["search_vector"], name="post_search"),
            GinIndex(
                fields=["title"], name="post_title_trgm", opclasses=["gin_trgm_ops"]
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("blog:detail", args=[self.slug])


class Resource(models.Model):
    """A publication or site the community recommends, listed beside the posts."""

    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("address"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def __str__(self) -> str:
        return self.title
