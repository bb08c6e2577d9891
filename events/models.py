"""Events (High-Level Meetings), their programme, documents and registrations."""

from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from cases.models import CaseStory, Dimension
from core.models import CuratedContent
from members.models import Institution

from .querysets import SEARCH_CONFIG as EVENT_SEARCH_CONFIG  # noqa: F401 (imported from here)
from .querysets import (
    DocumentQuerySet,
    EventQuerySet,
    RegistrationQuerySet,
    SessionQuerySet,
)


def validate_time_zone(value: str) -> None:
    if value not in available_timezones():
        raise ValidationError(
            _("%(value)s is not a known time zone."), params={"value": value}
        )


class Event(models.Model):
    title = models.CharField(_("title"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = CountryField(_("country"), blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=50,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_("IANA name, e.g. Asia/Seoul"),
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    organisers = models.ManyToManyField(
        Institution, verbose_name=_("organisers"), blank=True, related_name="events"
    )
    summary = models.TextField(_("summary"), max_length=600)
    body = models.TextField(_("description"), blank=True)
    participants_count = models.PositiveIntegerField(
        _("reported participants"), null=True, blank=True
    )
    countries_count = models.PositiveIntegerField(
        _("reported countries"), null=True, blank=True
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty means unlimited.")
    )
    registration_open = models.BooleanField(_("registration open"), default=False)
    registration_closes_at = models.DateTimeField(
        _("registration closes at"), null=True, blank=True
    )
    is_example = models.BooleanField(
        _("example event"),
        default=False,
        help_text=_("Demo content, marked as an example on the page."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Title and short name (A), city and summary (B), description (C), in
    # EVENT_SEARCH_CONFIG: kept by a trigger (migration 0003), so every way of
    # saving an event keeps it current.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="event_ends_after_start",
            )
        ]
        indexes = [
            models.Index(fields=["starts_on"], name="event_starts_on"),
            GinIndex(fields=["search_vector"], name="event_search"),
            GinIndex(
                fields=["title"], name="event_title_trgm", opclasses=["gin_trgm_ops"]
            ),
            GinIndex(
                fields=["short_name"],
                name="event_short_name_trgm",
                opclasses=["gin_trgm_ops"],
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.slug])

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def has_ended(self) -> bool:
        """Over on the calendar of the place where it happens."""
        return self.ends_on < timezone.localdate(timezone=self.zone)

    @property
    def accepts_registrations(self) -> bool:
        return (
            self.registration_open
            and not self.has_ended
            and (
                self.registration_closes_at is None
                or self.registration_closes_at > timezone.now()
            )
        )


class Session(models.Model):
    class Kind(models.TextChoices):
        HIGH_LEVEL_PANEL = "high_level_panel", _("High-level panel")
        POLICY_PANEL = "policy_panel", _("Policy panel")
        WORLD_CAFE = "world_cafe", _("World café")
        ROUNDTABLE = "roundtable", _("Roundtable")
        CONSULTATION = "consultation", _("Consultation")
        WORKSHOP = "workshop", _("Workshop")
        TRAINING = "training", _("Training module")
        PLENARY = "plenary", _("Plenary")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    slug = models.SlugField(_("slug"), max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=120, blank=True)
    dimension = models.ForeignKey(
        Dimension,
        verbose_name=_("KS dimension"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
    )
    case_stories = models.ManyToManyField(
        CaseStory,
        verbose_name=_("case stories discussed"),
        blank=True,
        related_name="sessions",
    )

    # Title and speakers' names (A), description and speakers' positions (B), KS
    # dimension (C), in EVENT_SEARCH_CONFIG: kept by triggers on sessions and
    # speakers (migration 0004).
    search_vector = SearchVectorField(null=True, editable=False)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "title"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "slug"], name="session_slug_unique_per_event"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="session_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "starts_at"], name="session_programme"),
            GinIndex(fields=["search_vector"], name="session_search"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:session", args=[self.event.slug, self.slug])


class Speaker(models.Model):
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="speakers"
    )
    name = models.CharField(_("name"), max_length=120)
    position = models.CharField(_("position"), max_length=200, blank=True)
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="speakers",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self) -> str:
        return self.name


class Document(CuratedContent):
    """An outcome document, report or presentation: a page of its own, with its
    file and its text (extracted from the file, or written by a moderator)."""

    REVIEW_FROM = "created_at"

    class Kind(models.TextChoices):
        OUTCOME = "outcome", _("Outcome document")
        COMMUNIQUE = "communique", _("Communiqué")
        PRESENTATION = "presentation", _("Presentation")
        REPORT = "report", _("Report")
        OTHER = "other", _("Other")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="documents")
    session = models.ForeignKey(
        Session,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="events/documents/", blank=True)
    content_type = models.CharField(_("type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, default="en")
    original = models.ForeignKey(
        "self",
        verbose_name=_("original"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translations",
        help_text=_("The document this one translates, for a language version."),
    )
    text = models.TextField(
        _("text"),
        blank=True,
        help_text=_("Extracted from the file when there is one; Markdown."),
    )
    text_is_summary = models.BooleanField(
        _("the text is a summary"),
        default=False,
        help_text=_("Tick when the text summarises the document instead of giving it."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Title (A) and text (B) in the configurations of the document's language:
    # kept by a trigger (migration 0004) however a row is written.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = DocumentQuerySet.as_manager()

    class Meta(CuratedContent.Meta):
        ordering = ["kind", "title"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [GinIndex(fields=["search_vector"], name="document_search")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("documents:detail", args=[self.slug])

    @property
    def file_type(self) -> str:
        """A short name for the format, e.g. PDF, as readers know it."""
        if self.file:
            extension = (
                self.file.name.rsplit(".", 1)[-1] if "." in self.file.name else ""
            )
            if extension:
                return extension.upper()
        return self.content_type.rsplit("/", 1)[-1].upper() if self.content_type else ""


class Registration(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registrations"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "member"], name="registration_one_per_member"
            )
        ]
        indexes = [
            models.Index(
                fields=["event", "status", "created_at"], name="registration_queue"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.event} ({self.get_status_display()})"
