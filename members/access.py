"""Who may act: one place decides what "a member in good standing" means."""

from functools import wraps

from allauth.account.models import EmailAddress
from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from core.permissions import require_moderator


def can_participate(user) -> bool:
    """Signed in, not suspended, e-mail verified: may comment, submit, register."""
    if not (user.is_authenticated and user.is_active and user.suspended_at is None):
        return False
    cached = getattr(user, "_has_verified_email", None)
    if cached is None:
        cached = EmailAddress.objects.filter(user=user, verified=True).exists()
        user._has_verified_email = cached
    return cached


def require_participant(user) -> None:
    """For services: raise PermissionDenied unless the user may participate."""
    if not can_participate(user):
        raise PermissionDenied(
            _("A member with a verified e-mail address is required.")
        )


def participant_required(view):
    """Visitors go to sign-in and come back; signed-in members without a verified
    e-mail get 403 with the page that explains how to verify it."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_participate(request.user):
            raise PermissionDenied(_("Verify your e-mail address first."))
        return view(request, *args, **kwargs)

    return wrapper


def moderator_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        require_moderator(request.user)
        return view(request, *args, **kwargs)

    return wrapper


def desk_required(view):
    """Site-wide and scoped moderators: the view (or its service) then decides,
    object by object, with ``core.permissions.require_moderator(user, target)``,
    and lists only what the scope covers (``members.scopes.within``)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (request.user.is_active and request.user.moderates_something):
            raise PermissionDenied(_("Moderators only."))
        return view(request, *args, **kwargs)

    return wrapper


def is_institution_editor(user, institution, *, moderators: bool = True) -> bool:
    """An editor of ``institution`` (appointed, see ``members.roles``); a site-wide
    moderator may do what its editors do, unless ``moderators`` is False."""
    if not (user.is_authenticated and user.is_active) or institution is None:
        return False
    if moderators and user.is_moderator:
        return True
    return edits_for(user, institution.pk)


def edits_for(user, institution_id: int | None) -> bool:
    """Strictly an editor of that institution (no moderator), in good standing."""
    return (
        institution_id is not None
        and user.is_authenticated
        and user.is_active
        and user.suspended_at is None
        and user.edited_institution_id == institution_id
    )


def require_institution_editor(user, institution) -> None:
    if not is_institution_editor(user, institution):
        raise PermissionDenied(_("Only this institution's editors may do this."))


class ParticipantRequiredMixin(AccessMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not can_participate(request.user):
            raise PermissionDenied(_("Verify your e-mail address first."))
        return super().dispatch(request, *args, **kwargs)


class ModeratorRequiredMixin(AccessMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        require_moderator(request.user)
        return super().dispatch(request, *args, **kwargs)
