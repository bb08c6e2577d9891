"""Django's Redis cache, with one client per connection pool, that outlives Redis.

The stock client builds a new ``redis.Redis`` object for every cache call, and
each one sets up a table of about two hundred response callbacks: a signed-in
page makes a handful of cache calls, so that setup was a visible share of its
CPU time. A client is safe to share between threads (it takes a connection from
its pool per command), so one per pool is kept.

Redis is a cache here, not a single point of failure (``FailSoftRedisCache``):
when it does not answer, each call is served by the worker's own memory instead
(rate-limit counters stay counted per worker, rather than failing open or failing
every request) and, for a few seconds, Redis is not even asked, so an outage costs
one short timeout, not one per call. Content versions are never kept in that
memory: while Redis is away every page is built from the database, and when it
comes back the hooks registered with :func:`on_recovery` run (the page cache
renews its versions, so nothing cached before the outage is served after it).
Sessions live in the database too (the cached-db engine), so nobody is signed out.
"""

import logging
import threading
import time
from collections.abc import Callable

import redis
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)

# How long Redis is left alone after it failed before it is asked again.
RETRY_SECONDS = 2.0
# Keys never kept in a worker's memory: core.pagecache's content versions, which
# every worker must share for a cached page to be right.
SHARED_ONLY_PREFIXES = ("kshub:version:",)
_recovery_hooks: list[Callable[[], None]] = []


def on_recovery(hook: Callable[[], None]) -> None:
    """Run ``hook`` in each worker when Redis answers again after an outage."""
    _recovery_hooks.append(hook)


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ReusedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient


def _shared_only(key) -> bool:
    return str(key).startswith(SHARED_ONLY_PREFIXES)


class FailSoftRedisCache(ReusedClientRedisCache):
    def __init__(self, server, params):
        options = {
            # A Redis that does not answer costs one short wait, without retries.
            "socket_connect_timeout": 0.5,
            "socket_timeout": 0.5,
            "retry": Retry(NoBackoff(), 0),
            **params.get("OPTIONS", {}),
        }
        super().__init__(server, {**params, "OPTIONS": options})
        self._local = LocMemCache(f"fail-soft-{id(self)}", {"OPTIONS": {}})
        self._down_until = 0.0
        self._down = False
        self._lock = threading.Lock()

    @property
    def available(self) -> bool:
        """Whether Redis answered the last call (asks it when it is due)."""
        if self._down and time.monotonic() >= self._down_until:
            self._call("has_key", ("kshub:ping",), {})
        return not self._down

    def _call(self, name: str, args: tuple, kwargs: dict):
        if not self._down or time.monotonic() >= self._down_until:
            try:
                result = getattr(super(), name)(*args, **kwargs)
            except redis.RedisError as error:
                self._went_down(error)
            else:
                if self._down:
                    self._came_back()
                return result
        return self._from_memory(name, args, kwargs)

    def _went_down(self, error) -> None:
        with self._lock:
            if not self._down:
                logger.warning("Redis unavailable, the cache is local: %s", error)
            self._down = True
            self._down_until = time.monotonic() + RETRY_SECONDS

    def _came_back(self) -> None:
        with self._lock:
            if not self._down:
                return
            self._down = False
        logger.warning("Redis answers again")
        self._local.clear()
        for hook in _recovery_hooks:
            try:
                hook()
            except Exception:
                logger.exception("A cache recovery hook failed")

    def _from_memory(self, name: str, args: tuple, kwargs: dict):
        if name in {"get", "add", "set", "touch", "delete", "has_key"} and (
            _shared_only(args[0])
        ):
            if name == "get":
                return args[1] if len(args) > 1 else kwargs.get("default")
            return name == "add"  # add() "succeeds", so the caller keeps its value
        if name == "get_many":
            args = ([key for key in args[0] if not _shared_only(key)], *args[1:])
        if name == "set_many":
            data = {k: v for k, v in args[0].items() if not _shared_only(k)}
            args = (data, *args[1:])
        return getattr(self._local, name)(*args, **kwargs)


def _guarded(name: str):
    def method(self, *args, **kwargs):
        return self._call(name, args, kwargs)

    method.__name__ = name
    return method


for _name in (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
):
    setattr(FailSoftRedisCache, _name, _guarded(_name))
