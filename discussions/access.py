"""Who may read, write in and moderate a space: one place for the space's rules."""

from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Value
from django.utils.translation import gettext as _

from core.pagecache import CONTENT, cached, content_version
from core.permissions import can_moderate as core_can_moderate
from members.access import can_participate

from .models import Membership, Space, Topic


def reader_of(user) -> dict:
    """What the discussions know of a member as a reader: their role in each space
    they were admitted to (``roles``) and the spaces where topics of theirs wait or
    were hidden (``unpublished``). Read once per content version (admitting,
    removing a member or a topic's status bumps it) and kept on the request's user,
    so the checks of one page cost one cache read, no query."""
    if not user.is_authenticated:
        return {"roles": {}, "unpublished": frozenset()}
    version = content_version((CONTENT,))
    known = getattr(user, "_discussion_reader", None)
    if known is None or known[0] != version:
        reader = cached(
            "discussion-reader", (user.pk,), lambda: _read(user), scopes=(CONTENT,)
        )
        known = user._discussion_reader = (version, reader)
    return known[1]


# Marks, in the reader's one query, a space where a topic of theirs is unpublished.
_AUTHOR = "author"


def _read(user) -> dict:
    roles = (
        Membership.objects.filter(member=user)
        .order_by()
        .values_list("space_id", "role")
    )
    unpublished = (
        Topic.objects.filter(author=user)
        .exclude(status=Topic.Status.PUBLISHED)
        .order_by()
        .values_list("space_id", Value(_AUTHOR, output_field=CharField()))
    )
    rows = list(roles.union(unpublished).order_by())
    return {
        "roles": {space: role for space, role in rows if role != _AUTHOR},
        "unpublished": frozenset(space for space, role in rows if role == _AUTHOR),
    }


def reader_key(user) -> str | tuple:
    """The spaces whose published topics ``user`` reads, as a cache key part: the
    private ones they were admitted to beside the open ones everyone reads."""
    if is_site_moderator(user):
        return "all"
    return tuple(sorted(reader_of(user)["roles"]))


def _role_in(space: Space, user) -> str | None:
    """The user's role in the space, or None."""
    return reader_of(user)["roles"].get(space.pk)


def is_site_moderator(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_moderator


def can_moderate(space: Space, user) -> bool:
    """Site-wide moderators, moderators scoped to the space's KS dimension or
    event (``core.permissions``), and the space's own moderators."""
    return core_can_moderate(user, space) or (
        user.is_authenticated
        and user.is_active
        and _role_in(space, user) == Membership.Role.MODERATOR
    )


def can_read_space(space: Space, user) -> bool:
    return space.is_open or can_moderate(space, user) or _role_in(space, user)


def can_post_in(space: Space, user) -> bool:
    """A member in good standing, in an open space or admitted to a private one."""
    return can_participate(user) and (
        space.is_open or can_moderate(space, user) or bool(_role_in(space, user))
    )


def can_read_topic(topic: Topic, user) -> bool:
    if not can_read_space(topic.space, user):
        return False
    return (
        topic.status == Topic.Status.PUBLISHED
        or (user.is_authenticated and topic.author_id == user.pk)
        or can_moderate(topic.space, user)
    )


def require_space_moderator(space: Space, user) -> None:
    if not can_moderate(space, user):
        raise PermissionDenied(_("Only the moderators of this space may do this."))


def require_poster(space: Space, user) -> None:
    if not can_post_in(space, user):
        raise PermissionDenied(_("You may not start a topic in this space."))
