"""Suggested corrections: any member proposes an edit to a published story's
text; its author or a moderator accepts it (the story changes at once, keeping a
version in its history) or declines it, with a note. Every step is recorded in
the audit log."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.permissions import can_moderate
from core.ratelimit import MemberLimit
from core.text import check_markdown_length
from members.access import can_participate, edits_for, require_participant
from members.scopes import within

from .models import CaseStory, Correction
from .services import refresh_search_vector
from .tasks import notify_author_of_correction

CORRECTION_LIMIT = MemberLimit(
    scope="cases:correction", limit=10, new_account_limit=3, period=60 * 60
)
NOTE_MAX_LENGTH = 2000
SECTIONS = ("context", "challenge", "solution", "results", "lessons")


def can_review_corrections(user, case_story: CaseStory) -> bool:
    """Who sees the difference and decides: the story's author, the editors of its
    lead institution and the moderators of the story (site-wide, or within a
    scope that covers it): this is the one place that decides."""
    if not can_participate(user):
        return False
    return (
        case_story.author_id == user.pk
        or can_moderate(user, case_story)
        or edits_for(user, case_story.lead_institution_id)
    )


def pending_for(user):
    """The corrections waiting for ``user``'s decision, oldest first: the same
    people as ``can_review_corrections``, read as a condition."""
    pending = Correction.objects.filter(status=Correction.Status.PENDING)
    if not user.is_moderator:
        mine = Q(case_story__author=user)
        if edits_for(user, user.edited_institution_id):
            mine |= Q(case_story__lead_institution_id=user.edited_institution_id)
        if user.moderation_scopes:
            moderated = within(CaseStory.objects.all(), user)
            mine |= Q(case_story__in=moderated.values("pk"))
        pending = pending.filter(mine)
    return pending.select_related("case_story", "proposer__profile").order_by(
        "created_at", "pk"
    )


@transaction.atomic
def suggest_correction(
    *, case_story: CaseStory, proposer, explanation: str = "", **texts: str
) -> Correction:
    """Propose new text for some of ``Correction.FIELDS`` of a published story;
    only the fields that differ are kept."""
    require_participant(proposer)
    CORRECTION_LIMIT.check(proposer)
    unknown = set(texts) - set(Correction.FIELDS)
    if unknown:
        raise TypeError(f"Unknown correction fields: {', '.join(sorted(unknown))}")
    if case_story.status != CaseStory.Status.PUBLISHED:
        raise ValidationError(_("Only published case stories can be corrected."))
    explanation = (explanation or "").strip()
    if len(explanation) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {
                "explanation": _("At most %(count)d characters.")
                % {"count": NOTE_MAX_LENGTH}
            }
        )
    proposed = {
        name: value.strip()
        for name, value in texts.items()
        if value is not None and value.strip() != getattr(case_story, name)
    }
    if not proposed:
        raise ValidationError(_("Change at least one part of the story."))
    _check(proposed)
    correction = Correction.objects.create(
        case_story=case_story,
        proposer=proposer,
        proposed=proposed,
        original={name: getattr(case_story, name) for name in proposed},
        explanation=explanation,
    )
    audit.record(
        actor=proposer, action="suggest-correction", target=case_story, reason=""
    )
    if case_story.author_id and case_story.author_id != proposer.pk:
        correction_id = correction.pk
        transaction.on_commit(
            lambda: notify_author_of_correction.enqueue(correction_id), robust=True
        )
    return correction


@transaction.atomic
def accept_correction(*, correction: Correction, reviewer, note: str = "") -> CaseStory:
    """Apply the proposed text to the story, all of it or nothing: refused when
    a field it changes was changed since it was proposed."""
    case_story, correction = _decidable(correction, reviewer)
    changed_since = [
        str(CaseStory._meta.get_field(name).verbose_name)
        for name, value in correction.original.items()
        if getattr(case_story, name) != value
    ]
    if changed_since:
        raise ValidationError(
            _(
                "The story changed since this correction was proposed (%(fields)s): "
                "decline it and ask for a new one."
            )
            % {"fields": ", ".join(changed_since)}
        )
    for name, value in correction.proposed.items():
        setattr(case_story, name, value)
    case_story.full_clean(exclude=["search_vector"])
    # The version in the history is the proposer's text; the decision is noted.
    case_story._history_user = correction.proposer
    case_story._change_reason = f"correction:{correction.pk}"
    case_story.save(update_fields=[*correction.proposed, "updated_at"])
    refresh_search_vector(case_story=case_story)
    _decide(correction, reviewer, Correction.Status.ACCEPTED, note)
    audit.record(
        actor=reviewer, action="accept-correction", target=case_story, reason=note
    )
    return case_story


@transaction.atomic
def decline_correction(*, correction: Correction, reviewer, note: str) -> Correction:
    """Leave the story as it is; the note tells the proposer why."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Tell the proposer why.")})
    case_story, correction = _decidable(correction, reviewer)
    _decide(correction, reviewer, Correction.Status.DECLINED, note)
    audit.record(
        actor=reviewer, action="decline-correction", target=case_story, reason=note
    )
    return correction


def _decidable(correction: Correction, reviewer) -> tuple[CaseStory, Correction]:
    """The story and the correction, locked in that order, once ``reviewer`` may
    decide and the correction still waits."""
    case_story = CaseStory.objects.select_for_update(of=("self",)).get(
        pk=correction.case_story_id
    )
    if not can_review_corrections(reviewer, case_story):
        raise PermissionDenied(
            _("Only the author and the moderators decide on corrections.")
        )
    correction = Correction.objects.select_for_update().get(pk=correction.pk)
    if correction.status != Correction.Status.PENDING:
        raise ValidationError(_("This correction was already decided."))
    if case_story.status != CaseStory.Status.PUBLISHED:
        raise ValidationError(_("Only published case stories can be corrected."))
    return case_story, correction


def _decide(correction: Correction, reviewer, status: str, note: str) -> None:
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"note": _("At most %(count)d characters.") % {"count": NOTE_MAX_LENGTH}}
        )
    correction.status = status
    correction.decided_by = reviewer
    correction.decision_note = note
    correction.decided_at = timezone.now()
    correction.save(
        update_fields=["status", "decided_by", "decision_note", "decided_at"]
    )


def _check(proposed: dict[str, str]) -> None:
    """The limits the story itself keeps: a title, a summary of 300 characters at
    most, sections no longer than any Markdown text."""
    errors = {}
    if "title" in proposed and not proposed["title"]:
        errors["title"] = _("A story needs a title.")
    if "title" in proposed and len(proposed["title"]) > 200:
        errors["title"] = _("At most %(count)d characters.") % {"count": 200}
    if "summary" in proposed and not proposed["summary"]:
        errors["summary"] = _("A story needs a summary.")
    if "summary" in proposed and len(proposed["summary"]) > 300:
        errors["summary"] = _("At most %(count)d characters.") % {"count": 300}
    if errors:
        raise ValidationError(errors)
    check_markdown_length(
        **{name: proposed[name] for name in SECTIONS if name in proposed}
    )
