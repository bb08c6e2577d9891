import pytest

from tests import factories


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """The test database, dropped at the end once the site search's threads have
    closed their connections to it (``core.searchthreads``)."""
    yield
    from core.searchthreads import close_connections

    close_connections()


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
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


def after_commit(callbacks) -> list:
    """The on-commit callbacks a test is about: the cache's second version bump
    after each write (see core.pagecache) and journal note (core.journal) left
    out."""
    from core.journal import _append
    from core.pagecache import renew_version

    return [
        c for c in callbacks if getattr(c, "func", None) not in (renew_version, _append)
    ]
