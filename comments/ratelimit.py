"""Fixed-window counters in the cache framework, shared by every app server."""

from django.core.cache import cache


def over_limit(key: str, *, limit: int, period: int) -> bool:
    """Count one attempt under ``key``; True when the window already holds ``limit``.

    The window opens with the first attempt and lasts ``period`` seconds. Refused
    attempts are counted too, so hammering does not reopen the door.
    """
    cache.add(key, 0, timeout=period)
    try:
        count = cache.incr(key)
    except ValueError:  # the window expired between add() and incr()
        cache.set(key, 1, timeout=period)
        count = 1
    return count > limit
