"""The read replica: lagging reads there, writes and reads after a write on the
primary, nothing there outside a request."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from core import routers
from core.middleware import PIN_COOKIE
from members.models import Institution
from tests.factories import InstitutionFactory

ROUTER = routers.PrimaryReplicaRouter()


@pytest.fixture
def replica_configured(monkeypatch):
    monkeypatch.setitem(
        connections.settings, "replica", dict(connections["default"].settings_dict)
    )


def test_router_reads_from_the_primary_outside_a_request(replica_configured):
    # Management commands and the task worker must see what was just committed.
    assert ROUTER.db_for_read(Institution) == "default"


def test_router_reads_from_the_replica_when_the_request_allows(replica_configured):
    with routers.replica_reads(allowed=True):
        assert ROUTER.db_for_read(Institution) == "replica"
        assert not routers.wrote()
    assert ROUTER.db_for_read(Institution) == "default"


def test_router_keeps_reads_on_the_primary_after_a_write(replica_configured):
    with routers.replica_reads(allowed=True):
        assert ROUTER.db_for_write(Institution) == "default"
        assert ROUTER.db_for_read(Institution) == "default"
        assert routers.wrote()
    with routers.replica_reads(allowed=True):  # the next request starts afresh
        assert ROUTER.db_for_read(Institution) == "replica"


def test_router_reads_from_the_primary_when_the_request_forbids(replica_configured):
    with routers.replica_reads(allowed=False):
        assert ROUTER.db_for_read(Institution) == "default"


def test_router_reads_from_the_primary_without_a_replica():
    assert "replica" not in connections.settings
    with routers.replica_reads(allowed=True):
        assert ROUTER.db_for_read(Institution) == "default"


def test_router_migrates_the_primary_only():
    assert ROUTER.allow_migrate("default", "members") is True
    assert ROUTER.allow_migrate("replica", "members") is False


def test_router_allows_relations_between_primary_and_replica_objects():
    on_primary, on_replica = Institution(), Institution()
    on_primary._state.db, on_replica._state.db = "default", "replica"
    assert ROUTER.allow_relation(on_primary, on_replica) is True
    on_replica._state.db = "elsewhere"
    assert ROUTER.allow_relation(on_primary, on_replica) is None


@pytest.fixture
def replica_alias(django_db_setup, django_db_blocker, settings):
    """A second alias on the same test database, as TEST MIRROR makes it.

    Both aliases must see committed data, so the test runs outside pytest-django's
    transaction and deletes what it created."""
    settings.DATABASE_ROUTERS = ["core.routers.PrimaryReplicaRouter"]
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[:2],
        "core.middleware.ReplicaPinMiddleware",
        *settings.MIDDLEWARE[2:],
    ]
    settings.REPLICA_PIN_SECONDS = 15
    with django_db_blocker.unblock():
        connections.settings["replica"] = dict(connections["default"].settings_dict)
        existing = set(Institution.objects.values_list("pk", flat=True))
        try:
            yield connections["replica"]
        finally:
            Institution.objects.exclude(pk__in=existing).delete()
            connections["replica"].close()
            del connections["replica"]
            del connections.settings["replica"]


def queries_on(client, method, url, **data):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = getattr(client, method)(url, data)
    assert response.status_code == 200

    def reads(captured) -> int:
        # Connection set-up and transaction statements differ between servers.
        return sum("members_institution" in q["sql"] for q in captured)

    return response, reads(primary), reads(replica)


@pytest.mark.urls("tests.deploy.replica_urls")
def test_replica_serves_reads_until_the_member_writes(client, replica_alias):
    before = Institution.objects.count()
    InstitutionFactory()

    response, primary, replica = queries_on(client, "get", "/read/")
    assert response.json() == {"institutions": before + 1}
    assert (primary, replica) == (0, 1)
    assert PIN_COOKIE not in response.cookies

    response, primary, replica = queries_on(client, "post", "/write/", name="KSP")
    assert response.json() == {"institutions": before + 2}
    assert replica == 0
    assert response.cookies[PIN_COOKIE]["max-age"] == 15
    assert response.cookies[PIN_COOKIE]["httponly"]

    # The page after the write (same browser, cookie sent) reads the primary.
    response, primary, replica = queries_on(client, "get", "/read/")
    assert response.json() == {"institutions": before + 2}
    assert (primary, replica) == (1, 0)

    # Another visitor reads the replica (here the same server, so up to date).
    client.cookies.clear()
    response, primary, replica = queries_on(client, "get", "/read/")
    assert response.json() == {"institutions": before + 2}
    assert (primary, replica) == (0, 1)
