"""What a member's case stories are on their pages, export and deletion
(registered with ``members.contributions`` when the app is ready)."""

from django.db.models import Q

from members.contributions import Contribution, iso, register

from . import services
from .models import CaseStory


def _owned(user):
    return CaseStory.objects.filter(author=user).order_by("-updated_at")


def _public(user, limit: int):
    return CaseStory.objects.filter(author=user).published().for_cards()[:limit]


def _at_institution(institution, limit: int) -> dict:
    case_stories = (
        CaseStory.objects.published()
        .filter(Q(lead_institution=institution) | Q(partner_institutions=institution))
        .distinct()
        .for_cards()
    )
    return {
        "case_stories": case_stories[:limit],
        "case_count": case_stories.count(),
    }


def _counted_at_institution(institution_ref) -> dict:
    """The stories it leads, and those it is a partner of and does not lead: two
    parts an index answers each (members.querysets sums them)."""
    published = CaseStory.objects.published()
    led = published.filter(lead_institution=institution_ref)
    partnered = published.filter(partner_institutions=institution_ref).exclude(
        lead_institution=institution_ref
    )
    return {"case_count": (led, partnered)}


def _export(user) -> list[dict]:
    return [
        {
            "title": case.title,
            "slug": case.slug,
            "status": case.status,
            "summary": case.summary,
            "context": case.context,
            "challenge": case.challenge,
            "solution": case.solution,
            "results": case.results,
            "lessons": case.lessons,
            "created_at": iso(case.created_at),
            "published_at": iso(case.published_at),
        }
        for case in CaseStory.objects.filter(author=user).order_by("created_at", "id")
    ]


def _erase(user) -> None:
    services.delete_unpublished_case_stories(author=user)


def register_contributions() -> None:
    register(
        Contribution(
            name="case_stories",
            owned=_owned,
            public=_public,
            at_institution=_at_institution,
            counted_at_institution=_counted_at_institution,
            export=_export,
            erase=_erase,
        )
    )
