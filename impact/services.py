"""Write layer for adoptions: mark a story adapted, edit the note, withdraw it;
moderators hide and restore, as with comments."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import CaseStory
from core import audit
from core.permissions import require_moderator
from members.access import require_participant
from members.models import Institution

from .models import NOTE_MAX_LENGTH, Adoption


def _clean_note(note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say what you took and how it went.")})
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"note": _("At most %(max)d characters.") % {"max": NOTE_MAX_LENGTH}}
        )
    return note


def institution_of(member) -> Institution | None:
    """The verified institution a member speaks for, if any."""
    profile = getattr(member, "profile", None)
    institution = profile.institution if profile else None
    return institution if institution and institution.verified else None


@transaction.atomic
def adopt_story(*, member, case_story: CaseStory, note: str) -> Adoption:
    """Mark ``case_story`` adapted by the member's institution. A withdrawn
    adoption of the same story comes back with the new note."""
    require_participant(member)
    institution = institution_of(member)
    if institution is None:
        raise PermissionDenied(_("Only a member of a verified institution can say so."))
    if not case_story.is_published:
        raise ValidationError(_("Only a published story can be adapted."))
    if case_story.lead_institution_id == institution.pk:
        raise ValidationError(_("Your institution wrote this story."))
    note = _clean_note(note)
    adoption = (
        Adoption.objects.select_for_update()
        .filter(case_story=case_story, institution=institution)
        .first()
    )
    if adoption is None:
        return Adoption.objects.create(
            case_story=case_story, institution=institution, author=member, note=note
        )
    if adoption.status != Adoption.Status.WITHDRAWN:
        raise ValidationError(_("Your institution has already adapted this story."))
    adoption.status = Adoption.Status.VISIBLE
    adoption.author = member
    adoption.note = note
    adoption.created_at = timezone.now()
    adoption.edited_at = None
    adoption.save()
    return adoption


def _require_author(adoption: Adoption, member) -> None:
    require_participant(member)
    if adoption.author_id != member.pk:
        raise PermissionDenied(_("Only its author can change this adoption."))


@transaction.atomic
def edit_adoption(*, adoption: Adoption, member, note: str) -> Adoption:
    _require_author(adoption, member)
    if adoption.status == Adoption.Status.WITHDRAWN:
        raise ValidationError(_("This adoption was withdrawn."))
    adoption.note = _clean_note(note)
    adoption.edited_at = timezone.now()
    adoption.save(update_fields=["note", "edited_at"])
    return adoption


@transaction.atomic
def withdraw_adoption(*, adoption: Adoption, member) -> Adoption:
    """The story no longer counts as adapted by the institution."""
    _require_author(adoption, member)
    adoption.status = Adoption.Status.WITHDRAWN
    adoption.save(update_fields=["status"])
    return adoption


@transaction.atomic
def hide_adoption(*, adoption: Adoption, moderator, reason: str = "") -> Adoption:
    require_moderator(moderator)
    adoption.status = Adoption.Status.HIDDEN
    adoption.save(update_fields=["status"])
    audit.record(actor=moderator, action="hide", target=adoption, reason=reason)
    return adoption


@transaction.atomic
def restore_adoption(*, adoption: Adoption, moderator) -> Adoption:
    require_moderator(moderator)
    adoption.status = Adoption.Status.VISIBLE
    adoption.save(update_fields=["status"])
    audit.record(actor=moderator, action="restore", target=adoption)
    return adoption
