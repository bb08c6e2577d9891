"""Verified institutions and listed members (what they show) in the site search
(registered with ``core.sitesearch`` when the app is ready)."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core import sitesearch
from core.prepared import Prepared
from core.sitesearch import (
    Kind,
    Result,
    register,
    text_of,
    total_of,
    with_total,
)
from core.text import strip_markdown

from .models import Institution, Profile

INSTITUTION_FIELDS = ("name", "acronym", "slug", "description", "country")
# What a member's result shows: never the profile's other fields, its search
# vector, nor the account's.
PROFILE_FIELDS = (
    "display_name",
    "position",
    "show_position",
    "show_institution",
    "user__username",
    "institution__name",
    "institution__acronym",
    "institution__verified",
)


_INSTITUTIONS = Prepared(
    lambda q, limit, candidates: with_total(
        Institution.objects.verified().matching(q).ranked(q, candidates=candidates)
    ).only(*INSTITUTION_FIELDS)[:limit]
)
_PROFILES = Prepared(
    lambda q, limit, candidates: with_total(
        Profile.objects.listed().matching(q).ranked(q, candidates=candidates)
    ).only(*PROFILE_FIELDS)[:limit]
)


def _institutions(q: str, limit: int):
    institutions = _INSTITUTIONS(q, limit, sitesearch.CANDIDATES)
    return [
        Result(
            kind="institution",
            label=_("Institution"),
            title=str(institution),
            url=reverse_lazy("members:institution", args=[institution.slug]),
            snippet=strip_markdown(institution.description)[:300],
            meta=institution.country.name if institution.country else "",
            rank=float(institution.relevance or 0),
        )
        for institution in institutions
    ], total_of(institutions)


def _members(q: str, limit: int):
    profiles = _PROFILES(q, limit, sitesearch.CANDIDATES)
    return [_member_result(profile) for profile in profiles], total_of(profiles)


def _member_result(profile) -> Result:
    institution = profile.institution
    shown = profile.show_institution and institution and institution.verified
    return Result(
        kind="member",
        label=_("Member"),
        title=profile.display_name,
        url=reverse_lazy("members:profile", args=[profile.user.username]),
        snippet=profile.position if profile.show_position else "",
        meta=institution.short_name if shown else "",
        rank=float(profile.relevance or 0),
    )


def register_search_kinds() -> None:
    register(
        Kind(
            "institution",
            _("Institutions"),
            _institutions,
            words=(
                (
                    Institution,
                    lambda: Institution.objects.verified().annotate(
                        text=text_of("name", "acronym")
                    ),
                ),
            ),
        )
    )
    register(
        Kind(
            "member",
            _("Members"),
            _members,
            words=(
                (
                    Profile,
                    lambda: Profile.objects.listed().annotate(
                        text=text_of("display_name")
                    ),
                ),
            ),
        )
    )
