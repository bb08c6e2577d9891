"""``{% adoptions_of case %}``: "Adapted by N institutions in M countries" under a
case story, with each adoption's note, and the reader's own controls."""

from django import template

from members.access import can_participate

from ..models import Adoption

register = template.Library()


@register.inclusion_tag("impact/adoptions.html", takes_context=True)
def adoptions_of(context, case):
    user = context.get("user")
    moderator = bool(user and user.is_authenticated and user.is_moderator)
    listed = Adoption.objects.of_story(case).for_list().order_by("institution__name")
    listed = list(
        listed.exclude(status="withdrawn") if moderator else listed.visible_to(user)
    )
    shown = [adoption for adoption in listed if adoption.is_shown]
    # The signed-in member's record carries it: no query for their profile.
    institution_id = (
        user.verified_institution_id if user and can_participate(user) else None
    )
    may_adopt = bool(
        institution_id
        and case.lead_institution_id != institution_id
        and not any(a.institution_id == institution_id for a in listed)
        and not Adoption.objects.of_story(case)
        .filter(institution_id=institution_id)
        .exclude(status="withdrawn")
        .exists()
    )
    return {
        "case": case,
        "adoptions": listed,
        "institution_count": len({a.institution_id for a in shown}),
        "country_count": len({a.institution.country for a in shown} - {""}),
        "may_adopt": may_adopt,
        "user": user,
        "moderator": moderator,
        "csrf_token": context.get("csrf_token"),
    }
