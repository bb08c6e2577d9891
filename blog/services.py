"""Write layer for posts: members write and submit them, moderators decide."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Value
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.ratelimit import CONTRIBUTION_LIMIT
from core.review import Workflow
from core.search import configs_for, weighted_vector
from core.slugs import unique_slug
from core.text import check_markdown_length
from events.models import Event
from members.access import require_participant
from members.mail import send_to_member, send_to_moderators
from taxonomy.services import set_tags

from .models import Post

EDITABLE_STATUSES = (Post.Status.DRAFT, Post.Status.REJECTED)


def refresh_search_vector(*, post: Post) -> None:
    """Rebuild the post's search vector in one UPDATE: title A, summary B, body C,
    tags D, in the text search configurations of the post's language that the
    site's searches use (core.search)."""
    tags = " ".join(post.tags.values_list("name", flat=True).order_by("name"))
    Post.objects.filter(pk=post.pk).update(
        search_vector=weighted_vector(
            configs_for(post.language),
            a=["title"],
            b=["summary"],
            c=["body"],
            d=[Value(tags)],
        )
    )


def _clean_and_save(post: Post, tags: Iterable[str] | None) -> Post:
    check_markdown_length(body=post.body)
    post.full_clean(exclude=["slug", "tags", "search_vector"])
    post.save()
    if tags is not None:
        set_tags(post, tags, language=post.language)
    refresh_search_vector(post=post)
    return post


# Members ---------------------------------------------------------------------


@transaction.atomic
def create_post(
    *,
    author,
    title: str,
    body: str,
    summary: str = "",
    event: Event | None = None,
    tags: Iterable[str] = (),
    language: str = "en",
) -> Post:
    """A verified member starts a post; it stays a draft until submitted."""
    require_participant(author)
    CONTRIBUTION_LIMIT.check(author)
    post = Post(
        author=author,
        title=title.strip(),
        slug=unique_slug(Post.objects.all(), title, fallback="post"),
        summary=summary.strip(),
        body=body,
        event=event,
        language=language,
        status=Post.Status.DRAFT,
    )
    return _clean_and_save(post, tags)


@transaction.atomic
def update_post(
    *,
    post: Post,
    author,
    title: str,
    body: str,
    summary: str = "",
    event: Event | None = None,
    tags: Iterable[str] | None = None,
    language: str = "en",
) -> Post:
    """The author edits their post while it is a draft or was sent back."""
    require_participant(author)
    CONTRIBUTION_LIMIT.check(author)
    _require_editable_by(post, author)
    post.title = title.strip()
    post.summary = summary.strip()
    post.body = body
    post.event = event
    post.language = language
    return _clean_and_save(post, tags)


def can_edit(post: Post, user) -> bool:
    return (
        user.is_authenticated
        and post.author_id == user.pk
        and post.status in EDITABLE_STATUSES
    )


def _require_editable_by(post: Post, user) -> None:
    if post.author_id != user.pk:
        raise PermissionDenied(_("Only the author may edit this post."))
    if post.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("Only drafts and posts sent back for changes can be edited.")
        )


@transaction.atomic
def submit_post(*, post: Post, author) -> Post:
    """The author asks the moderators to publish the post."""
    require_participant(author)
    _require_editable_by(post, author)
    post.status = Post.Status.SUBMITTED
    post.save(update_fields=["status", "updated_at"])
    transaction.on_commit(
        partial(
            send_to_moderators,
            "blog/email/submitted_subject.txt",
            "blog/email/submitted_body.txt",
            {"post": post},
        ),
        robust=True,  # the post is saved: a failing notice must not answer 500
    )
    return post


# Moderators ------------------------------------------------------------------


def _send_rejection(post: Post, reason: str) -> None:
    send_to_member(
        post.author,
        "blog/email/rejected_subject.txt",
        "blog/email/rejected_body.txt",
        {"post": post, "reason": reason},
    )


WORKFLOW = Workflow(
    already_published=gettext_lazy("This post is already published."),
    already_archived=gettext_lazy("This post is already archived."),
    only_published_featured=gettext_lazy("Only published posts can be featured."),
    reason_required=gettext_lazy("Tell the author why."),
    rejectable=set(Post.Status) - {Post.Status.REJECTED},
    not_rejectable=gettext_lazy("This post was already sent back."),
    notify_rejection=_send_rejection,
)


def publish_post(*, post: Post, moderator) -> Post:
    return WORKFLOW.publish(post, moderator=moderator)


def reject_post(*, post: Post, moderator, reason: str) -> Post:
    """Send a post back to its author with the reason, by e-mail once saved."""
    return WORKFLOW.reject(post, moderator=moderator, reason=reason)


def feature_post(*, post: Post, moderator, featured: bool = True) -> Post:
    return WORKFLOW.feature(post, moderator=moderator, featured=featured)


def archive_post(*, post: Post, moderator) -> Post:
    """Take a post out of the public lists; it stays for its author."""
    return WORKFLOW.archive(post, moderator=moderator)


@transaction.atomic
def delete_unpublished_posts(*, author) -> None:
    """When a member deletes their account: their unpublished posts go with them;
    published ones stay, without their name."""
    Post.objects.filter(author=author).unpublished().delete()
