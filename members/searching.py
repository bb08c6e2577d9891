"""Verified institutions and listed members (what they show) in the site search
(registered with ``core.sitesearch`` when the app is ready)."""

from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core import sitesearch
from core.prepared import Prepared
from core.sitesearch import (
    Kind,
    Later,
    Result,
    register,
    shown_address,
    text_of,
    total_of,
    with_total,
)
from core.text import strip_markdown

from .models import Institution, Profile

INSTITUTION_FIELDS = ("name", "acronym", "slug", "description", "country")
INSTITUTION_FIELDS += ("relevance",)
# What a member's result shows: never the profile's other fields, its search
# vector, nor the account's.
PROFILE_FIELDS = (
    "relevance",
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
        Institution.objects.verified()
        .matching(q)
        .ranked(q, candidates=candidates)
        .values(*INSTITUTION_FIELDS)
    )[:limit]
)
_PROFILES = Prepared(
    lambda q, limit, candidates: with_total(
        Profile.objects.listed()
        .matching(q)
        .ranked(q, candidates=candidates)
        .values(*PROFILE_FIELDS)
    )[:limit]
)


def _about(description: str) -> str:
    return strip_markdown(description)[:300]


def _institutions(q: str, limit: int):
    institutions = _INSTITUTIONS(q, limit, sitesearch.CANDIDATES)
    label = str(_("Institution"))  # translated once, not per row
    return [
        Result(
            kind="institution",
            label=label,
            # As the institution names itself (its __str__).
            title=f"{institution['name']} ({institution['acronym']})"
            if institution["acronym"]
            else institution["name"],
            url=shown_address("members:institution", institution["slug"]),
            snippet=Later(_about, (institution["description"],)),
            meta=countries.name(institution["country"])
            if institution["country"]
            else "",
            rank=float(institution["relevance"] or 0),
        )
        for institution in institutions
    ], total_of(institutions)


def _members(q: str, limit: int):
    profiles = _PROFILES(q, limit, sitesearch.CANDIDATES)
    label = str(_("Member"))  # translated once, not per row
    return [_member_result(profile, label) for profile in profiles], total_of(profiles)


def _member_result(profile: dict, label: str) -> Result:
    shown = profile["show_institution"] and profile["institution__verified"]
    return Result(
        kind="member",
        label=label,
        title=profile["display_name"],
        url=shown_address("members:profile", profile["user__username"]),
        snippet=profile["position"] if profile["show_position"] else "",
        # The institution's short name.
        meta=(profile["institution__acronym"] or profile["institution__name"])
        if shown
        else "",
        rank=float(profile["relevance"] or 0),
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
