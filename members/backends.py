"""Authentication backends that load a signed-in member with what most pages ask
about them, in one query (``members.querysets.member_with_standing``)."""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend

from .querysets import member_with_standing


class LoadsStanding:
    def get_user(self, user_id):
        user = member_with_standing(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class MemberModelBackend(LoadsStanding, ModelBackend):
    pass


class MemberAuthenticationBackend(LoadsStanding, AuthenticationBackend):
    pass
