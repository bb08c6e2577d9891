"""Themes as concepts named in each language, and versions of content in other
languages.

A member tags a story in their own words and language (taggit's ``Tag``); each tag
names one :class:`Theme`, the concept, which has a label per language. Stories
tagged "gestión de riesgos" and "disaster risk management" share a theme when both
tags name it, and every reader sees the theme's label in their own language."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from .querysets import ThemeQuerySet

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


class Theme(models.Model):
    """One concept, whatever the language it is written in."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.label()

    def get_absolute_url(self) -> str:
        return reverse("cases:list") + f"?tag={self.slug}"

    def label(self, language: str | None = None) -> str:
        """The label in ``language`` (the reader's by default), else in English,
        else any; from prefetched labels when there are."""
        if language is None and getattr(self, "name", None):
            return self.name  # labelled in the reader's language by the queryset
        labels = {label.language: label.name for label in self.labels.all()}
        return pick_label(labels, language or get_language()) or self.slug


def pick_label(labels: dict[str, str], language: str | None) -> str:
    for code in (language, settings.LANGUAGE_CODE, *LANGUAGE_CODES):
        if code in labels:
            return labels[code]
    return ""


class ThemeLabel(models.Model):
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.CASCADE, related_name="labels"
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["theme", "language"]
        verbose_name = _("theme label")
        verbose_name_plural = _("theme labels")
        constraints = [
            models.UniqueConstraint(
                fields=["theme", "language"], name="themelabel_one_per_language"
            ),
            models.CheckConstraint(
                condition=models.Q(language__in=LANGUAGE_CODES),
                name="themelabel_known_language",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"


class ThemeTag(models.Model):
    """Which theme a tag names. A merge moves the links, never the taggings, so
    no tagging is lost however merges interleave."""

    tag = models.OneToOneField(
        Tag,
        verbose_name=_("tag"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="theme_link",
    )
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        on_delete=models.PROTECT,
        related_name="tag_links",
    )

    class Meta:
        verbose_name = _("tag of a theme")
        verbose_name_plural = _("tags of themes")

    def __str__(self) -> str:
        return f"{self.tag_id} → {self.theme_id}"


class ThemeRedirect(models.Model):
    """The slug of a theme merged into another: its old addresses answer 301."""

    old_slug = models.SlugField(_("old slug"), max_length=100, unique=True)
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        on_delete=models.CASCADE,
        related_name="redirects",
    )

    class Meta:
        verbose_name = _("theme redirect")
        verbose_name_plural = _("theme redirects")

    def __str__(self) -> str:
        return self.old_slug


class TranslationRequest(models.Model):
    """A member asks for a story or post in a language it is not written in."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="translation_requests",
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("translation request")
        verbose_name_plural = _("translation requests")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "language", "member"],
                name="translationrequest_once_per_member",
            ),
            models.CheckConstraint(
                condition=models.Q(language__in=LANGUAGE_CODES),
                name="translationrequest_known_language",
            ),
        ]
        indexes = [
            models.Index(
                fields=["content_type", "language", "object_id"],
                name="translationrequest_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} → {self.language}"
