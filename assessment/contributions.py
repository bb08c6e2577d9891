"""The self-assessments a member filled in, for their data export (registered with
``members.contributions`` when the app is ready). An assessment belongs to the
institution, so deleting the account leaves it."""

from members.contributions import Contribution, iso, register

from .models import Assessment


def _export(user) -> list[dict]:
    """The assessments the member last saved or submitted for their institution,
    with the answers and notes they gave."""
    assessments = (
        Assessment.objects.filter(filled_by=user)
        .select_related("institution")
        .prefetch_related("answers", "results__dimension")
        .order_by("created_at", "id")
    )
    return [
        {
            "institution": assessment.institution.slug,
            "version": assessment.version,
            "status": assessment.status,
            "visibility": assessment.visibility,
            "created_at": iso(assessment.created_at),
            "submitted_at": iso(assessment.submitted_at),
            "answers": {
                answer.statement: answer.level for answer in assessment.answers.all()
            },
            "dimensions": {
                result.dimension.slug: {
                    "score": float(result.score) if result.score is not None else None,
                    "note": result.note,
                }
                for result in assessment.results.all()
            },
        }
        for assessment in assessments
    ]


def register_contributions() -> None:
    register(Contribution(name="assessments", export=_export))
