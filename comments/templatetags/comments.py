"""``{% comment_thread obj %}``: the discussion under any commentable content."""

import re
import uuid
from types import SimpleNamespace

from django import template
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.template.loader import get_template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from comments.models import BODY_MAX_LENGTH, Comment, Flag
from comments.services import edit_window
from comments.targets import is_commentable, label_for
from core.pagecache import cached
from core.templatetags.text import plain_text
from members.access import can_participate

register = template.Library()
THREAD = "comments/thread.html"
# Around each comment's controls that depend on who reads (see thread.html).
_READER_CONTROLS = re.compile(r"<!--reader:(\d+)-->(.*?)<!--/reader-->", re.S)
PAGE = 50  # top-level comments shown before the link to earlier ones


@register.inclusion_tag(THREAD, takes_context=True)
def comment_thread(context, obj):
    """Shown comments with their replies, rendered once per content version for
    every reader (two queries when the content changed, three for members); a
    member who commented or flagged in the thread gets their own controls in that
    copy, from one query more. The number of queries never depends on the thread's
    length."""
    user = context.get("user")
    request = context.get("request")
    content_type = ContentType.objects.get_for_model(obj)
    show_all = request is not None and request.GET.get("comments") == "all"
    parts = (content_type.pk, obj.pk, show_all)
    participant = user is not None and can_participate(user)
    shared = {
        "object": obj,
        "target_label": label_for(obj),
        "open_for_comments": is_commentable(obj),
        "participant": participant,
    }
    pieces, stakeholders = cached(
        "thread-pieces",  # the copy cut at its readers' controls; who has a part in it
        (*parts, participant, shared["open_for_comments"], get_language()),
        lambda: (
            tuple(_READER_CONTROLS.split(_render_shared(obj, show_all, shared))),
            Comment.objects.stakeholders_in(obj) if participant else frozenset(),
        ),
        in_process=True,
    )
    # Most readers have no comment or flag here: their copy needs no query.
    controls = (
        participant and user.pk in stakeholders and _reader_controls(obj, context)
    )
    discussion = _with_controls(pieces, controls)
    return {
        **shared,
        "discussion": mark_safe(discussion),  # noqa: S308 — rendered by templates
        "flag_reasons": Flag.Reason.choices,
        "body_max_length": BODY_MAX_LENGTH,
        "here": request.get_full_path() if request else obj.get_absolute_url(),
        "request": request,
        "user": user,
        "csrf_token": context.get("csrf_token"),
    }


def _render_shared(obj, show_all: bool, shared: dict) -> str:
    """The list as a reader with no comment or flag of their own in it sees it."""
    # A long discussion shows its latest top-level comments, the earlier ones one
    # link away.
    context = {
        **shared,
        "thread": _thread(obj, show_all=show_all),
        "user": AnonymousUser(),
    }
    return get_template(f"{THREAD}#comment-list").render(context)


def _reader_controls(obj, context):
    """For a member with comments or flags in the thread: a function that gives a
    comment's controls as they see them (edit and remove on their own, a note on
    those they flagged) from its id and its controls as everyone sees them; else
    None."""
    user = context["user"]
    theirs = Comment.objects.of_reader(obj, user)
    if not theirs:
        return None
    own = {c.pk: c for c in theirs if c.author_id == user.pk}
    flagged_ids = {c.pk for c in theirs if c.flagged}
    controls = get_template(f"{THREAD}#reader-actions")
    reader = {
        "user": user,
        "flagged_ids": flagged_ids,
        "edit_since": timezone.now() - edit_window(),
        "csrf_token": context.get("csrf_token"),
        "request": context.get("request"),
    }

    def controls_of(pk: int, shared: str) -> str:
        if pk not in own and pk not in flagged_ids:
            return shared
        comment = own.get(pk) or SimpleNamespace(pk=pk, author_id=None)
        return controls.render({**reader, "c": comment})

    return controls_of


def _with_controls(pieces: tuple, controls_of) -> str:
    """The shared copy from its ``pieces`` (text, comment id, its controls as
    everyone sees them, text, ...), each comment's controls as ``controls_of``
    gives them when it is given."""
    texts, ids, shared = pieces[0::3], pieces[1::3], pieces[2::3]
    if controls_of:
        shared = [
            controls_of(int(pk), html) for pk, html in zip(ids, shared, strict=True)
        ]
    return texts[0] + "".join(
        html + text for html, text in zip(shared, texts[1:], strict=True)
    )


def _thread(obj, *, show_all: bool) -> dict:
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
    return {"comments": comments, "earlier": earlier, "shown": shown}


@register.simple_tag
def comment_body(comment) -> str:
    """A comment's text, marked with its language where it is known, so a screen
    reader reads it with the right voice wherever it is shown."""
    lang = format_html(' lang="{}"', comment.language) if comment.language else ""
    return format_html(
        '<div class="comment-body"{}>{}</div>', lang, plain_text(comment.body)
    )


@register.simple_tag
def new_submission_key() -> str:
    """A fresh key for a comment form: submitting the same form twice adds one
    comment."""
    return str(uuid.uuid4())
