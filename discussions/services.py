"""Write layer for discussions: spaces, their members, topics and what moderators
do to them. Every moderator action leaves an audit entry (core.audit)."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from comments.language import detect_language
from comments.models import Comment
from core import audit
from core.permissions import require_moderator
from core.ratelimit import MemberLimit
from core.search import configs_for, weighted_vector
from core.slugs import unique_slug
from members.access import require_participant
from taxonomy.services import set_tags

from .access import can_moderate, require_poster, require_space_moderator
from .models import BODY_MAX_LENGTH, TITLE_MAX_LENGTH, Membership, Space, Topic, Visit

TITLE_MIN_LENGTH = 5
BODY_MIN_LENGTH = 10
RESERVED_SLUGS = ("new", "feed", "members")
TOPIC_LIMIT = MemberLimit(
    scope="discussions:topic", limit=10, new_account_limit=2, period=60 * 60
)


class TopicRateLimited(ValidationError):
    """Too many topics in a short time; the view answers 429 with the message."""


# Spaces and their members -----------------------------------------------------


@transaction.atomic
def create_space(
    *,
    moderator,
    name: str,
    kind: str,
    access: str = Space.Access.OPEN,
    description: str = "",
    event=None,
    dimension=None,
) -> Space:
    require_moderator(moderator)
    space = Space(
        name=name.strip(),
        kind=kind,
        access=access,
        description=description.strip(),
        event=event,
        dimension=dimension,
        slug=unique_slug(Space.objects.all(), name, fallback="space", max_length=80),
    )
    space.full_clean()
    space.save()
    audit.record(actor=moderator, action="create_space", target=space)
    return space


@transaction.atomic
def admit_member(
    *, space: Space, member, moderator, role: str = Membership.Role.MEMBER
) -> Membership:
    """Admit ``member`` to the space (or make them one of its moderators)."""
    require_space_moderator(space, moderator)
    if role == Membership.Role.MODERATOR:
        require_moderator(moderator)  # only the site's moderators appoint
    membership, _created = Membership.objects.update_or_create(
        space=space, member=member, defaults={"role": role}
    )
    audit.record(
        actor=moderator, action=f"admit_{role}", target=space, reason=member.username
    )
    return membership


@transaction.atomic
def remove_member(*, space: Space, member, moderator) -> None:
    require_space_moderator(space, moderator)
    Membership.objects.filter(space=space, member=member).delete()
    audit.record(
        actor=moderator, action="remove_member", target=space, reason=member.username
    )


# Topics ------------------------------------------------------------------------


def _clean_text(title: str, body: str) -> tuple[str, str]:
    title, body = (title or "").strip(), (body or "").strip()
    errors = {}
    if not TITLE_MIN_LENGTH <= len(title) <= TITLE_MAX_LENGTH:
        errors["title"] = _("A title has between %(min)d and %(max)d characters.") % {
            "min": TITLE_MIN_LENGTH,
            "max": TITLE_MAX_LENGTH,
        }
    if not BODY_MIN_LENGTH <= len(body) <= BODY_MAX_LENGTH:
        errors["body"] = _("A text has between %(min)d and %(max)d characters.") % {
            "min": BODY_MIN_LENGTH,
            "max": BODY_MAX_LENGTH,
        }
    if errors:
        raise ValidationError(errors)
    return title, body


def refresh_search_vector(*, topic: Topic) -> None:
    """Title A, text C, tags D, in the configurations of the topic's language."""
    tags = " ".join(topic.tags.values_list("name", flat=True).order_by("name"))
    Topic.objects.filter(pk=topic.pk).update(
        search_vector=weighted_vector(
            configs_for(topic.language), a=["title"], c=["body"], d=[Value(tags)]
        )
    )


def _needs_review(author, space: Space) -> bool:
    reviewed = settings.DISCUSSIONS_TOPICS_REVIEWED
    if reviewed <= 0 or can_moderate(space, author):
        return False
    published = Topic.objects.filter(author=author, status=Topic.Status.PUBLISHED)
    return published.count() < reviewed


