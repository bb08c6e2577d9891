"""Small values kept in a worker's memory alone, under the content versions they
were read at (``core.pagecache``): what a page reads on every request and
computes quickly, where a round trip to the shared cache would cost more than
the computing. Under versioned keys nothing here is ever stale, only unused."""

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
