"""Who may read, write in and moderate a space: one place for the space's rules."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from core.permissions import can_moderate as core_can_moderate
from members.access import can_participate

from .models import Membership, Space, Topic


def _role_in(space: Space, user) -> str | None:
    """The user's role in the space (one small query), or None."""
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.filter(space=space, member=user)
        .values_list("role", flat=True)
        .first()
    )


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
