"""Case stories: what an institution did, what worked, and what it learnt."""

import functools
import re

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager

from core.models import ReviewedContent
from core.search import START_SEL, safe_snippet
from members.models import Institution

from .querysets import CaseStoryQuerySet

SUMMARY_MAX_LENGTH = 300


# The names stored by the data migration, listed here so that they are translated.
DIMENSION_NAMES = (
    gettext_noop("Knowledge and learning culture"),
    gettext_noop("Governance model for knowledge management"),
    gettext_noop("Financing and business models"),
    gettext_noop("Partnerships at home and abroad"),
    gettext_noop("Role of non-state actors"),
    gettext_noop("Capturing and validating solutions"),
    gettext_noop("Packaging knowledge as learning materials"),
    gettext_noop("Results-oriented sharing modalities"),
    gettext_noop("Measuring results"),
    gettext_noop("Technology for scale-up"),
)


class Dimension(models.Model):
    """One of the ten knowledge-sharing dimensions discussed at the HLM2 roundtables."""

    class Group(models.TextChoices):
        INSTITUTIONAL = "institutional", _("Institutional")
        OPERATIONAL = "operational", _("Operational")

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    group = models.CharField(_("group"), max_length=20, choices=Group.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["position"]
        verbose_name = _("KS dimension")
        verbose_name_plural = _("KS dimensions")

    def __str__(self) -> str:
        """The name in the reader's language."""
        return gettext(self.name)

    def get_absolute_url(self) -> str:
        return reverse("cases:list") + f"?dimension={self.slug}"


class CaseStory(ReviewedContent):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.CharField(
        _("summary"),
        max_length=SUMMARY_MAX_LENGTH,
        help_text=_("At most 300 characters: what happened, in two sentences."),
    )
    context = models.TextField(_("context"), blank=True)
    challenge = models.TextField(_("challenge"), blank=True)
    solution = models.TextField(_("solution"), blank=True)
    results = models.TextField(_("results"), blank=True)
    lessons = models.TextField(_("lessons learnt"), blank=True)
    lead_institution = models.ForeignKey(
        Institution,
        verbose_name=_("lead institution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_case_stories",
    )
    partner_institutions = models.ManyToManyField(
        Institution,
        verbose_name=_("partner institutions"),
        blank=True,
        related_name="partner_case_stories",
    )
    countries = ArrayField(
        models.CharField(max_length=2),
        verbose_name=_("countries"),
        default=list,
        blank=True,
        help_text=_("ISO 3166 country codes"),
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, default="en")
    dimensions = models.ManyToManyField(
        Dimension, verbose_name=_("KS dimensions"), related_name="case_stories"
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
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case_stories",
    )
    search_vector = SearchVectorField(null=True, editable=False)
    # The title's and summary's part of the vector (its weights A and B), kept by
    # a trigger (cases migration 0009; a generated column would need a database
    # for Django's system checks): small enough to sit in the index of published
    # stories by date, which yields a broad search's best matches newest first
    # without reading the table (see CaseStoryQuerySet.search_candidates).
    head_vector = SearchVectorField(null=True, editable=False)
    # The title's part alone (weight A), kept by the same trigger and in the same
    # index: a search's title matches are tested against it entry by entry, and
    # cutting it from the head vector for each entry cost twice the test.
    title_vector = SearchVectorField(null=True, editable=False)

    objects = CaseStoryQuerySet.as_manager()
    # A version at every save: the story's history page (cases.history) reads it.
    history = HistoricalRecords(
        excluded_fields=[
            "search_vector",
            "head_vector",
            "title_vector",
            "view_count",
            "review_reminded_at",
        ],
        cascade_delete_history=True,
    )

    class Meta(ReviewedContent.Meta):
        verbose_name = _("case story")
        verbose_name_plural = _("case stories")
        constraints = [
            *ReviewedContent.Meta.constraints,
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("summary"), SUMMARY_MAX_LENGTH),
                name="casestory_summary_max_length",
            ),
            # One version a language in a group; that none is in the original's
            # language is checked by taxonomy.services.link_translation.
            models.UniqueConstraint(
                fields=["translation_of", "language"],
                name="casestory_one_version_per_language",
            ),
        ]
        indexes = [
            # Each sort's full order, so the ids of a deep page come from an
            # index-only scan (see core.paginators.CountCachedPaginator).
            models.Index(
                fields=["status", "outdated", "-published_at", "-id"],
                name="casestory_recent",
            ),
            models.Index(fields=["status", "year"], name="casestory_status_year"),
            models.Index(
                fields=["status", "outdated", "-view_count", "-published_at", "-id"],
                name="casestory_popular",
            ),
            models.Index(
                fields=["status", "outdated", "title", "id"], name="casestory_by_title"
            ),
            # The most read of all published ones, outdated or not: the top of
            # /impact/ (impact.figures.most_read) without sorting them all.
            models.Index(
                fields=["-view_count", "-published_at", "-id"],
                condition=models.Q(status="published"),
                name="casestory_most_read",
            ),
            # An institution's published stories counted from the index alone
            # (members.querysets.InstitutionQuerySet.with_counts): those it
            # leads, and for those it is a partner of, whether it leads them.
            models.Index(
                fields=["lead_institution", "id"],
                condition=models.Q(status="published"),
                name="casestory_published_lead",
            ),
            models.Index(
                fields=["id"],
                include=["lead_institution"],
                condition=models.Q(status="published"),
                name="casestory_published_id",
            ),
            GinIndex(fields=["countries"], name="casestory_countries"),
            GinIndex(fields=["search_vector"], name="casestory_search"),
            GinIndex(fields=["head_vector"], name="casestory_head_search"),
            # Its statistics let the planner tell a rare title word from a broad.
            GinIndex(fields=["title_vector"], name="casestory_title_search"),
            models.Index(
                fields=["outdated", "-published_at", "-id"],
                include=["language", "head_vector", "title_vector"],
                condition=models.Q(status="published"),
                name="casestory_recent_head",
            ),
            GinIndex(
                fields=["title"],
                name="casestory_title_trgm",
                opclasses=["gin_trgm_ops"],
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        urlconf = get_urlconf() or settings.ROOT_URLCONF
        return _story_address(urlconf, get_script_prefix(), self.slug)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def highlighted_snippet(self) -> str:
        """The search headline with the matched words marked, when a search found
        words in the text (a title-only match reads better with the summary)."""
        snippet = getattr(self, "snippet", None) or ""
        return safe_snippet(snippet) if START_SEL in snippet else ""

    @property
    def sections(self) -> list[tuple[str, str]]:
        """The story's sections in reading order, with their headings."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in ("context", "challenge", "solution", "results", "lessons")
        ]


def attachment_path(instance: "Attachment", filename: str) -> str:
    # The stored name is generated; the member's filename is kept only for display.
    return f"cases/{instance.case_story_id}/{instance.token}{instance.extension}"


# What the ``<slug:slug>`` of the story's route accepts: such a slug is written
# into the address as it is (no character of it is quoted), as reverse() writes it.
_PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_SLUG_MARK = "kshub-story-slug"


def _story_address(urlconf: str, prefix: str, slug: str) -> str:
    """A story's address: its route reversed once a worker, the slug put in its
    place (a new list address shows stories never shown before, and reversing
    cost a card more than writing the rest of it)."""
    if not _PLAIN_SLUG.fullmatch(slug):
        return reverse("cases:detail", args=[slug])
    before, after = _story_route(urlconf, prefix)
    return f"{before}{slug}{after}"


@functools.lru_cache(maxsize=16)
def _story_route(urlconf: str, prefix: str) -> tuple[str, str]:
    before, _mark, after = reverse("cases:detail", args=[_SLUG_MARK]).partition(
        _SLUG_MARK
    )
    return before, after


class Attachment(models.Model):
    case_story = models.ForeignKey(
        CaseStory, on_delete=models.CASCADE, related_name="attachments"
    )
    token = models.CharField(max_length=32, unique=True, editable=False)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name

    @property
    def extension(self) -> str:
        return {
            "application/pdf": ".pdf",
            "image/png": ".png",
            "image/jpeg": ".jpg",
        }.get(self.content_type, "")


class Correction(models.Model):
    """A member's proposed edit to a published story's text, which its author or a
    moderator accepts (the story changes, keeping a version) or declines, with a
    note (see ``cases.corrections``)."""

    FIELDS = (
        "title",
        "summary",
        "context",
        "challenge",
        "solution",
        "results",
        "lessons",
    )

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    case_story = models.ForeignKey(
        CaseStory, on_delete=models.CASCADE, related_name="corrections"
    )
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="proposed_corrections",
    )
    # The proposed text of each changed field, and the story's text it was
    # proposed against: accepting refuses a field changed since.
    proposed = models.JSONField(_("proposed text"), default=dict)
    original = models.JSONField(_("text it corrects"), default=dict)
    explanation = models.TextField(_("why"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decided_corrections",
    )
    decision_note = models.TextField(_("note on the decision"), blank=True)
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("suggested correction")
        verbose_name_plural = _("suggested corrections")
        indexes = [
            models.Index(fields=["status", "created_at"], name="correction_status")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="pending")
                | models.Q(decided_at__isnull=False),
                name="correction_decided_has_date",
            )
        ]

    def __str__(self) -> str:
        return gettext("Correction to “%(title)s”") % {"title": self.case_story}

    def get_absolute_url(self) -> str:
        return reverse("cases:correction", args=[self.case_story.slug, self.pk])
