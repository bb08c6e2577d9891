"""What came from Ning: one record per imported item (which object it became, the
address it had), and the old addresses a moderator sets by hand."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .querysets import ImportedItemQuerySet, RedirectQuerySet

PATH_MAX_LENGTH = 300


class ImportedItem(models.Model):
    """A Ning item brought in, and the object it became. The import reads these to
    know what it did before (it skips what is unchanged, updates what changed) and
    the old addresses to know where an item went."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("Member")
        GROUP = "group", _("Group")
        CATEGORY = "category", _("Forum category")
        BLOG_POST = "blogpost", _("Blog post")
        DISCUSSION = "discussion", _("Discussion")
        EVENT = "event", _("Event")
        COMMENT = "comment", _("Comment")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    ning_id = models.CharField(_("Ning id"), max_length=200)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    ning_path = models.CharField(
        _("old address"), max_length=PATH_MAX_LENGTH, blank=True
    )
    fingerprint = models.CharField(max_length=64, editable=False)
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)

    objects = ImportedItemQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("imported Ning item")
        verbose_name_plural = _("imported Ning items")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "ning_id"], name="ning_item_once_per_kind"
            )
        ]
        indexes = [
            models.Index(fields=["ning_path"], name="ning_item_path"),
            models.Index(fields=["ning_id"], name="ning_item_id"),
            models.Index(fields=["content_type", "object_id"], name="ning_item_object"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.ning_id}"


class Redirect(models.Model):
    """An old address set by hand: where it leads now, or nowhere (410). It wins
    over the address an imported item remembers."""

    old_path = models.CharField(
        _("old address"),
        max_length=PATH_MAX_LENGTH,
        unique=True,
        help_text=_("The path on the old network, e.g. /profiles/blogs/our-meeting"),
    )
    new_path = models.CharField(
        _("new address"),
        max_length=PATH_MAX_LENGTH,
        blank=True,
        help_text=_("A path on this site, e.g. /blog/our-meeting/. Empty: gone (410)."),
    )
    note = models.CharField(_("note"), max_length=250, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RedirectQuerySet.as_manager()

    class Meta:
        ordering = ["old_path"]
        verbose_name = _("old Ning address")
        verbose_name_plural = _("old Ning addresses")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(old_path__startswith="/"),
                name="ning_redirect_old_is_path",
            ),
            models.CheckConstraint(
                condition=models.Q(new_path="") | models.Q(new_path__startswith="/"),
                name="ning_redirect_new_is_path",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.old_path} → {self.new_path or '410'}"