@transaction.atomic
def start_topic(
    *,
    author,
    space: Space,
    title: str,
    body: str,
    tags: Iterable[str] = (),
    language: str = "",
    case_stories: Iterable = (),
    events: Iterable = (),
    created_at: datetime.datetime | None = None,
    view_count: int = 0,
    review: bool | None = None,
) -> Topic:
    """A new topic in ``space``. ``created_at`` and ``view_count`` carry a topic
    brought from elsewhere (an import); ``review`` None lets the setting decide
    whether a new member's topic waits for a moderator."""
    require_poster(space, author)
    title, body = _clean_text(title, body)
    if review is None:
        review = _needs_review(author, space)
    created_at = created_at or timezone.now()
    topic = Topic.objects.create(
        space=space,
        title=title,
        slug=_slug_in(space, title),
        author=author,
        body=body,
        language=language or detect_language(f"{title}\n{body}") or "en",
        status=Topic.Status.PENDING if review else Topic.Status.PUBLISHED,
        created_at=created_at,
        last_activity_at=created_at,
        view_count=max(0, view_count),
    )
    tags = [tag.strip()[:100] for tag in tags if tag.strip()]
    if tags:
        set_tags(topic, tags, language=topic.language)
    topic.case_stories.set(case_stories)
    topic.events.set(events)
    refresh_search_vector(topic=topic)
    if TOPIC_LIMIT.exceeded_by(author):
        raise TopicRateLimited(
            _("You have started many topics lately. Please try again later."),
            code="rate_limited",
        )
    return topic


def _slug_in(space: Space, title: str, exclude_pk=None) -> str:
    return unique_slug(
        Topic.objects.filter(space=space),
        title,
        fallback="topic",
        reserved=RESERVED_SLUGS,
        exclude_pk=exclude_pk,
    )


def edit_window() -> datetime.timedelta:
    """Topics are edited on the comments' rule: for so long after posting."""
    return datetime.timedelta(minutes=settings.COMMENT_EDIT_WINDOW_MINUTES)


def can_edit(topic: Topic, user) -> bool:
    return (
        user.is_authenticated
        and topic.author_id == user.pk
        and topic.status != Topic.Status.HIDDEN
        and not topic.closed
        and timezone.now() - topic.created_at <= edit_window()
    )


@transaction.atomic
def edit_topic(
    *,
    topic: Topic,
    author,
    title: str,
    body: str,
    tags: Iterable[str] = (),
    language: str = "",
    case_stories: Iterable = (),
    events: Iterable = (),
) -> Topic:
    """The author changes their topic within the edit window; its address stays
    as it was. An audit entry keeps the title it had."""
    require_participant(author)
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    if topic.author_id != author.pk:
        raise PermissionDenied(_("Only the author may edit a topic."))
    if topic.status == Topic.Status.HIDDEN or topic.closed:
        raise ValidationError(_("This topic can no longer be edited."))
    if timezone.now() - topic.created_at > edit_window():
        raise ValidationError(
            _("Topics can be edited for %(minutes)d minutes after posting.")
            % {"minutes": settings.COMMENT_EDIT_WINDOW_MINUTES},
            code="edit_window_closed",
        )
    before = topic.title
    topic.title, topic.body = _clean_text(title, body)
    topic.language = language or detect_language(f"{topic.title}\n{topic.body}") or "en"
    topic.edited_at = timezone.now()
    topic.save(update_fields=["title", "body", "language", "edited_at"])
    set_tags(topic, [tag.strip()[:100] for tag in tags], language=topic.language)
    topic.case_stories.set(case_stories)
    topic.events.set(events)
    refresh_search_vector(topic=topic)
    audit.record(actor=author, action="edit_topic", target=topic, reason=before)
    return topic


def note_reply(topic: Topic, comment: Comment) -> None:
    """A reply arrived (called by the comments app): count it, stamp the activity."""
    Topic.objects.filter(pk=topic.pk).update(
        reply_count=F("reply_count") + 1,
        last_activity_at=Greatest(F("last_activity_at"), Value(comment.created_at)),
    )


# The visits this worker wrote lately, (member, topic) → when: a visit after
# them that finds no activity since needs no write (a topic reads as unread
# only once it moves after the member's last visit). Bounded: forgetting costs
# one write more.
_WRITTEN_VISITS: dict[tuple[int, int], datetime.datetime] = {}
WRITTEN_VISITS_KEPT = 10_000


