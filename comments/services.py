"""Write layer for comments: posting, editing, removing, flagging, moderating."""

import datetime
import uuid
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import audit
from core.permissions import require_moderator
from core.ratelimit import MemberLimit
from members.access import require_participant

from . import tasks
from .language import detect_language
from .models import BODY_MAX_LENGTH, Comment, Flag
from .targets import can_read, is_commentable, posted

BODY_MIN_LENGTH = 2
RATE_LIMIT_PERIOD = 60  # seconds
RATE_LIMIT = 5
NEW_ACCOUNT_RATE_LIMIT = 2
COMMENT_LIMIT = MemberLimit(
    scope="comments:rate",
    limit=RATE_LIMIT,
    new_account_limit=NEW_ACCOUNT_RATE_LIMIT,
    period=RATE_LIMIT_PERIOD,
)
# Flags hide comments: a member (above all a new account) may not flag in bulk.
FLAG_LIMIT = MemberLimit(
    scope="comments:flag", limit=20, new_account_limit=5, period=60 * 60
)


class CommentRateLimited(ValidationError):
    """Too many comments in a short time; the view shows the message on the form."""


class FlagRateLimited(ValidationError):
    """Too many flags in a short time; the view answers 429 with the message."""


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if len(body) < BODY_MIN_LENGTH:
        raise ValidationError(
            _("Write at least %(min)d characters.") % {"min": BODY_MIN_LENGTH},
            code="too_short",
        )
    if len(body) > BODY_MAX_LENGTH:
        raise ValidationError(
            _("A comment may have at most %(max)d characters; this one has %(len)d.")
            % {"max": BODY_MAX_LENGTH, "len": len(body)},
            code="too_long",
        )
    return body


def _check_rate_limit(author) -> None:
    if COMMENT_LIMIT.exceeded_by(author):
        limit = COMMENT_LIMIT.limit_for(author)
        raise CommentRateLimited(
            ngettext(
                "You can post %(limit)d comment a minute. Please wait a moment "
                "and send it again.",
                "You can post %(limit)d comments a minute. Please wait a moment "
                "and send it again.",
                limit,
            )
            % {"limit": limit},
            code="rate_limited",
        )


def _existing_by_key(submission_key, author) -> Comment | None:
    existing = Comment.objects.filter(submission_key=submission_key).first()
    if existing is not None and existing.author_id != author.pk:
        raise ValidationError(_("This form was already used."), code="key_reused")
    return existing


def _parsed_key(submission_key) -> uuid.UUID:
    try:
        return uuid.UUID(str(submission_key))
    except ValueError:
        raise ValidationError(
            _("The form was damaged; please reload the page."), code="bad_key"
        ) from None


@transaction.atomic
def post_comment(
    *,
    author,
    target,
    body: str,
    parent: Comment | None = None,
    submission_key: uuid.UUID | str | None = None,
) -> Comment:
    """Add a comment (or a reply) under ``target``; the same submission key twice
    gives back the first comment instead of a second one."""
    require_participant(author)
    if submission_key is not None:
        submission_key = _parsed_key(submission_key)
        existing = _existing_by_key(submission_key, author)
        if existing is not None:
            return existing
    if not can_read(target, author):
        raise PermissionDenied(_("This discussion is not open to you."))
    if not is_commentable(target, author):
        raise ValidationError(_("This cannot be commented on."), code="not_commentable")
    body = _clean_body(body)
    content_type = ContentType.objects.get_for_model(target)
    if parent is not None:
        if parent.content_type_id != content_type.pk or parent.object_id != target.pk:
            raise ValidationError(_("The reply must stay in the same discussion."))
        if parent.parent_id is not None:
            # One level of replies: a reply to a reply joins the same conversation.
            parent = parent.parent
        if parent.status != Comment.Status.VISIBLE:
            raise ValidationError(
                _("This comment no longer accepts replies."), code="parent_gone"
            )
    try:
        with transaction.atomic():
            comment = Comment.objects.create(
                content_type=content_type,
                object_id=target.pk,
                author=author,
                parent=parent,
                body=body,
                language=detect_language(body),
                submission_key=submission_key,
            )
    except IntegrityError:
        # The same form arrived twice at once: the other request created it.
        existing = submission_key and _existing_by_key(submission_key, author)
        if not existing:
            raise
        return existing
    # Counted only for a comment that is really new (a resubmission is free);
    # refusing rolls the insert back with the rest of the transaction.
    _check_rate_limit(author)
    posted(target, comment)
    transaction.on_commit(
        partial(tasks.send_comment_notifications.enqueue, comment_id=comment.pk)
    )
    return comment


def edit_window() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.COMMENT_EDIT_WINDOW_MINUTES)


