"""An institution's self-assessment of its knowledge-sharing capacity."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases.models import Dimension
from members.models import Institution

from .querysets import AssessmentQuerySet, DimensionResultQuerySet

NOTE_MAX_LENGTH = 2000


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    class Visibility(models.TextChoices):
        PRIVATE = "private", _("Members of the institution only")
        MEMBERS = "members", _("Members of the portal")
        PUBLIC = "public", _("Everyone, on the institution's page")

    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    version = models.CharField(_("questionnaire version"), max_length=20)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PRIVATE,
    )
    filled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filled in by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessments_filled",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted"]),
                name="assessment_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=["private", "members", "public"]),
                name="assessment_visibility_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="draft", submitted_at__isnull=True)
                | Q(status="submitted", submitted_at__isnull=False),
                name="assessment_submitted_has_date",
            ),
            # One draft at a time per institution: members continue it together.
            models.UniqueConstraint(
                fields=["institution"],
                condition=Q(status="draft"),
                name="assessment_one_draft_per_institution",
            ),
        ]
        indexes = [
            models.Index(
                fields=["institution", "status", "-submitted_at"],
                name="assessment_institution_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution} · {self.version} · {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse("assessment:detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class Answer(models.Model):
    """The level given to one statement of the questionnaire."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="answers"
    )
    statement = models.CharField(_("statement"), max_length=60)
    dimension = models.ForeignKey(
        Dimension, verbose_name=_("KS dimension"), on_delete=models.PROTECT
    )
    level = models.PositiveSmallIntegerField(_("level"))

    class Meta:
        ordering = ["assessment", "dimension__position", "statement"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "statement"], name="answer_one_per_statement"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=4), name="answer_level_in_scale"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement}: {self.level}"


class DimensionResult(models.Model):
    """Per dimension: the institution's note, and the score fixed on submission
    (the mean of its answers), so a later questionnaire never changes it."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="results"
    )
    dimension = models.ForeignKey(
        Dimension, verbose_name=_("KS dimension"), on_delete=models.PROTECT
    )
    note = models.TextField(_("note"), blank=True, max_length=NOTE_MAX_LENGTH)
    score = models.DecimalField(
        _("score"), max_digits=3, decimal_places=2, null=True, blank=True
    )

    objects = DimensionResultQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "dimension__position"]
        verbose_name = _("result per dimension")
        verbose_name_plural = _("results per dimension")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "dimension"], name="result_one_per_dimension"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=4),
                name="result_score_in_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.score}"
