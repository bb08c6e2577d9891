"""Messages that anyone sends to the moderators from ``/contact/``, and the
broken links the link checker finds."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ContactMessage(models.Model):
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact_messages",
    )
    name = models.CharField(_("your name"), max_length=100)
    email = models.EmailField(_("your e-mail"))
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("message to the moderators")
        verbose_name_plural = _("messages to the moderators")

    def __str__(self) -> str:
        return self.subject


class BrokenLinkQuerySet(models.QuerySet):
    def waiting(self):
        """Not dismissed: what the desk lists."""
        return self.filter(dismissed_at__isnull=True)


class BrokenLink(models.Model):
    """An external address in published content that did not answer, or answered
    that the page is gone, when the link checker last asked (``moderation.links``);
    where it was found, so a moderator can mend it."""

    url = models.URLField(_("address"), max_length=2000, unique=True)
    host = models.CharField(_("host"), max_length=255, db_index=True)
    status_code = models.PositiveSmallIntegerField(_("answer"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=200, blank=True)
    # [{"label": ..., "title": ..., "url": ...}] of the pages that link to it.
    found_on = models.JSONField(_("found on"), default=list)
    first_failed_at = models.DateTimeField(_("first failed"), auto_now_add=True)
    last_checked_at = models.DateTimeField(_("last checked"))
    failures = models.PositiveIntegerField(_("failed checks"), default=1)
    dismissed_at = models.DateTimeField(_("dismissed"), null=True, blank=True)

    objects = BrokenLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-failures", "url"]
        verbose_name = _("broken link")
        verbose_name_plural = _("broken links")

    def __str__(self) -> str:
        return self.url[:250]


class BrokenLinkPlace(models.Model):
    """An item (a story, a post, a document…) that links to a broken address: a
    link falls within the moderation scopes of the items it is found on
    (``moderation.scopes``)."""

    link = models.ForeignKey(
        BrokenLink, on_delete=models.CASCADE, related_name="places"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")

    class Meta:
        verbose_name = _("place of a broken link")
        verbose_name_plural = _("places of broken links")
        constraints = [
            models.UniqueConstraint(
                fields=["link", "content_type", "object_id"],
                name="brokenlinkplace_once",
            )
        ]
        indexes = [
            models.Index(
                fields=["content_type", "object_id"], name="brokenlinkplace_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.link} ({self.content_type_id}:{self.object_id})"