def can_edit(comment: Comment, user) -> bool:
    return (
        user.is_authenticated
        and comment.author_id == user.pk
        and comment.status == Comment.Status.VISIBLE
        and timezone.now() - comment.created_at <= edit_window()
    )


@transaction.atomic
def edit_comment(*, comment: Comment, author, body: str) -> Comment:
    require_participant(author)
    if comment.author_id != author.pk:
        raise PermissionDenied(_("Only the author may edit a comment."))
    if comment.status != Comment.Status.VISIBLE:
        raise ValidationError(_("This comment can no longer be edited."))
    if timezone.now() - comment.created_at > edit_window():
        raise ValidationError(
            _("Comments can be edited for %(minutes)d minutes after posting.")
            % {"minutes": settings.COMMENT_EDIT_WINDOW_MINUTES},
            code="edit_window_closed",
        )
    comment.body = _clean_body(body)
    comment.language = detect_language(comment.body)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "language", "edited_at"])
    return comment


@transaction.atomic
def remove_comment(*, comment: Comment, author) -> Comment:
    """The author takes their comment down; it stays as a placeholder for replies."""
    require_participant(author)
    if comment.author_id != author.pk:
        raise PermissionDenied(_("Only the author may remove a comment."))
    if comment.status != Comment.Status.REMOVED:
        comment.status = Comment.Status.REMOVED
        comment.save(update_fields=["status"])
    return comment


@transaction.atomic
def flag_comment(*, comment: Comment, member, reason: str, note: str = "") -> Flag:
    """One flag per member and comment; at the threshold of distinct members the
    comment is hidden until a moderator decides."""
    require_participant(member)
    if reason not in Flag.Reason.values:
        raise ValidationError(_("Choose a reason."), code="bad_reason")
    if comment.author_id == member.pk:
        raise ValidationError(_("You cannot flag your own comment."))
    # The row lock makes concurrent flags count one after another, so the comment
    # changes status exactly once.
    locked = Comment.objects.select_for_update().get(pk=comment.pk)
    if locked.status in (Comment.Status.REMOVED, Comment.Status.HIDDEN):
        raise ValidationError(_("This comment is no longer shown."))
    flag, created = Flag.objects.get_or_create(
        comment=locked,
        member=member,
        defaults={"reason": reason, "note": (note or "").strip()[:500]},
    )
    if not created:
        return flag
    # Counted only for a new flag; refusing rolls it back with the transaction.
    if FLAG_LIMIT.exceeded_by(member):
        raise FlagRateLimited(
            _("You have flagged many comments lately. Please try again later."),
            code="rate_limited",
        )
    flaggers = locked.flags.filter(dismissed_at__isnull=True).count()
    if (
        locked.status == Comment.Status.VISIBLE
        and flaggers >= settings.COMMENT_FLAG_THRESHOLD
    ):
        locked.status = Comment.Status.PENDING
        locked.save(update_fields=["status"])
        transaction.on_commit(
            partial(tasks.notify_moderators_of_flags.enqueue, comment_id=locked.pk)
        )
    comment.status = locked.status
    return flag


def _dismiss_open_flags(comment: Comment) -> int:
    return comment.flags.filter(dismissed_at__isnull=True).update(
        dismissed_at=timezone.now()
    )


@transaction.atomic
def hide_comment(*, comment: Comment, moderator, reason: str = "") -> Comment:
    require_moderator(moderator, comment)
    comment.status = Comment.Status.HIDDEN
    comment.save(update_fields=["status"])
    audit.record(actor=moderator, action="hide", target=comment, reason=reason)
    return comment


@transaction.atomic
def restore_comment(*, comment: Comment, moderator) -> Comment:
    """Show the comment again; the flags that hid it are settled with it."""
    require_moderator(moderator, comment)
    comment.status = Comment.Status.VISIBLE
    comment.save(update_fields=["status"])
    _dismiss_open_flags(comment)
    audit.record(actor=moderator, action="restore", target=comment)
    return comment


@transaction.atomic
def dismiss_flags(*, comment: Comment, moderator) -> Comment:
    """The flags were unfounded: settle them, and show the comment if they hid it."""
    require_moderator(moderator, comment)
    _dismiss_open_flags(comment)
    if comment.status == Comment.Status.PENDING:
        comment.status = Comment.Status.VISIBLE
        comment.save(update_fields=["status"])
    audit.record(actor=moderator, action="dismiss_flags", target=comment)
    return comment


@transaction.atomic
def blank_comments_of(*, author) -> None:
    """When a member deletes their account: each comment keeps its place in its
    thread, so replies still make sense, with its text removed."""
    Comment.objects.filter(author=author).update(body="", status=Comment.Status.REMOVED)
