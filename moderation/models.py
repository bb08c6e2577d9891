"""Messages that anyone sends to the moderators from ``/contact/``."""

from django.conf import settings
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

    class Meta:
        ordering = ["-failures", "url"]
        verbose_name = _("broken link")
        verbose_name_plural = _("broken links")

    def __str__(self) -> str:
        return self.url[:250]
