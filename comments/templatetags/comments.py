"""``{% comment_thread obj %}``: the discussion under any commentable content."""

import uuid

from django import template
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from comments.models import BODY_MAX_LENGTH, Comment, Flag
from comments.services import edit_window
from comments.targets import is_commentable, label_for
from members.access import can_participate

register = template.Library()


@register.inclusion_tag("comments/thread.html", takes_context=True)
def comment_thread(context, obj):
    """Shown comments with their replies in two queries, plus the user's own flags
    in one more when signed in: the count never depends on the thread's length."""
    user = context.get("user")
    request = context.get("request")
    content_type = ContentType.objects.get_for_model(obj)
    comments = list(Comment.objects.on(obj).thread())
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
    shown = sum(
        (comment.status == Comment.Status.VISIBLE)
        + sum(reply.status == Comment.Status.VISIBLE for reply in comment.replies.all())
        for comment in comments
    )
    return {
        "object": obj,
        "target_label": label_for(obj),
        "comments": comments,
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


@register.simple_tag
def new_submission_key() -> str:
    """A fresh key for a comment form: submitting the same form twice adds one
    comment."""
    return str(uuid.uuid4())
