"""A signed-in member is loaded with their moderator flag, in one query."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from members.access import can_participate
from members.backends import MemberModelBackend
from members.models import MODERATORS_GROUP, User
from members.querysets import _standing_sql, member_with_standing
from tests.factories import (
    InstitutionEditorFactory,
    InstitutionFactory,
    MemberFactory,
    ModeratorFactory,
    ScopedModeratorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _moderation_link(client) -> bool:
    return reverse("moderation:desk") in client.get(reverse("about")).text


def test_the_menu_shows_moderation_to_moderators_only(client):
    client.force_login(MemberFactory())
    assert not _moderation_link(client)
    client.force_login(ModeratorFactory())
    assert _moderation_link(client)


def test_a_member_made_moderator_or_not_sees_it_on_the_next_page(client):
    member = MemberFactory()
    client.force_login(member)
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    member.groups.add(group)
    assert _moderation_link(client)
    member.groups.remove(group)
    assert not _moderation_link(client)


def test_a_page_asks_nothing_more_about_the_member_than_their_row(
    client, django_assert_num_queries
):
    client.force_login(MemberFactory())
    client.get(reverse("about"))
    # The session (in the database here) and the member, with the moderator flag.
    with django_assert_num_queries(2):
        client.get(reverse("about"))


def test_the_member_comes_with_their_standing(django_assert_num_queries):
    backend = MemberModelBackend()
    verified, unverified = MemberFactory(), UserFactory()
    with django_assert_num_queries(2):
        loaded = [backend.get_user(verified.pk), backend.get_user(unverified.pk)]
        assert [can_participate(user) for user in loaded] == [True, False]
        assert [user.is_moderator for user in loaded] == [False, False]
    assert backend.get_user(unverified.pk + 1000) is None


@pytest.mark.parametrize("verified", [True, False])
def test_the_member_comes_with_their_institution_once_verified(
    verified, django_assert_num_queries
):
    member = MemberFactory()
    institution = InstitutionFactory(verified=verified)
    member.profile.institution = institution
    member.profile.save(update_fields=["institution"])
    expected = institution.pk if verified else None
    with django_assert_num_queries(1):
        loaded = MemberModelBackend().get_user(member.pk)
        assert loaded.verified_institution_id == expected
    # A member loaded otherwise reads it apart, the same.
    assert type(member).objects.get(pk=member.pk).verified_institution_id == expected


@pytest.mark.parametrize(
    "make",
    [
        UserFactory,
        MemberFactory,
        ModeratorFactory,
        ScopedModeratorFactory,
        lambda: InstitutionEditorFactory(
            profile__institution=InstitutionFactory(verified=True)
        ),
    ],
)
def test_a_member_is_loaded_as_a_raw_query_of_the_same_sql_loads_them(make):
    user = make()
    loaded = member_with_standing(user.pk)
    (expected,) = User.objects.raw(_standing_sql(), [MODERATORS_GROUP, user.pk])
    assert loaded._state.db == expected._state.db
    assert not loaded._state.adding
    for field in User._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(expected, field.attname)
    for name in (
        "is_moderator",
        "_has_verified_email",
        "_scope_labels",
        "_edited_institution_id",
        "_verified_institution_id",
    ):
        assert loaded.__dict__[name] == expected.__dict__[name]
    assert member_with_standing(-1) is None
