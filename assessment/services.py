"""Writes: start, save and submit an assessment, and choose who sees it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Avg
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases.models import Dimension
from members.access import can_participate, require_participant

from . import questionnaire
from .models import Answer, Assessment, DimensionResult
from .querysets import institution_id_of


def may_edit(user, assessment: Assessment) -> bool:
    """Members of the institution continue its draft; nobody edits a submitted one."""
    return assessment.is_draft and may_act_for(user, assessment.institution_id)


def may_act_for(user, institution_id: int) -> bool:
    return can_participate(user) and institution_id_of(user) == institution_id


def _require_member_of(user, assessment: Assessment) -> None:
    if not may_act_for(user, assessment.institution_id):
        raise PermissionDenied(_("Only members of the institution may do this."))


@transaction.atomic
def start_assessment(*, member) -> Assessment:
    """The institution's draft, continued if there is one, else a new one on the
    current questionnaire (shown as its latest assessment was)."""
    require_participant(member)
    institution_id = institution_id_of(member)
    if institution_id is None:
        raise ValidationError(
            _("Name your institution on your profile first."), code="no_institution"
        )
    draft = Assessment.objects.drafts().filter(institution_id=institution_id).first()
    if draft is not None:
        return draft
    latest = (
        Assessment.objects.submitted()
        .filter(institution_id=institution_id)
        .order_by("-submitted_at")
        .first()
    )
    return Assessment.objects.create(
        institution_id=institution_id,
        version=questionnaire.current().version,
        visibility=latest.visibility if latest else Assessment.Visibility.PRIVATE,
        filled_by=member,
    )


def _questionnaire_of(assessment: Assessment) -> questionnaire.Questionnaire:
    found = questionnaire.get(assessment.version)
    if found is None:
        raise ValidationError(
            _("This questionnaire version is no longer available."), code="version"
        )
    return found


@transaction.atomic
def save_draft(
    *,
    assessment: Assessment,
    member,
    levels: dict[str, int | None],
    notes: dict[str, str],
    visibility: str,
) -> Assessment:
    """Keep what was answered; an unanswered statement is cleared."""
    _require_member_of(member, assessment)
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not assessment.is_draft:
        raise ValidationError(_("This assessment was already submitted."))
    if visibility not in Assessment.Visibility.values:
        raise ValidationError(_("Choose who may see the results."))
    form = _questionnaire_of(assessment)
    dimensions = dict(Dimension.objects.values_list("slug", "pk"))
    for statement in form.statements:
        level = levels.get(statement.key)
        if level is None:
            assessment.answers.filter(statement=statement.key).delete()
            continue
        if level not in questionnaire.LEVELS:
            raise ValidationError(_("A level is out of the scale."), code="range")
        Answer.objects.update_or_create(
            assessment=assessment,
            statement=statement.key,
            defaults={"level": level, "dimension_id": dimensions[statement.dimension]},
        )
    for slug in form.dimension_slugs:
        DimensionResult.objects.update_or_create(
            assessment=assessment,
            dimension_id=dimensions[slug],
            defaults={"note": (notes.get(slug) or "").strip()},
        )
    assessment.visibility = visibility
    assessment.filled_by = member
    assessment.save(update_fields=["visibility", "filled_by", "updated_at"])
    return assessment


def missing_statements(assessment: Assessment) -> list[str]:
    answered = set(assessment.answers.values_list("statement", flat=True))
    return [
        item.key
        for item in _questionnaire_of(assessment).statements
        if item.key not in answered
    ]


@transaction.atomic
def submit_assessment(*, assessment: Assessment, member) -> Assessment:
    """Fix each dimension's score (the mean of its answers) and submit; refused,
    with the draft kept as it was, while a statement is unanswered."""
    _require_member_of(member, assessment)
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not assessment.is_draft:
        raise ValidationError(_("This assessment was already submitted."))
    missing = missing_statements(assessment)
    if missing:
        raise ValidationError(
            ngettext(
                "%(count)d statement is not answered yet.",
                "%(count)d statements are not answered yet.",
                len(missing),
            ),
            params={"count": len(missing)},
            code="incomplete",
        )
    means = assessment.answers.values("dimension_id").annotate(score=Avg("level"))
    for row in means:
        DimensionResult.objects.update_or_create(
            assessment=assessment,
            dimension_id=row["dimension_id"],
            defaults={"score": round(row["score"], 2)},
        )
    assessment.status = Assessment.Status.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.filled_by = member
    assessment.save(update_fields=["status", "submitted_at", "filled_by", "updated_at"])
    return assessment


@transaction.atomic
def set_visibility(*, assessment: Assessment, member, visibility: str) -> Assessment:
    _require_member_of(member, assessment)
    if visibility not in Assessment.Visibility.values:
        raise ValidationError(_("Choose who may see the results."))
    assessment.visibility = visibility
    assessment.save(update_fields=["visibility", "updated_at"])
    return assessment
