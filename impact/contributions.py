"""A member's adoption notes and an institution's adoptions, for members' pages and
export (registered with ``members.contributions`` when the app is ready). An
adoption belongs to the institution: a deleted account leaves it without a name."""

from members.contributions import Contribution, register

from .models import Adoption


def _owned(user):
    return Adoption.objects.filter(author=user).exclude(status="withdrawn").for_list()


def _at_institution(institution, limit: int) -> dict:
    adopted = Adoption.objects.shown().by_institution(institution).for_list()
    return {"adoptions": adopted[:limit]}


def _export(user) -> list[dict]:
    return [
        {
            "case_story": adoption.case_story.slug,
            "institution": adoption.institution.slug,
            "note": adoption.note,
            "status": adoption.status,
            "created_at": adoption.created_at.isoformat(),
        }
        for adoption in Adoption.objects.filter(author=user)
        .for_list()
        .order_by("created_at", "id")
    ]


def register_contributions() -> None:
    register(
        Contribution(
            name="adoptions",
            owned=_owned,
            at_institution=_at_institution,
            export=_export,
        )
    )
