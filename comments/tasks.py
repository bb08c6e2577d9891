"""Background work for comments: what a new comment or flag sets off."""

from django.tasks import task

from core import notices
from members.mail import send_to_moderators, site_url

from .models import Comment


def comment_link(comment: Comment) -> str:
    base = site_url()
    target = comment.content_object
    path = target.get_absolute_url() if target is not None else "/"
    return f"{base}{path}#comment-{comment.pk}"


@task
def send_comment_notifications(comment_id: int) -> bool:
    """Announce a new visible comment (``core.notices``): the app that mails members
    tells the parent comment's author, the content's author and those who follow
    the content, each as they chose. False when the comment is gone or hidden."""
    comment = (
        Comment.objects.select_related(
            "author__profile", "parent__author__profile", "content_type"
        )
        .filter(pk=comment_id, status=Comment.Status.VISIBLE)
        .first()
    )
    if comment is None:
        return False
    notices.announce(notices.COMMENT_POSTED, comment=comment)
    return True


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
