"""The read replica: reads that may lag go there, everything else to the primary.

Only reads inside a request that ``core.middleware.ReplicaPinMiddleware`` marked as
allowed (a GET from a member who wrote nothing recently) use the replica. Writes,
reads after the request's own write, every other request, management commands and
the task worker all use the primary, so nobody reads older data than they wrote.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections

PRIMARY = "default"
REPLICA = "replica"

# Per request (and per thread: each WSGI worker thread has its own context).
_replica_allowed: ContextVar[bool] = ContextVar("replica_allowed", default=False)
_wrote: ContextVar[bool] = ContextVar("wrote", default=False)


@contextmanager
def replica_reads(*, allowed: bool) -> Iterator[None]:
    """Within the block, reads may use the replica when ``allowed``, until a write."""
    allowed_token = _replica_allowed.set(allowed)
    wrote_token = _wrote.set(False)
    try:
        yield
    finally:
        _replica_allowed.reset(allowed_token)
        _wrote.reset(wrote_token)


def wrote() -> bool:
    """Whether the current block wrote to the primary."""
    return _wrote.get()


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if _replica_allowed.get() and REPLICA in connections.settings:
            return REPLICA
        return PRIMARY

    def db_for_write(self, model, **hints):
        # What this request reads from now on must include what it just wrote.
        _replica_allowed.set(False)
        _wrote.set(True)
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same data.
        if {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica follows the primary through PostgreSQL replication.
        return db == PRIMARY
