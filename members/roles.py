"""Write layer for the roles beside the Moderators group.

An institution's **editors** keep its profile, confirm who belongs to it and who
speaks officially for it; an editor or a site-wide moderator appoints them. A
**scoped moderator** has the moderator's rights within one KS dimension, one event
or one language (``members.scopes`` says what falls within). Every change locks
the member's row, and is recorded in the audit log.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.permissions import require_moderator

from . import scopes
from .access import require_institution_editor
from .models import Institution, ModeratorScope, Profile, User

# What an institution's editors keep on its profile; name, kind and verification
# stay with the moderators.
INSTITUTION_FIELDS = ("acronym", "country", "website", "description")


def _profile_in(institution: Institution, member: User) -> Profile:
    """The member's profile, locked, when they say they work at ``institution``."""
    profile = Profile.objects.select_for_update().filter(user=member).first()
    if profile is None or profile.institution_id != institution.pk:
        raise ValidationError(
            _("%(name)s does not say they work at %(institution)s."),
            params={"name": member.get_username(), "institution": institution},
            code="elsewhere",
        )
    return profile


def _check_editor(editor: User, institution: Institution) -> None:
    require_institution_editor(editor, institution)
    if not institution.verified:
        raise ValidationError(_("A moderator has not verified this institution yet."))


def _save(profile: Profile, *, actor: User, action: str, institution) -> Profile:
    profile.save(
        update_fields=[
            "institution_confirmed_at",
            "speaks_for_institution",
            "is_institution_editor",
        ]
    )
    audit.record(actor=actor, action=action, target=profile, reason=str(institution))
    return profile


def forget_roles_elsewhere(profile: Profile, institution: Institution | None) -> None:
    """A member who changes institution is no longer confirmed, official or an
    editor there (``members.roles``): the new one's editors decide again."""
    saved = Profile.objects.filter(pk=profile.pk).values_list(
        "institution_id", flat=True
    )
    if saved.first() != (institution.pk if institution else None):
        profile.institution_confirmed_at = None
        profile.speaks_for_institution = False
        profile.is_institution_editor = False


@transaction.atomic
def confirm_member(*, institution: Institution, member: User, editor: User) -> Profile:
    """The editor confirms that ``member`` works at the institution."""
    _check_editor(editor, institution)
    profile = _profile_in(institution, member)
    if profile.institution_confirmed_at is not None:
        raise ValidationError(_("This member is already confirmed."))
    profile.institution_confirmed_at = timezone.now()
    return _save(
        profile, actor=editor, action="confirm_member", institution=institution
    )


@transaction.atomic
def unconfirm_member(
    *, institution: Institution, member: User, editor: User
) -> Profile:
    """The member does not (or no longer) work there: no official voice, no editor
    role either. Their own profile keeps what they wrote."""
    _check_editor(editor, institution)
    profile = _profile_in(institution, member)
    if profile.institution_confirmed_at is None:
        raise ValidationError(_("This member is not confirmed."))
    profile.institution_confirmed_at = None
    profile.speaks_for_institution = False
    profile.is_institution_editor = False
    return _save(
        profile, actor=editor, action="unconfirm_member", institution=institution
    )


@transaction.atomic
def set_official_voice(
    *, institution: Institution, member: User, editor: User, official: bool
) -> Profile:
    """A confirmed member speaks for the institution (their comments and stories
    say so), or speaks in a personal capacity again. Nothing else changes."""
    _check_editor(editor, institution)
    profile = _profile_in(institution, member)
    if profile.institution_confirmed_at is None:
        raise ValidationError(_("Confirm that this member works here first."))
    if profile.speaks_for_institution == official:
        raise ValidationError(_("Nothing to change."))
    profile.speaks_for_institution = official
    action = "grant_official_voice" if official else "revoke_official_voice"
    return _save(profile, actor=editor, action=action, institution=institution)


@transaction.atomic
def appoint_editor(
    *, institution: Institution, member: User, appointed_by: User
) -> Profile:
    """Make ``member`` an editor of the institution; they are confirmed with it."""
    _check_editor(appointed_by, institution)
    profile = _profile_in(institution, member)
    if profile.is_institution_editor:
        raise ValidationError(_("This member is already an editor."))
    if not member.is_active or member.suspended_at is not None:
        raise ValidationError(_("A suspended member cannot be an editor."))
    profile.institution_confirmed_at = profile.institution_confirmed_at or (
        timezone.now()
    )
    profile.is_institution_editor = True
    return _save(
        profile, actor=appointed_by, action="appoint_editor", institution=institution
    )


@transaction.atomic
def dismiss_editor(
    *, institution: Institution, member: User, dismissed_by: User
) -> Profile:
    _check_editor(dismissed_by, institution)
    profile = _profile_in(institution, member)
    if not profile.is_institution_editor:
        raise ValidationError(_("This member is not an editor."))
    profile.is_institution_editor = False
    return _save(
        profile, actor=dismissed_by, action="dismiss_editor", institution=institution
    )


@transaction.atomic
def update_institution(
    *, institution: Institution, editor: User, **fields
) -> Institution:
    """An editor keeps the institution's profile (``INSTITUTION_FIELDS``)."""
    unknown = set(fields) - set(INSTITUTION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown institution fields: {', '.join(sorted(unknown))}")
    _check_editor(editor, institution)
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    for name, value in fields.items():
        setattr(institution, name, value.strip() if isinstance(value, str) else value)
    institution.full_clean(exclude=["search_vector"])
    institution.save(update_fields=[*fields])
    audit.record(actor=editor, action="edit_institution", target=institution)
    return institution


# Scoped moderators -------------------------------------------------------------


def _check_scope_key(kind: str, key: str) -> None:
    if kind not in ModeratorScope.Kind.values:
        raise ValidationError(
            {"kind": _("Choose a dimension, an event or a language.")}
        )
    known = (
        {code for code, _name in settings.LANGUAGES}
        if kind == ModeratorScope.Kind.LANGUAGE
        else scopes.known_keys(kind)
    )
    if key not in known:
        label = ModeratorScope.Kind(kind).label
        message = _("There is no such %(kind)s.")
        raise ValidationError({"key": ValidationError(message, params={"kind": label})})


@transaction.atomic
def grant_moderation_scope(
    *, member: User, kind: str, key: str, granted_by: User | None
) -> ModeratorScope:
    """Give ``member`` the moderator's rights within one dimension, event or
    language; only a site-wide moderator grants them (``granted_by`` None: the
    command line)."""
    if granted_by is not None:
        require_moderator(granted_by)
    key = (key or "").strip()
    _check_scope_key(kind, key)
    if not member.is_active or member.suspended_at is not None:
        raise ValidationError(_("A suspended member cannot moderate."))
    try:
        with transaction.atomic():
            scope = ModeratorScope.objects.create(
                member=member, kind=kind, key=key, granted_by=granted_by
            )
    except IntegrityError as error:
        raise ValidationError(_("This member already moderates there.")) from error
    audit.record(
        actor=granted_by, action="grant_scope", target=member, reason=scope.label
    )
    return scope


@transaction.atomic
def revoke_moderation_scope(*, scope: ModeratorScope, revoked_by: User) -> None:
    require_moderator(revoked_by)
    audit.record(
        actor=revoked_by, action="revoke_scope", target=scope.member, reason=scope.label
    )
    scope.delete()


def grant_scope_by_email(*, email: str, kind: str, key: str) -> ModeratorScope:
    """From the command line: the account with this address moderates within one
    dimension, event or language (``grant_moderator --dimension …``)."""
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
    return grant_moderation_scope(member=user, kind=kind, key=key, granted_by=None)
