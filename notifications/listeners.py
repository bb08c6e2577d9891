"""What the notifications app does when a lower app announces a happening
(``core.notices``): follow automatically, and tell the members concerned."""

from django.utils import translation
from django.utils.translation import gettext as _

from comments.targets import can_read, content_author
from members.mail import language_of

from . import services
from .followable import is_followable, object_key
from .models import Kind
from .querysets import followers
from .tasks import EXCERPT_LENGTH, tell_of_publication


def on_happening(happening: str, **data) -> None:
    handler = HANDLERS.get(happening)
    if handler is not None:
        handler(**data)


def _follow(member, item) -> None:
    if member is not None and item is not None and is_followable(item):
        services.follow(member=member, key=object_key(item), automatic=True)


def _name(member) -> str:
    profile = getattr(member, "profile", None)
    return getattr(profile, "display_name", "") or _("A member")


def _comment_notice(member, kind: str, comment, target) -> None:
    with translation.override(language_of(member)):
        if (
            kind == Kind.REPLIES
            and comment.parent_id
            and (comment.parent.author_id == member.pk)
        ):
            title = _("%(name)s replied to your comment on “%(title)s”")
        else:
            title = _("%(name)s commented on “%(title)s”")
        title %= {"name": _name(comment.author), "title": target}
    services.notify(
        member=member,
        kind=kind,
        event=f"comment:{comment.pk}",
        title=title,
        excerpt=comment.body[:EXCERPT_LENGTH],
        path=f"{target.get_absolute_url()}#comment-{comment.pk}",
        group_key=object_key(target),
        group_title=str(target),
        reply_comment_id=comment.pk,
    )


def comment_posted(*, comment) -> None:
    """The parent comment's author and the content's author hear of it as a reply
    to them; those who follow the content, as a new comment there."""
    target = comment.content_object
    if target is None:
        return
    _follow(comment.author, target)
    told = {comment.author_id}
    concerned = [comment.parent.author if comment.parent_id else None]
    concerned.append(content_author(target))
    for member in concerned:
        if member is None or member.pk in told:
            continue
        told.add(member.pk)
        if member.is_active and member.suspended_at is None:
            _comment_notice(member, Kind.REPLIES, comment, target)
    for member in followers([object_key(target)], besides=told):
        if can_read(target, member):
            _comment_notice(member, Kind.COMMENTS, comment, target)


def published(*, item) -> None:
    """Told after the commit of a request: the work goes to a task."""
    tell_of_publication.enqueue(item._meta.label_lower, item.pk)


def registered(*, member, event) -> None:
    _follow(member, event)


def created(*, member, item) -> None:
    _follow(member, item)


def request_matched(*, member, request, offer) -> None:
    with translation.override(language_of(member)):
        title = _("A knowledge request matches your offer “%(offer)s”: %(title)s") % {
            "offer": offer,
            "title": request,
        }
    services.notify(
        member=member,
        kind=Kind.MATCHES,
        event=f"match:{request.pk}",
        title=title,
        excerpt=getattr(request, "summary", "")[:EXCERPT_LENGTH],
        path=request.get_absolute_url(),
    )


HANDLERS = {
    "comment_posted": comment_posted,
    "published": published,
    "registered": registered,
    "created": created,
    "request_matched": request_matched,
}
