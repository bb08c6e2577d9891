"""Background work for comments: the e-mails a new comment or flag sets off."""

from django.tasks import task

from members.mail import send_to_member, send_to_moderators, site_url

from .models import Comment
from .targets import content_author


def comment_link(comment: Comment) -> str:
    base = site_url()
    target = comment.content_object
    path = target.get_absolute_url() if target is not None else "/"
    return f"{base}{path}#comment-{comment.pk}"


def _wants_mail(user, commenter_id) -> bool:
    if user is None or user.pk == commenter_id or not user.email:
        return False
    if not user.is_active or user.suspended_at is not None:
        return False
    profile = getattr(user, "profile", None)
    return bool(profile and profile.notify_replies)


def _send(user, kind: str, comment: Comment, target) -> None:
    send_to_member(
        user,
        f"comments/email/{kind}_subject.txt",
        f"comments/email/{kind}_body.txt",
        {"comment": comment, "target": target, "link": comment_link(comment)},
    )


@task
def send_comment_notifications(comment_id: int) -> int:
    """Tell the parent comment's author about a reply and the content's author about
    a new comment, as their preferences say; nobody is told about their own words."""
    comment = (
        Comment.objects.select_related(
            "author__profile", "parent__author__profile", "content_type"
        )
        .filter(pk=comment_id, status=Comment.Status.VISIBLE)
        .first()
    )
    if comment is None:
        return 0
    target = comment.content_object
    sent = set()
    parent_author = comment.parent.author if comment.parent else None
    if _wants_mail(parent_author, comment.author_id):
        _send(parent_author, "reply", comment, target)
        sent.add(parent_author.pk)
    author = content_author(target) if target is not None else None
    if author is not None and author.pk not in sent:
        author = type(author).objects.select_related("profile").get(pk=author.pk)
        if _wants_mail(author, comment.author_id):
            _send(author, "new_comment", comment, target)
            sent.add(author.pk)
    return len(sent)


@task
def notify_moderators_of_flags(comment_id: int) -> None:
    """A comment reached the flag threshold and waits for a moderator."""
    comment = Comment.objects.filter(pk=comment_id).first()
    if comment is None:
        return
    send_to_moderators(
        "comments/email/flagged_subject.txt",
        "comments/email/flagged_body.txt",
        {"comment": comment, "link": comment_link(comment)},
    )