def record_visit(*, member, topic: Topic) -> None:
    """Remember when the member last read the topic: one upsert, none when this
    worker wrote their visit since the topic last moved."""
    if not member.is_authenticated:
        return
    key = (member.pk, topic.pk)
    written = _WRITTEN_VISITS.get(key)
    if written is not None and written >= topic.last_activity_at:
        return
    now = timezone.now()
    Visit.objects.bulk_create(
        [Visit(member=member, topic=topic, seen_at=now)],
        update_conflicts=True,
        unique_fields=["member", "topic"],
        update_fields=["seen_at"],
    )
    if len(_WRITTEN_VISITS) >= WRITTEN_VISITS_KEPT:
        _WRITTEN_VISITS.clear()
    _WRITTEN_VISITS[key] = now


# Answers and moderation -----------------------------------------------------------


@transaction.atomic
def mark_answered(*, topic: Topic, member, comment: Comment | None) -> Topic:
    """The topic's author (or a moderator) names the reply that answered it; None
    takes the mark away."""
    if topic.author_id != member.pk and not can_moderate(topic.space, member):
        raise PermissionDenied(_("Only the topic's author may mark it answered."))
    if comment is not None:
        ours = ContentType.objects.get_for_model(Topic)
        if (
            comment.content_type_id != ours.pk
            or comment.object_id != topic.pk
            or comment.status != Comment.Status.VISIBLE
        ):
            raise ValidationError(_("Choose a reply shown under this topic."))
    topic.answer = comment
    topic.save(update_fields=["answer"])
    action = "mark_answered" if comment is not None else "unmark_answered"
    audit.record(actor=member, action=action, target=topic)
    return topic


def _moderate(topic: Topic, moderator, action: str, reason: str = "", **changes):
    require_space_moderator(topic.space, moderator)
    for field, value in changes.items():
        setattr(topic, field, value)
    topic.save(update_fields=list(changes))
    audit.record(actor=moderator, action=action, target=topic, reason=reason)
    return topic


@transaction.atomic
def approve_topic(*, topic: Topic, moderator) -> Topic:
    if topic.status == Topic.Status.PUBLISHED:
        raise ValidationError(_("This topic is already published."))
    return _moderate(topic, moderator, "approve_topic", status=Topic.Status.PUBLISHED)


@transaction.atomic
def hide_topic(*, topic: Topic, moderator, reason: str = "") -> Topic:
    return _moderate(topic, moderator, "hide_topic", reason, status=Topic.Status.HIDDEN)


@transaction.atomic
def pin_topic(*, topic: Topic, moderator, pinned: bool = True) -> Topic:
    action = "pin_topic" if pinned else "unpin_topic"
    return _moderate(topic, moderator, action, pinned=pinned)


@transaction.atomic
def close_topic(*, topic: Topic, moderator, closed: bool = True) -> Topic:
    if not closed and topic.merged_into_id:
        raise ValidationError(_("A merged topic stays closed."))
    action = "close_topic" if closed else "reopen_topic"
    return _moderate(topic, moderator, action, closed=closed)


@transaction.atomic
def move_topic(*, topic: Topic, moderator, space: Space) -> Topic:
    """Move the topic to another space; its address follows its new space."""
    require_space_moderator(topic.space, moderator)
    require_space_moderator(space, moderator)
    if space.pk == topic.space_id:
        raise ValidationError(_("The topic is already in this space."))
    reason = f"{topic.space.slug} -> {space.slug}"
    return _moderate(
        topic,
        moderator,
        "move_topic",
        reason,
        space=space,
        slug=_slug_in(space, topic.title, exclude_pk=topic.pk),
    )


@transaction.atomic
def merge_topic(*, topic: Topic, into: Topic, moderator) -> Topic:
    """Move the topic's replies under ``into`` and close it, pointing there."""
    require_space_moderator(topic.space, moderator)
    require_space_moderator(into.space, moderator)
    if into.pk == topic.pk or into.merged_into_id:
        raise ValidationError(_("Choose another open topic to merge into."))
    moved = Comment.objects.on(topic).update(object_id=into.pk)
    Topic.objects.filter(pk=into.pk).update(
        reply_count=F("reply_count") + moved,
        last_activity_at=Greatest(F("last_activity_at"), Value(topic.last_activity_at)),
    )
    return _moderate(
        topic,
        moderator,
        "merge_topic",
        into.title,
        merged_into=into,
        closed=True,
        answer=None,
        reply_count=0,
    )
