"""Write layer for members and institutions: joining, profiles, moderation, own data."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core import audit
from core.permissions import require_moderator
from core.slugs import unique_slug

from . import contributions
from .contributions import iso
from .mail import tell_proposer
from .models import MODERATORS_GROUP, Institution, Profile, User
from .roles import forget_roles_elsewhere

USERNAME_MAX_LENGTH = 30
USERNAME_MIN_LENGTH = 3
# Handles that would read as the site speaking, or clash with a page name.
RESERVED_USERNAMES = frozenset(
    {"admin", "administrator", "moderator", "moderators", "me", "staff", "kshub"}
)

# The Profile fields a member edits on /me/ (expertise and the handle apart).
PROFILE_FIELDS = frozenset(
    {
        "display_name",
        "position",
        "institution",
        "country",
        "bio",
        "preferred_language",
        "listed_in_directory",
        "show_position",
        "show_institution",
        "show_country",
        "show_bio",
        "show_expertise",
    }
)


# Handles ---------------------------------------------------------------------


def slugify_username(text: str) -> str:
    """A handle from a display name: lower case ASCII, digits and hyphens."""
    base = slugify(text)[:USERNAME_MAX_LENGTH].strip("-")
    if len(base) < USERNAME_MIN_LENGTH:
        base = f"member-{base}".strip("-")
    return base


def unique_username(display_name: str, *, exclude_user: User | None = None) -> str:
    """The display name's handle, with a number appended when it is taken."""
    base = slugify_username(display_name)
    if base in RESERVED_USERNAMES:
        base = f"{base}-1"
    return unique_slug(
        User.objects.all(),
        base,
        fallback="member",
        max_length=USERNAME_MAX_LENGTH,
        field="username",
        exclude_pk=exclude_user.pk if exclude_user is not None else None,
    )


def validate_username(username: str, *, user: User) -> str:
    """Check a handle a member typed; return it normalised or raise ValidationError."""
    value = username.strip().lower()
    if slugify(value) != value or not value:
        raise ValidationError(
            _("Use only lower-case letters, digits and hyphens."), code="invalid"
        )
    if not USERNAME_MIN_LENGTH <= len(value) <= USERNAME_MAX_LENGTH:
        raise ValidationError(
            _("Use between %(min)d and %(max)d characters."),
            code="length",
            params={"min": USERNAME_MIN_LENGTH, "max": USERNAME_MAX_LENGTH},
        )
    if value in RESERVED_USERNAMES:
        raise ValidationError(_("This handle is reserved."), code="reserved")
    if User.objects.filter(username__iexact=value).exclude(pk=user.pk).exists():
        raise ValidationError(_("This handle is taken."), code="taken")
    return value


# Profiles --------------------------------------------------------------------


def ensure_profile(*, user: User) -> Profile:
    """Every account has a profile; accounts made outside sign-up get one here."""
    try:
        return user.profile
    except Profile.DoesNotExist:
        pass
    display_name = user.get_full_name() or user.username or user.email.partition("@")[0]
    profile, _created = Profile.objects.get_or_create(
        user=user, defaults={"display_name": display_name[:100]}
    )
    user.profile = profile
    return profile


@transaction.atomic
def create_member_profile(
    *,
    user: User,
    display_name: str,
    country: str = "",
    institution: Institution | None = None,
    proposed_institution: dict[str, Any] | None = None,
    preferred_language: str = "",
) -> Profile:
    """At sign-up: the profile, and the proposed institution if the member named one.

    ``preferred_language`` is the language the visitor browsed in when they joined.
    """
    if proposed_institution:
        institution = propose_institution(proposer=user, **proposed_institution)
    elif institution is not None and not institution.verified:
        raise ValidationError(_("Choose an institution from the list."))
    profile = ensure_profile(user=user)
    profile.display_name = display_name.strip()[:100]
    profile.country = country
    profile.institution = institution
    if preferred_language in dict(settings.LANGUAGES):
        profile.preferred_language = preferred_language
    profile.save()
    return profile


@transaction.atomic
def update_profile(
    *,
    user: User,
    username: str | None = None,
    expertise: list[str] | None = None,
    proposed_institution: dict[str, Any] | None = None,
    **fields: Any,
) -> Profile:
    """Save what a member changed on /me/; the handle is checked for uniqueness.

    ``proposed_institution`` (name, kind, acronym, country, website) proposes a new
    institution and makes it the member's own while it waits for a moderator.
    """
    unknown = set(fields) - PROFILE_FIELDS
    if unknown:
        raise TypeError(f"Unknown profile fields: {', '.join(sorted(unknown))}")
    profile = ensure_profile(user=user)
    if proposed_institution:
        fields["institution"] = propose_institution(
            proposer=user, **proposed_institution
        )
    institution = fields.get("institution")
    if (
        not proposed_institution
        and institution is not None
        and not institution.verified
        and institution.proposed_by_id != user.pk
        # A form may already have set it on the instance: ask the database.
        and not Profile.objects.filter(pk=profile.pk, institution=institution).exists()
    ):
        raise ValidationError(
            {"institution": _("Choose an institution from the list.")}
        )
    if username is not None and username != user.username:
        try:
            user.username = validate_username(username, user=user)
        except ValidationError as error:
            raise ValidationError({"username": error.messages}) from error
        user.save(update_fields=["username"])
    if "institution" in fields:
        forget_roles_elsewhere(profile, fields["institution"])
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean(exclude=["user", "expertise"])
    profile.save()
    if expertise is not None:
        profile.expertise.set(expertise, clear=False)
    return profile


# Institutions ----------------------------------------------------------------


