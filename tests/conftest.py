import pytest

from tests import factories


@pytest.fixture
def member(db):
    return factories.MemberFactory()


@pytest.fixture
def unverified_member(db):
    return factories.UserFactory()


@pytest.fixture
def moderator(db):
    return factories.ModeratorFactory()


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: pages and counts cached by one test
    never leak into the next (the database is rolled back, the cache is not)."""
    from django.core.cache import cache

    cache.clear()
