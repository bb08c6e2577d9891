"""``{% adoptions_of case %}``: "Adapted by N institutions in M countries" under a
case story, with each adoption's note, and the reader's own controls.

The story's adoptions are read once per content version (an adoption written
bumps it), and the block is rendered once per version, language and reader's
situation (a moderator, whether they may adopt, which of the listed adoptions
are theirs), its CSRF token a hole (``core.holes``): a member reading a story
costs no query here and no rendering."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from core import holes
from core.pagecache import CONTENT, cached
from members.access import can_participate

from ..models import Adoption

register = template.Library()
TEMPLATE = "impact/adoptions.html"


@register.simple_tag(takes_context=True)
def adoptions_of(context, case) -> SafeString:
    user = context.get("user")
    reader_id = user.pk if user and user.is_authenticated else None
    moderator = bool(reader_id and user.is_moderator)
    kept = _kept_adoptions(case)
    listed = kept if moderator else [a for a in kept if _shown_to(a, case, reader_id)]
    # The signed-in member's record carries it: no query for their profile.
    institution_id = (
        user.verified_institution_id if user and can_participate(user) else None
    )
    may_adopt = bool(
        institution_id
        and case.lead_institution_id != institution_id
        and not any(a.institution_id == institution_id for a in kept)
    )
    own = tuple(a.pk for a in listed if reader_id and a.author_id == reader_id)
    block = cached(
        "adoptions-block",
        (case.pk, get_language(), moderator, may_adopt, own),
        lambda: _rendered(case, listed, user, moderator=moderator, may_adopt=may_adopt),
        scopes=(CONTENT,),
        in_process=True,
    )
    return holes.fill(block, context.get("request") or holes.STAND_IN_REQUEST)


def _kept_adoptions(case) -> tuple:
    """The story's adoptions but the withdrawn ones, in the list's order."""
    return cached(
        "story-adoptions",
        (case.pk,),
        lambda: tuple(
            Adoption.objects.of_story(case)
            .for_list()
            .exclude(status=Adoption.Status.WITHDRAWN)
            .order_by("institution__name")
        ),
        scopes=(CONTENT,),
        in_process=True,
    )


def _shown_to(adoption, case, reader_id: int | None) -> bool:
    """As ``AdoptionQuerySet.visible_to``: shown ones of a published story for
    everyone, a hidden one for its author too."""
    if adoption.status == Adoption.Status.VISIBLE:
        return case.is_published
    return bool(
        reader_id
        and adoption.status == Adoption.Status.HIDDEN
        and adoption.author_id == reader_id
    )


def _rendered(case, listed, user, *, moderator: bool, may_adopt: bool) -> str:
    """The block as every reader of one situation reads it, its CSRF token a hole."""
    shown = [adoption for adoption in listed if adoption.is_shown]
    return render_to_string(
        TEMPLATE,
        {
            "case": case,
            "adoptions": listed,
            "institution_count": len({a.institution_id for a in shown}),
            "country_count": len({a.institution.country for a in shown} - {""}),
            "may_adopt": may_adopt,
            "user": user,
            "moderator": moderator,
            "csrf_token": holes.HOLES.csrf,
        },
    )
