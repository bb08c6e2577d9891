"""Journals of what changed, in the shared cache: a worker keeping something
built from many rows (the case list's facet index) reads which of them changed
since it built it, rather than building it again.

A note is written at the write and again when its transaction commits, each
before the content version's bump of the same moment (``core.pagecache``): a
caller notes before it bumps, so a worker that sees the new version finds the
note. A note is a list of
ids, or ``ALL`` when what changed may touch any row (a renamed label). A note
lives a day; a reader that finds one missing builds again. A leaf module."""

import secrets
from functools import partial

from django.core.cache import cache
from django.db import transaction

from core.cache import on_recovery

ALL = "*"
# The published stories as the case list's facet index holds them: a story's
# values (status, countries, year...), dimensions, partners, themes, and labels.
STORIES = "stories"
NOTE_TIMEOUT = 24 * 60 * 60


def _key(name: str, seq: int | None = None) -> str:
    return f"kshub:journal:{name}" + ("" if seq is None else f":{seq}")


def record(name: str, changed) -> None:
    """Note ``changed`` (ids, or ``ALL``) in journal ``name`` now and again once
    the current transaction commits: a reader that read the rows between the two
    read them as they were, and reads them again at the second note."""
    _append(name, changed)
    transaction.on_commit(partial(_append, name, changed))


def _append(name: str, changed) -> None:
    cache.add(_key(name), 0, timeout=None)
    try:
        seq = cache.incr(_key(name))
    except ValueError:  # the cache lost the key between the two calls
        seq = 1
        cache.set(_key(name), seq, timeout=None)
    note = ALL if changed == ALL else sorted(changed)
    cache.set(_key(name, seq), note, timeout=NOTE_TIMEOUT)


# After a Redis outage, what was noted meanwhile reached only its own worker.
on_recovery(partial(_append, STORIES, ALL))


def head(name: str) -> tuple[str, int]:
    """The journal's epoch and the number of its last note (0: none yet). The
    epoch changes when the cache lost the journal (a flushed or new Redis): the
    notes then start again, and no note counted before means the same."""
    epoch_key = f"{_key(name)}:epoch"
    epoch = cache.get(epoch_key)
    if epoch is None:
        cache.add(epoch_key, secrets.token_hex(8), timeout=None)
        epoch = cache.get(epoch_key)
    return epoch, cache.get(_key(name)) or 0


def changed_since(name: str, after: int, upto: int):
    """The ids noted after note ``after`` up to note ``upto``, or ``ALL`` when
    one of those notes says so or is missing."""
    keys = [_key(name, seq) for seq in range(after + 1, upto + 1)]
    notes = cache.get_many(keys)
    if len(notes) < len(keys) or ALL in notes.values():
        return ALL
    return {pk for note in notes.values() for pk in note}
