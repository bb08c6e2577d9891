"""Members' flags on requests and offers, as on comments: one per member and
listing; enough of them hold the listing for a moderator's review."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from comments.models import Flag

from .listings import KnowledgeOffer, KnowledgeRequest


class ListingFlag(models.Model):
    Reason = Flag.Reason

    request = models.ForeignKey(
        KnowledgeRequest,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="flags",
    )
    offer = models.ForeignKey(
        KnowledgeOffer,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="flags",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="listing_flags",
    )
    reason = models.CharField(_("reason"), max_length=12, choices=Flag.Reason.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    dismissed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("flag on a request or offer")
        verbose_name_plural = _("flags on requests and offers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(request__isnull=False, offer__isnull=True)
                | models.Q(request__isnull=True, offer__isnull=False),
                name="listing_flag_one_listing",
            ),
            models.UniqueConstraint(
                fields=["request", "member"], name="listing_flag_one_per_request"
            ),
            models.UniqueConstraint(
                fields=["offer", "member"], name="listing_flag_one_per_offer"
            ),
            models.CheckConstraint(
                condition=models.Q(reason__in=Flag.Reason.values),
                name="listing_flag_known_reason",
            ),
        ]
        indexes = [
            models.Index(
                fields=["dismissed_at"],
                condition=models.Q(dismissed_at__isnull=True),
                name="listing_flag_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} flagged {self.listing} ({self.reason})"

    @property
    def listing(self):
        return self.request if self.request_id else self.offer
