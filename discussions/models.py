"""Thematic spaces and the topics members start in them; replies are comments."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from .querysets import SpaceQuerySet, TopicQuerySet

TITLE_MAX_LENGTH = 200
BODY_MAX_LENGTH = 10000


class Space(models.Model):
    class Kind(models.TextChoices):
        DIMENSION = "dimension", _("KS dimension")
        REGION = "region", _("Region")
        LANGUAGE = "language", _("Language")
        EVENT = "event", _("Event")
        WORKING_GROUP = "group", _("Working group")

    class Access(models.TextChoices):
        OPEN = "open", _("Open to every member")
        PRIVATE = "private", _("Admitted members only")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    access = models.CharField(
        _("access"), max_length=8, choices=Access.choices, default=Access.OPEN
    )
    description = models.TextField(_("description"), blank=True)
    dimension = models.OneToOneField(
        "cases.Dimension",
        verbose_name=_("KS dimension"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="space",
    )
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="spaces",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = SpaceQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("space")
        verbose_name_plural = _("spaces")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="dimension", dimension__isnull=False)
                | ~models.Q(kind="dimension"),
                name="space_dimension_named",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="dimension") | models.Q(access="open"),
                name="space_dimension_open",
            ),
        ]

    def __str__(self) -> str:
        return self.label(self.name, self.kind)

    def get_absolute_url(self) -> str:
        return reverse("discussions:space", args=[self.slug])

    @classmethod
    def label(cls, name: str, kind: str) -> str:
        """Dimension spaces are named in the reader's language."""
        return gettext(name) if kind == cls.Kind.DIMENSION else name

    @property
    def is_open(self) -> bool:
        return self.access == self.Access.OPEN


class Membership(models.Model):
    """A member admitted to a space, or one of its moderators."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        MODERATOR = "moderator", _("Space moderator")

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="members")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="space_memberships",
    )
    role = models.CharField(
        _("role"), max_length=10, choices=Role.choices, default=Role.MEMBER
    )
    created_at = models.DateTimeField(_("admitted at"), default=timezone.now)

    class Meta:
        ordering = ["space", "-role", "created_at"]
        verbose_name = _("space member")
        verbose_name_plural = _("space members")
        constraints = [
            models.UniqueConstraint(
                fields=["space", "member"], name="membership_once_per_space"
            )
        ]
        indexes = [models.Index(fields=["member", "space"], name="membership_member")]

    def __str__(self) -> str:
        return f"{self.member} in {self.space} ({self.role})"


class Topic(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        PUBLISHED = "published", _("Published")
        HIDDEN = "hidden", _("Hidden by a moderator")

    space = models.ForeignKey(
        Space, verbose_name=_("space"), on_delete=models.PROTECT, related_name="topics"
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    slug = models.SlugField(_("slug"), max_length=220)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="topics",
    )
    body = models.TextField(_("text"), max_length=BODY_MAX_LENGTH)
    language = models.CharField(_("language"), max_length=8, default="en")
    tags = TaggableManager(_("tags"), blank=True)
    case_stories = models.ManyToManyField(
        "cases.CaseStory", verbose_name=_("case stories"), blank=True
    )
    events = models.ManyToManyField(
        "events.Event", verbose_name=_("events"), blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED
    )
    pinned = models.BooleanField(_("pinned"), default=False)
    closed = models.BooleanField(_("closed"), default=False)
    answer = models.ForeignKey(
        "comments.Comment",
        verbose_name=_("answer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_topics",
    )
    reply_count = models.PositiveIntegerField(_("replies"), default=0)
    view_count = models.PositiveIntegerField(_("views"), default=0)
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["-last_activity_at", "-id"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.UniqueConstraint(
                fields=["space", "slug"], name="topic_slug_per_space"
            ),
            models.CheckConstraint(
                condition=models.Q(merged_into__isnull=True) | models.Q(closed=True),
                name="topic_merged_is_closed",
            ),
            models.CheckConstraint(
                condition=~models.Q(merged_into=models.F("pk")),
                name="topic_not_merged_into_itself",
            ),
            models.CheckConstraint(
                condition=models.Q(last_activity_at__gte=models.F("created_at")),
                name="topic_activity_after_start",
            ),
        ]
        indexes = [
            models.Index(
                fields=["space", "status", "-pinned", "-last_activity_at"],
                name="topic_space_activity",
            ),
            models.Index(
                fields=["status", "-last_activity_at"], name="topic_status_activity"
            ),
            models.Index(fields=["author", "-created_at"], name="topic_author"),
            GinIndex(fields=["search_vector"], name="topic_search"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("discussions:topic", args=[self.space.slug, self.slug])

    @property
    def is_public(self) -> bool:
        """Readable by anyone: published in an open space (profiles ask this)."""
        return self.status == self.Status.PUBLISHED and self.space.is_open

    @property
    def answered(self) -> bool:
        return self.answer_id is not None


class Visit(models.Model):
    """When a member last opened a topic: one row per member and topic, updated in
    place, so unread markers cost one query per page."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="visits")
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("topic visit")
        verbose_name_plural = _("topic visits")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "topic"], name="visit_once_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} saw {self.topic_id} at {self.seen_at:%Y-%m-%d %H:%M}"
