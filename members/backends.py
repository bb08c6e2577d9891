"""Authentication backends that load a signed-in member with what most pages ask
about them: whether they moderate (the menu) and whether their e-mail address is
verified (``members.access.can_participate``), answered with the user's own row
instead of a query each.

Every signed-in request runs this query, so it is written out once as SQL: built
with the ORM's subqueries, compiling it cost more than the rest of a simple page.
"""

from functools import cache

from allauth.account.auth_backends import AuthenticationBackend
from allauth.account.models import EmailAddress
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group

from .models import MODERATORS_GROUP, User


@cache
def _standing_sql() -> str:
    memberships = User.groups.through._meta
    emails = EmailAddress._meta
    # Table and column names from the models' metadata; values are parameters.
    return f"""
        SELECT u.*,
            u.is_superuser OR EXISTS (
                SELECT 1 FROM {memberships.db_table} m
                JOIN {Group._meta.db_table} g
                    ON g.id = m.{memberships.get_field("group").column}
                WHERE m.{memberships.get_field("user").column} = u.id AND g.name = %s
            ) AS is_moderator,
            EXISTS (
                SELECT 1 FROM {emails.db_table} e
                WHERE e.{emails.get_field("user").column} = u.id AND e.verified
            ) AS _has_verified_email
        FROM {User._meta.db_table} u
        WHERE u.id = %s
    """  # noqa: S608


class LoadsStanding:
    def get_user(self, user_id):
        # is_moderator fills User.is_moderator, a cached property, for this row.
        rows = User._default_manager.raw(_standing_sql(), [MODERATORS_GROUP, user_id])
        user = next(iter(rows), None)
        return user if user is not None and self.user_can_authenticate(user) else None


class MemberModelBackend(LoadsStanding, ModelBackend):
    pass


class MemberAuthenticationBackend(LoadsStanding, AuthenticationBackend):
    pass
