"""View counts: a reader's first view of a story or post in a browser session
counts once, exactly, without making the page wait on its row.

Which items a reader has seen this session lives in a cookie that ends with the
browser session, so a signed-out reader needs no session on the server, and
counting costs no session write.

The counts themselves go one of two ways:

- Without Redis, the view is an atomic ``F()`` increment of the item's row, last in
  the request's transaction: if the request fails, it did not count.
- With Redis (``VIEW_COUNTS_REDIS_URL``, by default ``REDIS_URL``), once the request
  has committed, the view is added to a Redis hash, and every
  ``VIEW_COUNTS_FLUSH_SECONDS`` one request of the site moves what gathered into the
  rows, with one ``UPDATE`` per model. New visitors of a popular story then no
  longer queue on its row, and a row takes one write per interval however many read
  it. A stored count trails by about that interval while the site is read (the
  first view after it flushes); ``manage.py flush_view_counts`` moves the rest at
  once. A flush that cannot write leaves the counts in Redis for the next one; a
  view that cannot reach Redis is counted in the database instead. Each batch is
  written once: its id is recorded with its counts, so a flush cut short after
  its commit (a killed process) leaves nothing for the next one to write again.
"""

import logging
import re
import time
import uuid
from collections import defaultdict
from functools import cache

import redis
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, transaction
from redis.backoff import NoBackoff
from redis.retry import Retry

from . import services

logger = logging.getLogger(__name__)

PENDING_KEY = "kshub:views:pending"
FLUSH_DUE_KEY = "kshub:views:flush-due"
FLUSH_LOCK_KEY = "kshub:views:flushing"
# The counts a flush is writing; left there by a flush cut short, for the next one.
BATCH_KEY = "kshub:views:batch"
# A field of the batch beside its tokens (which are "<digits>:<digits>").
BATCH_ID_FIELD = "id"
# The items a reader's cookie remembers: older ones may count again.
REMEMBERED = 50
_SEPARATOR = "."
_TOKENS = re.compile(r"\d+:\d+")


def _token(obj) -> str:
    """``<content type id>:<pk>``: short, as the cookie travels with every request."""
    return f"{ContentType.objects.get_for_model(obj).pk}:{obj.pk}"


def _seen(request) -> list[str]:
    # Only well-formed tokens: the cookie is the reader's to change.
    return _TOKENS.findall(request.COOKIES.get(settings.VIEW_COUNTS_COOKIE_NAME, ""))


def will_count_view(request, obj) -> bool:
    """Whether :func:`count_view` would count this reader's view of ``obj``."""
    return _token(obj) not in _seen(request)


def count_view(request, response, obj) -> bool:
    """Count this reader's first view of ``obj`` in their browser session and
    remember it in ``response``. Call it last in the view, once the page is made."""
    token = _token(obj)
    seen = _seen(request)
    if token in seen:
        return False
    buffer = _buffer()
    if buffer is None:
        services.add_views(type(obj), {obj.pk: 1})
    else:
        transaction.on_commit(lambda: buffer.add(token))
    response.set_cookie(
        settings.VIEW_COUNTS_COOKIE_NAME,
        _SEPARATOR.join([*seen, token][-REMEMBERED:]),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return True


def flush_view_counts() -> int:
    """Move the views gathered in Redis into the rows now; how many were moved."""
    buffer = _buffer()
    return buffer.flush(wait=True) if buffer is not None else 0


class RedisViewBuffer:
    def __init__(self, client, interval: int):
        self.client = client
        self.interval = interval

    def add(self, token: str) -> None:
        pipe = self.client.pipeline(transaction=False)
        pipe.hincrby(PENDING_KEY, token, 1)
        pipe.set(FLUSH_DUE_KEY, 1, nx=True, ex=self.interval)
        try:
            _, flush_due = pipe.execute()
        except redis.RedisError:
            logger.warning("Redis unavailable: a view counted in the database")
            services.add_views(*_counts_by_model({token: 1}).popitem())
            return
        if flush_due:
            try:
                self.flush()
            except (redis.RedisError, DatabaseError):
                logger.exception("View counts not flushed; they wait for the next")

    def flush(self, *, wait: bool = False) -> int:
        """Write the pending counts; how many views were written. One flush at a
        time, so none is written twice; without ``wait``, none when another is on."""
        holder = uuid.uuid4().hex
        while not self.client.set(FLUSH_LOCK_KEY, holder, nx=True, ex=60):
            if not wait:
                return 0
            time.sleep(0.05)
        try:
            return self._flush()
        finally:
            if self.client.get(FLUSH_LOCK_KEY) == holder.encode():
                self.client.delete(FLUSH_LOCK_KEY)

    def _flush(self) -> int:
        # The batch is set aside first, so views added meanwhile wait in a new
        # pending hash, and it is dropped only once its counts are committed.
        if not self.client.exists(BATCH_KEY):
            try:
                self.client.rename(PENDING_KEY, BATCH_KEY)
            except redis.ResponseError:  # nothing pending
                return 0
        # The batch's id goes in the batch itself, so it cannot outlive it.
        self.client.hsetnx(BATCH_KEY, BATCH_ID_FIELD, uuid.uuid4().hex)
        batch = {
            field.decode(): value.decode()
            for field, value in self.client.hgetall(BATCH_KEY).items()
        }
        batch_id = batch.pop(BATCH_ID_FIELD)
        counts = {token: int(n) for token, n in batch.items()}
        written = services.write_view_batch(batch_id, _counts_by_model(counts))
        self.client.delete(BATCH_KEY)
        return sum(counts.values()) if written else 0


def _counts_by_model(counts: dict[str, int]) -> dict:
    by_model = defaultdict(dict)
    for token, n in counts.items():
        content_type_id, pk = token.split(":")
        model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        by_model[model][int(pk)] = n
    return by_model


def _buffer() -> RedisViewBuffer | None:
    url = settings.VIEW_COUNTS_REDIS_URL
    return _buffer_at(url, settings.VIEW_COUNTS_FLUSH_SECONDS) if url else None


@cache
def _buffer_at(url: str, interval: int) -> RedisViewBuffer:
    # A Redis that does not answer costs a reader one short wait, not retries.
    client = redis.Redis.from_url(
        url, socket_connect_timeout=1, socket_timeout=1, retry=Retry(NoBackoff(), 0)
    )
    return RedisViewBuffer(client, interval)
