"""The cached-db sessions read with the content versions (core.sessions): one
round trip to the cache for both, the member signed in as before."""

import pytest
from django.core.cache import cache

from core.pagecache import CONTENT, DISCUSSION, _version_key

pytestmark = pytest.mark.django_db
VERSIONS = {_version_key(CONTENT), _version_key(DISCUSSION)}


@pytest.fixture
def reads(monkeypatch):
    """The keys of each read of the cache (the memory cache reads many keys
    one by one: those are one read)."""
    made, inside = [], []
    get, get_many = cache.get, cache.get_many

    def one(key, *args, **kwargs):
        if not inside:
            made.append({key})
        return get(key, *args, **kwargs)

    def many(keys, *args, **kwargs):
        made.append(set(keys))
        inside.append(True)
        try:
            return get_many(keys, *args, **kwargs)
        finally:
            inside.pop()

    monkeypatch.setattr(cache, "get", one)
    monkeypatch.setattr(cache, "get_many", many)
    return made


@pytest.fixture
def signed_in(settings, client, member):
    settings.SESSION_ENGINE = "core.sessions"
    client.force_login(member)
    client.get("/cases/")  # the content versions exist
    return client


def test_the_session_and_the_versions_come_in_one_read(signed_in, reads):
    response = signed_in.get("/cases/")
    assert "Sign out" in response.text
    session = {key for key in reads[0] if key.startswith("django.contrib.sessions")}
    assert reads[0] == {*session, *VERSIONS}
    assert not any(VERSIONS & keys for keys in reads[1:])


def test_a_session_the_cache_lost_is_read_from_the_database(signed_in, settings):
    session = signed_in.cookies[settings.SESSION_COOKIE_NAME].value
    assert cache.delete(f"django.contrib.sessions.cached_db{session}")
    assert "Sign out" in signed_in.get("/cases/").text


def test_a_database_session_reads_as_the_orm_reads_it(client, member, settings):
    from datetime import timedelta

    from django.contrib.sessions.backends.db import SessionStore as Djangos
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from core.dbsessions import SessionStore

    assert settings.SESSION_ENGINE == "core.dbsessions"
    client.force_login(member)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    ours, theirs = SessionStore(key), Djangos(key)
    row, expected = ours._get_session_from_db(), theirs._get_session_from_db()
    assert (row.session_key, row.session_data, row.expire_date) == (
        expected.session_key,
        expected.session_data,
        expected.expire_date,
    )
    assert ours.load() == theirs.load() != {}
    assert "Sign out" in client.get("/discussions/").text
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - timedelta(1))
    expired = SessionStore(key)
    assert expired.load() == {}
    assert expired.session_key is None
    assert SessionStore("no-such-session-key-0123456789").load() == {}
    assert "Sign out" not in client.get("/discussions/").text
