"""Django's cached-db sessions, read from the cache in one round trip with the
content versions (``core.pagecache``): a signed-in page reads both, so it makes
one round trip to Redis fewer."""

from django.contrib.sessions.backends import cached_db

from core.dbsessions import ReadsItsRow
from core.pagecache import read_with_versions


class SessionStore(ReadsItsRow, cached_db.SessionStore):
    def load(self):
        try:
            data = read_with_versions(self.cache_key)
        except Exception:
            # As Django's: a key the cache refuses is a session not found there.
            data = None
        # Not in the cache: Django's reading, the database's row by
        # core.dbsessions, then kept in the cache.
        return super().load() if data is None else data
