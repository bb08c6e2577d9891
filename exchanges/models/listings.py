"""Knowledge requests and offers: what an institution asks to learn and what it
can share, with the dimensions, themes, languages and modalities they match on."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from cases.models import CaseStory, Dimension
from members.models import Institution

from ..querysets import OfferQuerySet, RequestQuerySet

SUMMARY_MAX_LENGTH = 300


class Modality(models.TextChoices):
    STUDY_VISIT = "study_visit", _("Study visit")
    VIRTUAL = "virtual", _("Virtual exchange")
    PEER_WORKSHOP = "peer_workshop", _("Peer workshop")
    EXPERT = "expert", _("Expert deployment")
    DOCUMENTS = "documents", _("Documents and guidance")


class WorkingLanguage(models.TextChoices):
    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")
    FRENCH = "fr", _("French")
    PORTUGUESE = "pt", _("Portuguese")
    ARABIC = "ar", _("Arabic")
    RUSSIAN = "ru", _("Russian")
    CHINESE = "zh", _("Chinese")


def _array(verbose_name, choices=None, max_length=20):
    return ArrayField(
        models.CharField(max_length=max_length, choices=choices),
        verbose_name=verbose_name,
        default=list,
        blank=True,
    )


class Listing(models.Model):
    """What requests and offers share: who posts it, what it is about, how and in
    which languages the institution can work."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.CharField(_("summary"), max_length=SUMMARY_MAX_LENGTH)
    body = models.TextField(_("description"), blank=True)
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="%(class)ss",
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact member"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="%(class)ss",
    )
    dimensions = models.ManyToManyField(
        Dimension, verbose_name=_("KS dimensions"), related_name="%(class)ss"
    )
    tags = TaggableManager(_("themes"), blank=True)
    countries = _array(_("countries"), max_length=2)
    languages = _array(_("working languages"), WorkingLanguage.choices, 8)
    modalities = _array(_("modalities"), Modality.choices)
    language = models.CharField(_("language of the text"), max_length=8, default="en")
    hidden = models.BooleanField(_("hidden by a moderator"), default=False)
    awaiting_review = models.BooleanField(
        _("awaiting a moderator's review"),
        default=False,
        help_text=_(
            "Posted for an institution not yet verified, or flagged by members: "
            "listed once a moderator approves it."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_listed(self) -> bool:
        return not (self.hidden or self.awaiting_review)

    @property
    def language_names(self) -> list[str]:
        return [
            WorkingLanguage(c).label for c in self.languages if c in WorkingLanguage
        ]

    @property
    def modality_names(self) -> list[str]:
        return [Modality(c).label for c in self.modalities if c in Modality]

    @classmethod
    def hard_rules(cls, prefix: str) -> list[models.BaseConstraint]:
        return [
            models.CheckConstraint(
                condition=models.Q(modalities__contained_by=Modality.values),
                name=f"{prefix}_known_modalities",
            ),
            models.CheckConstraint(
                condition=models.Q(languages__contained_by=WorkingLanguage.values),
                name=f"{prefix}_known_languages",
            ),
            models.CheckConstraint(
                condition=~models.Q(title=""), name=f"{prefix}_has_title"
            ),
        ]

    @classmethod
    def list_indexes(cls, prefix: str) -> list[models.Index]:
        return [
            models.Index(
                fields=["status", "-created_at", "-id"], name=f"{prefix}_recent"
            ),
            GinIndex(fields=["countries"], name=f"{prefix}_countries"),
            GinIndex(fields=["languages"], name=f"{prefix}_languages"),
            GinIndex(fields=["modalities"], name=f"{prefix}_modalities"),
            GinIndex(fields=["search_vector"], name=f"{prefix}_search"),
        ]


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CONVERSATION = "conversation", _("In conversation")
    MATCHED = "matched", _("Matched")
    FULFILLED = "fulfilled", _("Closed: fulfilled")
    WITHDRAWN = "withdrawn", _("Closed: withdrawn")
    EXPIRED = "expired", _("Closed: expired")


REQUEST_ACTIVE = list(RequestQuerySet.active_statuses)
REQUEST_CLOSED = list(RequestQuerySet.closed_statuses)


class KnowledgeRequest(Listing):
    Status = RequestStatus
    ACTIVE = REQUEST_ACTIVE
    CLOSED = REQUEST_CLOSED

    context = models.TextField(_("context"), blank=True)
    needed_by = models.DateField(
        _("needed by"), help_text=_("The request expires after this date.")
    )
    status = models.CharField(
        _("status"),
        max_length=14,
        choices=RequestStatus.choices,
        default=RequestStatus.OPEN,
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    expiry_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = RequestQuerySet.as_manager()

    class Meta(Listing.Meta):
        verbose_name = _("knowledge request")
        verbose_name_plural = _("knowledge requests")
        constraints = [
            *Listing.hard_rules("request"),
            models.CheckConstraint(
                condition=models.Q(status__in=RequestStatus.values),
                name="request_known_status",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=REQUEST_ACTIVE, closed_at__isnull=True)
                | models.Q(status__in=REQUEST_CLOSED, closed_at__isnull=False),
                name="request_closed_has_date",
            ),
        ]
        indexes = [
            *Listing.list_indexes("request"),
            models.Index(fields=["status", "needed_by"], name="request_expiry"),
        ]

    def get_absolute_url(self) -> str:
        return reverse("exchanges:request", args=[self.slug])

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    kind = "request"


class OfferStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PAUSED = "paused", _("Paused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class KnowledgeOffer(Listing):
    Status = OfferStatus

    capacity = models.PositiveSmallIntegerField(
        _("exchanges it can take"),
        default=1,
        help_text=_("How many exchanges the institution can take on at once."),
    )
    case_stories = models.ManyToManyField(
        CaseStory,
        verbose_name=_("case stories"),
        blank=True,
        related_name="knowledge_offers",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=OfferStatus.choices,
        default=OfferStatus.OPEN,
    )

    objects = OfferQuerySet.as_manager()

    class Meta(Listing.Meta):
        verbose_name = _("knowledge offer")
        verbose_name_plural = _("knowledge offers")
        constraints = [
            *Listing.hard_rules("offer"),
            models.CheckConstraint(
                condition=models.Q(status__in=OfferStatus.values),
                name="offer_known_status",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1, capacity__lte=100),
                name="offer_capacity_range",
            ),
        ]
        indexes = Listing.list_indexes("offer")

    def get_absolute_url(self) -> str:
        return reverse("exchanges:offer", args=[self.slug])

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.OPEN

    kind = "offer"
