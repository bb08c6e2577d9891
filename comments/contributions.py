"""A member's comments and flags on their public profile, export and deletion
(registered with ``members.contributions`` when the app is ready). Flags go with a
deleted account (they cascade); comments stay in their threads, blanked."""

from members.contributions import Contribution, register

from . import services
from .models import Comment, Flag
from .targets import is_commentable


def _public(user, limit: int) -> list[Comment]:
    """Their latest shown comments on content that is itself public."""
    comments = list(
        Comment.objects.filter(author=user)
        .visible()
        .select_related("content_type")
        .prefetch_related("content_object")
        .order_by("-created_at")[:limit]
    )
    return [comment for comment in comments if _is_public(comment.content_object)]


def _is_public(target) -> bool:
    """What the comment is about is itself public: content that knows more (a
    topic in a private space, a closed topic still readable) says so through its
    ``is_public``; the rest when it takes comments."""
    if target is None:
        return False
    public = getattr(target, "is_public", None)
    if public is not None:
        return bool(public)
    return is_commentable(target)


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _export_comments(user) -> list[dict]:
    comments = (
        Comment.objects.filter(author=user)
        .select_related("content_type")
        .order_by("created_at", "id")
    )
    return [
        {
            "on": f"{comment.content_type.app_label}.{comment.content_type.model}",
            "object_id": comment.object_id,
            "reply_to": comment.parent_id,
            "body": comment.body,
            "status": comment.status,
            "created_at": _iso(comment.created_at),
            "edited_at": _iso(comment.edited_at),
        }
        for comment in comments
    ]


def _export_flags(user) -> list[dict]:
    return [
        {
            "comment_id": flag.comment_id,
            "reason": flag.reason,
            "note": flag.note,
            "created_at": _iso(flag.created_at),
        }
        for flag in Flag.objects.filter(member=user).order_by("created_at", "id")
    ]


def _erase(user) -> None:
    services.blank_comments_of(author=user)


def register_contributions() -> None:
    register(
        Contribution(
            name="comments", public=_public, export=_export_comments, erase=_erase
        )
    )
    register(Contribution(name="flags", export=_export_flags))
