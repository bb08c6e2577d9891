"""Authentication backends that load a signed-in member with their moderator
flag: every page asks whether to show the moderation menu, and one query per
request is saved by answering it with the user's own row."""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q

from .models import MODERATORS_GROUP, User


def _with_moderator_flag():
    groups = User.groups.through.objects.filter(
        user_id=OuterRef("pk"), group__name=MODERATORS_GROUP
    )
    # Fills User.is_moderator, a cached property, for the row it is read with.
    return User._default_manager.annotate(
        is_moderator=ExpressionWrapper(
            Q(is_superuser=True) | Exists(groups), output_field=BooleanField()
        )
    )


class LoadsModeratorFlag:
    def get_user(self, user_id):
        user = _with_moderator_flag().filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


class MemberModelBackend(LoadsModeratorFlag, ModelBackend):
    pass


class MemberAuthenticationBackend(LoadsModeratorFlag, AuthenticationBackend):
    pass
