"""What a member follows, how often they want to hear of each kind of notice, and
the notices themselves (sent at once, or waiting for the member's digest)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    REPLIES = "replies", _("Replies to me and comments on what I wrote")
    COMMENTS = "comments", _("New comments on what I follow")
    CONTENT = "content", _("New content in what I follow")
    MATCHES = "matches", _("Knowledge requests matching my offers")
    REMINDERS = "reminders", _("Reminders of events I registered for")
    DIGEST = "digest", _("The community digest")


class Frequency(models.TextChoices):
    INSTANT = "instant", _("At once")
    DAILY = "daily", _("In a daily digest")
    WEEKLY = "weekly", _("In a weekly digest")
    OFF = "off", _("Never")


class Follow(models.Model):
    """A member follows one thing: an object (``key`` "cases.casestory:12") or a
    topic ("tag:water", "dimension:sharing", "institution:7", "region:PE")."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    key = models.CharField(max_length=120)
    title = models.CharField(max_length=300, blank=True)
    path = models.CharField(max_length=300, blank=True)
    automatic = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["member", "key"], name="follow_once")
        ]
        indexes = [models.Index(fields=["key"], name="follow_key")]

    def __str__(self) -> str:
        return self.title or self.key


class Preference(models.Model):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notice_preferences",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    frequency = models.CharField(max_length=10, choices=Frequency.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "kind"], name="preference_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.frequency}"


class Notice(models.Model):
    """One thing one member is told once: ``event`` names the happening
    ("comment:41"), so a retried task never tells it twice."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    event = models.CharField(max_length=120)
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    group_key = models.CharField(max_length=120, blank=True)
    group_title = models.CharField(max_length=300, blank=True)
    title = models.CharField(max_length=300)
    excerpt = models.TextField(blank=True)
    path = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["member", "event"], name="notice_once")
        ]
        indexes = [
            models.Index(
                fields=["frequency", "member"],
                condition=models.Q(sent_at__isnull=True),
                name="notice_pending",
            )
        ]

    def __str__(self) -> str:
        return self.title


class InboundMail(models.Model):
    """A message that came in by mail, kept by its Message-ID so one delivered twice
    is handled once."""

    message_id = models.CharField(max_length=300, unique=True)
    outcome = models.CharField(max_length=40)
    received_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.message_id}: {self.outcome}"