@transaction.atomic
def propose_institution(
    *,
    proposer: User,
    name: str,
    kind: str,
    acronym: str = "",
    country: str = "",
    website: str = "",
) -> Institution:
    """A member names an institution the portal does not list yet.

    It stays unverified, and out of every public list, until a moderator approves
    it. The same name proposed twice gives the same proposal.
    """
    name = name.strip()
    acronym = acronym.strip()
    if not name:
        raise ValidationError({"name": _("Give the institution's name.")})
    if kind not in Institution.Kind.values:
        raise ValidationError({"kind": _("Choose what kind of institution it is.")})
    existing = Institution.objects.filter(name__iexact=name).first()
    if existing is not None:
        if existing.verified:
            raise ValidationError(
                {"name": _("%(name)s is already listed: choose it from the list.")},
                params={"name": existing.name},
            )
        return existing
    institution = Institution(
        name=name,
        acronym=acronym,
        slug=unique_slug(
            Institution.objects.all(),
            acronym or name,
            fallback="institution",
            max_length=70,
        ),
        country=country,
        kind=kind,
        website=website,
        verified=False,
        proposed_by=proposer,
    )
    institution.full_clean()
    institution.save()
    return institution


@transaction.atomic
def approve_institution(*, institution: Institution, moderator: User) -> Institution:
    """A moderator verifies a proposed institution: it appears in every list."""
    require_moderator(moderator)
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    if institution.verified:
        raise ValidationError(_("This institution is already verified."))
    institution.verified = True
    institution.save(update_fields=["verified"])
    audit.record(actor=moderator, action="approve", target=institution)
    tell_proposer(institution, "approved")
    return institution


@transaction.atomic
def reject_institution(
    *, institution: Institution, moderator: User, reason: str
) -> None:
    """A moderator turns a proposal down: it is deleted, and members who chose it
    are left without an institution. Verified institutions are not rejected here."""
    require_moderator(moderator)
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    if institution.verified:
        raise ValidationError(_("A verified institution cannot be rejected."))
    audit.record(actor=moderator, action="reject", target=institution, reason=reason)
    tell_proposer(institution, "declined", reason=reason)
    institution.delete()


# Suspension ------------------------------------------------------------------


@transaction.atomic
def suspend_member(*, member: User, moderator: User, reason: str) -> User:
    """Stop a member from signing in and acting; their content stays as it is."""
    require_moderator(moderator)
    if member.pk == moderator.pk:
        raise ValidationError(_("You cannot suspend yourself."))
    if member.is_superuser:
        raise ValidationError(_("An administrator cannot be suspended here."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for the suspension.")})
    member = User.objects.select_for_update().get(pk=member.pk)
    member.is_active = False
    member.suspended_at = timezone.now()
    member.suspension_reason = reason.strip()
    member.save(update_fields=["is_active", "suspended_at", "suspension_reason"])
    audit.record(actor=moderator, action="suspend", target=member, reason=reason)
    return member


@transaction.atomic
def reinstate_member(*, member: User, moderator: User) -> User:
    require_moderator(moderator)
    member = User.objects.select_for_update().get(pk=member.pk)
    if member.suspended_at is None and member.is_active:
        raise ValidationError(_("This member is not suspended."))
    member.is_active = True
    member.suspended_at = None
    member.suspension_reason = ""
    member.save(update_fields=["is_active", "suspended_at", "suspension_reason"])
    audit.record(actor=moderator, action="reinstate", target=member)
    return member


def grant_moderator(*, email: str) -> User:
    """Put the account with this e-mail address in the Moderators group."""
    user = (
        User.objects.filter(
            Q(email__iexact=email) | Q(emailaddress__email__iexact=email)
        )
        .distinct()
        .first()
    )
    if user is None:
        raise ValidationError(
            _("No account uses %(email)s."), params={"email": email}, code="unknown"
        )
    user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    ensure_profile(user=user)
    return user


# Own data --------------------------------------------------------------------


def export_member_data(*, user: User) -> dict[str, Any]:
    """Everything the portal holds about a member, as plain JSON-ready data."""
    profile = ensure_profile(user=user)
    institution = profile.institution
    return {
        "account": {
            "username": user.username,
            "email": user.email,
            "date_joined": iso(user.date_joined),
            "last_login": iso(user.last_login),
            "is_moderator": user.is_moderator,
        },
        "email_addresses": [
            {
                "email": address.email,
                "verified": address.verified,
                "primary": address.primary,
            }
            for address in user.emailaddress_set.order_by("email")
        ],
        "profile": {
            "display_name": profile.display_name,
            "position": profile.position,
            "institution": (
                {"name": institution.name, "slug": institution.slug}
                if institution
                else None
            ),
            "country": str(profile.country),
            "bio": profile.bio,
            "expertise": sorted(tag.name for tag in profile.expertise.all()),
            "preferred_language": profile.preferred_language,
            "notify_replies": profile.notify_replies,
            "weekly_digest": profile.weekly_digest,
            "listed_in_directory": profile.listed_in_directory,
            "show_position": profile.show_position,
            "show_institution": profile.show_institution,
            "show_country": profile.show_country,
            "show_bio": profile.show_bio,
            "show_expertise": profile.show_expertise,
        },
        "proposed_institutions": [
            {"name": item.name, "slug": item.slug, "verified": item.verified}
            for item in user.proposed_institutions.order_by("name")
        ],
        **contributions.export_rows(user),
    }


@transaction.atomic
def delete_account(*, user: User) -> None:
    """Delete a member and what is only theirs.

    Kept, without the member: their comments' places in threads (text removed, so
    replies still make sense) and their published case stories and posts, which
    belong to the community and stay credited to the institution. Deleted: the
    account, profile, e-mail addresses, registrations, flags, and unpublished drafts.
    Each app that holds a member's contributions says what it erases
    (``members.contributions``).
    """
    contributions.erase(user)
    user.delete()
