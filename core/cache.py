"""Django's Redis cache, with one client per connection pool.

The stock client builds a new ``redis.Redis`` object for every cache call, and
each one sets up a table of about two hundred response callbacks: a signed-in
page makes a handful of cache calls, so that setup was a visible share of its
CPU time. A client is safe to share between threads (it takes a connection from
its pool per command), so one per pool is kept.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


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
