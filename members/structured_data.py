"""schema.org nodes of institutions and members: Organization, and Person with
only what the member chose to show."""

from collections.abc import Callable

from core.structured_data import node

from .models import Institution, Profile


def organization(
    institution: Institution, absolute: Callable[[str], str], *, full: bool = False
) -> dict:
    """An institution; ``full`` for its own page, short where it is named (with
    the address of its page once verified, as only then it has one)."""
    if not full:
        return node(
            "Organization",
            name=institution.name,
            url=absolute(institution.get_absolute_url())
            if institution.verified
            else None,
        )
    return node(
        "Organization",
        name=institution.name,
        alternateName=institution.acronym,
        url=absolute(institution.get_absolute_url()),
        sameAs=institution.website,
        description=institution.description[:500],
        address=node("PostalAddress", addressCountry=institution.country.code)
        if institution.country
        else None,
    )


def person(
    profile: Profile, absolute: Callable[[str], str], *, show_institution: bool
) -> dict:
    """A member's public profile: their name, and what else they show."""
    return node(
        "Person",
        name=profile.display_name,
        url=absolute(profile.get_absolute_url()),
        jobTitle=profile.position if profile.show_position else None,
        worksFor=organization(profile.institution, absolute)
        if show_institution
        else None,
        homeLocation=node("Country", name=profile.country.name)
        if profile.show_country and profile.country
        else None,
        description=profile.bio[:500] if profile.show_bio else None,
    )


def author(user) -> dict | None:
    """The writer of a post or topic, by the name their profile shows."""
    profile = getattr(user, "profile", None) if user is not None else None
    return node("Person", name=profile.display_name) if profile else None
