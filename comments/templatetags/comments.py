"""``{% comment_thread obj %}``: the discussion under any commentable content."""

import uuid

from django import template
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from comments.models import BODY_MAX_LENGTH, Comment, Flag
from comments.services import edit_window
from comments.targets import is_commentable, label_for
from kshub.pagecache import cached
from members.access import can_participate

register = template.Library()
PAGE = 50  # top-level comments shown before the link to earlier ones


@register.inclusion_tag("comments/thread.html", takes_context=True)
def comment_thread(context, obj):
    """Shown comments with their replies (two queries, kept until the content
    changes), plus the user's own flags in one more when signed in: the count never
    depends on the thread's length."""
    user = context.get("user")
    request = context.get("request")
    content_type = ContentType.objects.get_for_model(obj)
    show_all = request is not None and request.GET.get("comments") == "all"
    # The same for every reader until the content changes; a long discussion shows
    # its latest top-level comments, the earlier ones one link away.
    comments, earlier, shown = cached(
        "thread",
        (content_type.pk, obj.pk, show_all),
        lambda: _thread(obj, show_all=show_all),
    )
    participant = user is not None and can_participate(user)
    flagged_ids = set()
    if participant and comments:
        flagged_ids = set(
            Flag.objects.filter(
                member=user,
                comment__content_type=content_type,
                comment__object_id=obj.pk,
            ).values_list("comment_id", flat=True)
        )
    return {
        "object": obj,
        "target_label": label_for(obj),
        "comments": comments,
        "earlier_comments": earlier,
        "comment_count": shown,
        "open_for_comments": is_commentable(obj),
        "participant": participant,
        "flagged_ids": flagged_ids,
        "edit_since": timezone.now() - edit_window(),
        "flag_reasons": Flag.Reason.choices,
        "body_max_length": BODY_MAX_LENGTH,
        "here": request.get_full_path() if request else obj.get_absolute_url(),
        "request": request,
        "user": user,
        "csrf_token": context.get("csrf_token"),
    }


def _thread(obj, *, show_all: bool) -> tuple[list[Comment], int, int]:
    """The shown top-level comments with their replies, oldest first; how many
    earlier top-level comments were left out; how many comments are visible."""
    thread = Comment.objects.on(obj).thread()
    comments = list(
        thread if show_all else thread.order_by("-created_at", "-id")[: PAGE + 1]
    )
    earlier = 0
    if not show_all:
        if len(comments) > PAGE:
            comments = comments[:PAGE]
            earlier = thread.count() - PAGE
        comments.reverse()
    if show_all or earlier:
        shown = Comment.objects.on(obj).visible().count()
    else:
        shown = sum(
            (comment.status == Comment.Status.VISIBLE)
            + sum(
                reply.status == Comment.Status.VISIBLE
                for reply in comment.replies.all()
            )
            for comment in comments
        )
    return comments, earlier, shown


@register.simple_tag
def new_submission_key() -> str:
    """A fresh key for a comment form: submitting the same form twice adds one
    comment."""
    return str(uuid.uuid4())
