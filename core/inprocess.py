"""Small values kept in a worker's memory alone, under the content versions they
were read at (``core.pagecache``): what a page reads on every request and
computes quickly, where a round trip to the shared cache would cost more than
the computing. Under versioned keys nothing here is ever stale, only unused."""

import threading
from collections.abc import Callable

from core.pagecache import EVERYTHING, content_version

_remembered: dict = {}
REMEMBERED_ENTRIES = 4096
_NOTHING = object()


def remembered(name: str, parts, compute: Callable, *, scopes=EVERYTHING):
    """``compute()``, kept in this worker until the content of ``scopes``
    changes (None is kept too). Not to be changed by the caller."""
    key = (name, content_version(scopes), *parts)
    value = _remembered.get(key, _NOTHING)
    if value is _NOTHING:
        if len(_remembered) >= REMEMBERED_ENTRIES:
            _remembered.clear()
        value = _remembered[key] = compute()
    return value


_latest: dict = {}
_latest_lock = threading.Lock()


def latest(name: str, make: Callable, *, scopes=EVERYTHING) -> tuple:
    """(version, value): ``make(the value kept before, or None)`` for the current
    content version of ``scopes``, one per name kept in this worker: a large
    value (an index) every request reads, made by one thread when the version
    changed, from the one before where it can be brought up to date."""
    version = content_version(scopes)
    kept = _latest.get(name)
    if kept is None or kept[0] != version:
        with _latest_lock:
            kept = _latest.get(name)
            if kept is None or kept[0] != version:
                kept = _latest[name] = (version, make(kept and kept[1]))
    return kept
