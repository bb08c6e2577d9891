"""Authentication backends that load a signed-in member with what most pages ask
about them: whether they moderate (the menu) and whether their e-mail address is
verified (``members.access.can_participate``), answered with the user's own row
instead of a query each."""

from allauth.account.auth_backends import AuthenticationBackend
from allauth.account.models import EmailAddress
from django.contrib.auth.backends import ModelBackend
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q

from .models import MODERATORS_GROUP, User


def _with_standing():
    groups = User.groups.through.objects.filter(
        user_id=OuterRef("pk"), group__name=MODERATORS_GROUP
    )
    verified = EmailAddress.objects.filter(user_id=OuterRef("pk"), verified=True)
    return User._default_manager.annotate(
        # Fills User.is_moderator, a cached property, for the row it is read with.
        is_moderator=ExpressionWrapper(
            Q(is_superuser=True) | Exists(groups), output_field=BooleanField()
        ),
        # What can_participate would otherwise ask the database.
        _has_verified_email=Exists(verified),
    )


class LoadsStanding:
    def get_user(self, user_id):
        user = _with_standing().filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


class MemberModelBackend(LoadsStanding, ModelBackend):
    pass


class MemberAuthenticationBackend(LoadsStanding, AuthenticationBackend):
    pass
