"""The one rule the ground floor needs about people: only moderators moderate.

A moderator is site-wide (``is_moderator``) or scoped to a KS dimension, an event or
a language; the user model answers both (``members.models.User.moderates``, told by
the content apps what falls in a scope). Who else may act is decided in
``members.access``."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def can_moderate(user, target=None) -> bool:
    """Site-wide moderators moderate everything; scoped ones only ``target``s their
    scope covers (and nothing that has no target)."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_moderator:
        return True
    return target is not None and user.moderates(target)


def require_moderator(user, target=None) -> None:
    if not can_moderate(user, target):
        raise PermissionDenied(_("Moderators only."))
