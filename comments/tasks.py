"""Background work for comments: the e-mails a new comment or flag sets off."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from .models import Comment
from .targets import content_author


def comment_link(comment: Comment) -> str:
    base = getattr(settings, "SITE_URL", "").rstrip("/")
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


def _send(user, subject: str, intro: str, comment: Comment) -> None:
    """Called inside the recipient's language."""
    body = "\n\n".join(
        [
            intro,
            Truncator(comment.body).chars(500),
            _("Read and answer it here: %(link)s") % {"link": comment_link(comment)},
            _(
                "You receive this because your preferences ask for e-mails "
                "about replies. You can change them on your profile."
            ),
        ]
    )
    send_mail(subject, body, None, [user.email])


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
    name = (
        comment.author.profile.display_name
        if comment.author and hasattr(comment.author, "profile")
        else _("A member")
    )
    target = comment.content_object
    sent = set()
    parent_author = comment.parent.author if comment.parent else None
    if _wants_mail(parent_author, comment.author_id):
        with translation.override(parent_author.profile.preferred_language):
            _send(
                parent_author,
                _("%(name)s replied to your comment") % {"name": name},
                _("%(name)s replied to your comment on “%(title)s”:")
                % {"name": name, "title": target},
                comment,
            )
        sent.add(parent_author.pk)
    author = content_author(target) if target is not None else None
    if author is not None and author.pk not in sent:
        author = type(author).objects.select_related("profile").get(pk=author.pk)
        if _wants_mail(author, comment.author_id):
            with translation.override(author.profile.preferred_language):
                _send(
                    author,
                    _("New comment on “%(title)s”") % {"title": target},
                    _("%(name)s commented on “%(title)s”:")
                    % {"name": name, "title": target},
                    comment,
                )
            sent.add(author.pk)
    return len(sent)


@task
def notify_moderators_of_flags(comment_id: int) -> None:
    """A comment reached the flag threshold and waits for a moderator."""
    comment = Comment.objects.filter(pk=comment_id).first()
    if comment is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        send_mail(
            _("A flagged comment waits for review"),
            _(
                "Members flagged this comment, so it is hidden until a moderator "
                "decides:\n\n%(excerpt)s\n\n%(link)s"
            )
            % {
                "excerpt": Truncator(comment.body).chars(500),
                "link": comment_link(comment),
            },
            None,
            [settings.MODERATORS_EMAIL],
        )
