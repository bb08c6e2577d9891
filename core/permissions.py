"""The one rule the ground floor needs about people: only moderators moderate.

``is_moderator`` is the user model's own answer (see ``members.models``); who else may
act is decided in ``members.access``."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def require_moderator(user) -> None:
    if not (user.is_authenticated and user.is_active and user.is_moderator):
        raise PermissionDenied(_("Moderators only."))
