"""Adoptions: an institution says "We adapted this" of a published case story,
with a short note of what it took and how it went."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from cases.models import CaseStory
from members.models import Institution

from .querysets import AdoptionQuerySet

NOTE_MAX_LENGTH = 2000


class Adoption(models.Model):
    class Status(models.TextChoices):
        VISIBLE = "visible", _("Visible")
        HIDDEN = "hidden", _("Hidden by a moderator")
        WITHDRAWN = "withdrawn", _("Withdrawn by its author")

    case_story = models.ForeignKey(
        CaseStory,
        verbose_name=_("case story"),
        on_delete=models.CASCADE,
        related_name="adoptions",
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        related_name="adoptions",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adoptions",
    )
    note = models.TextField(
        _("what you took and how it went"),
        max_length=NOTE_MAX_LENGTH,
        help_text=_("Markdown. At most 2,000 characters."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.VISIBLE
    )
    created_at = models.DateTimeField(_("adapted on"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)

    objects = AdoptionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        constraints = [
            models.UniqueConstraint(
                fields=["case_story", "institution"],
                name="adoption_one_per_institution",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("note"), NOTE_MAX_LENGTH),
                name="adoption_note_max_length",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["visible", "hidden", "withdrawn"]),
                name="adoption_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="adoption_status"),
            models.Index(fields=["institution", "status"], name="adoption_institution"),
        ]

    def __str__(self) -> str:
        return f"{self.institution} adapted {self.case_story}"

    def get_absolute_url(self) -> str:
        return self.case_story.get_absolute_url() + f"#adoption-{self.pk}"

    @property
    def is_shown(self) -> bool:
        return self.status == self.Status.VISIBLE
