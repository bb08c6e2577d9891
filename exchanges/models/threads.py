"""The private threads between two institutions, and the exchanges they agree,
followed to their results."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases.models import CaseStory
from members.models import Institution

from ..querysets import ExchangeQuerySet, ThreadQuerySet
from .listings import KnowledgeOffer, KnowledgeRequest, Modality


class Side(models.TextChoices):
    SEEKER = "seeker", _("The institution that wants to learn")
    PROVIDER = "provider", _("The institution that shares")


class Thread(models.Model):
    """A private conversation between a learning institution (the seeker) and one
    that can share (the provider), about a request, an offer or both. Only its
    participants and the moderators read it."""

    request = models.ForeignKey(
        KnowledgeRequest,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="threads",
    )
    offer = models.ForeignKey(
        KnowledgeOffer,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="threads",
    )
    seeker = models.ForeignKey(
        Institution,
        verbose_name=_("learning institution"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    provider = models.ForeignKey(
        Institution,
        verbose_name=_("sharing institution"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="exchange_threads"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    introduced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The terms one side proposed, waiting for the other side's agreement.
    proposed_by = models.CharField(max_length=8, choices=Side.choices, blank=True)
    proposed_modality = models.CharField(
        max_length=20, choices=Modality.choices, blank=True
    )
    proposed_starts_on = models.DateField(null=True, blank=True)
    proposed_ends_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField(null=True, blank=True)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        ordering = ["-last_message_at", "-id"]
        verbose_name = _("private thread")
        verbose_name_plural = _("private threads")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(request__isnull=False)
                | models.Q(offer__isnull=False),
                name="thread_about_something",
            ),
            models.CheckConstraint(
                condition=~models.Q(seeker=models.F("provider")),
                name="thread_two_institutions",
            ),
            models.UniqueConstraint(
                fields=["request", "provider"],
                condition=models.Q(request__isnull=False),
                name="thread_one_per_request_and_provider",
            ),
            models.UniqueConstraint(
                fields=["offer", "seeker"],
                condition=models.Q(offer__isnull=False, request__isnull=True),
                name="thread_one_per_offer_and_seeker",
            ),
            models.CheckConstraint(
                condition=models.Q(proposed_by="", proposed_modality="")
                | (~models.Q(proposed_by="") & ~models.Q(proposed_modality="")),
                name="thread_proposal_complete",
            ),
        ]

    def __str__(self) -> str:
        about = self.request or self.offer
        return f"{about} ({self.seeker} / {self.provider})"

    def get_absolute_url(self) -> str:
        return reverse("exchanges:thread", args=[self.pk])

    @property
    def subject(self):
        return self.request or self.offer


class Message(models.Model):
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="exchange_messages",
    )
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [models.Index(fields=["thread", "created_at"], name="message_thread")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(body=""), name="message_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return self.body[:60]


class ExchangeStatus(models.TextChoices):
    AGREED = "agreed", _("Agreed")
    UNDER_WAY = "under_way", _("Under way")
    COMPLETED = "completed", _("Completed")
    DROPPED = "dropped", _("Dropped")


class Exchange(models.Model):
    """What two sides agreed: who shares with whom, how and when, and what changed."""

    Status = ExchangeStatus

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    request = models.ForeignKey(
        KnowledgeRequest,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="exchanges",
    )
    offer = models.ForeignKey(
        KnowledgeOffer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="exchanges",
    )
    thread = models.OneToOneField(
        Thread,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="exchange",
    )
    institutions = models.ManyToManyField(
        Institution, through="ExchangeParty", related_name="exchanges"
    )
    modality = models.CharField(_("modality"), max_length=20, choices=Modality.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ExchangeStatus.choices,
        default=ExchangeStatus.AGREED,
    )
    agreed_at = models.DateTimeField(_("agreed at"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    results_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    case_story = models.ForeignKey(
        CaseStory,
        verbose_name=_("case story"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="exchanges",
    )

    objects = ExchangeQuerySet.as_manager()

    class Meta:
        ordering = ["-agreed_at", "-id"]
        verbose_name = _("exchange")
        verbose_name_plural = _("exchanges")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="exchange_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(modality__in=Modality.values),
                name="exchange_known_modality",
            ),
            models.CheckConstraint(
                condition=models.Q(status="completed", completed_at__isnull=False)
                | (~models.Q(status="completed") & models.Q(completed_at__isnull=True)),
                name="exchange_completed_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "completed_at"], name="exchange_status"),
            models.Index(fields=["modality", "status"], name="exchange_modality"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("exchanges:exchange", args=[self.slug])


class ExchangeParty(models.Model):
    """One institution's side of an exchange, and what changed for it."""

    exchange = models.ForeignKey(
        Exchange, on_delete=models.CASCADE, related_name="parties"
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="exchange_parties"
    )
    side = models.CharField(max_length=8, choices=Side.choices)
    results = models.TextField(_("what changed"), blank=True, max_length=5000)
    results_recorded_at = models.DateTimeField(null=True, blank=True)
    results_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["side", "id"]
        verbose_name = _("party to an exchange")
        verbose_name_plural = _("parties to exchanges")
        constraints = [
            models.UniqueConstraint(
                fields=["exchange", "institution"], name="exchange_party_once"
            ),
            models.CheckConstraint(
                condition=models.Q(side__in=Side.values), name="exchange_party_side"
            ),
            models.CheckConstraint(
                condition=models.Q(results="", results_recorded_at__isnull=True)
                | (~models.Q(results="") & models.Q(results_recorded_at__isnull=False)),
                name="exchange_party_results_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution} ({self.get_side_display()})"
