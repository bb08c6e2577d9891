"""The kinds of the largest tables searched beside the others.

A new search asks every kind in turn, and most of its time is spent waiting on
PostgreSQL: the stories' and the comments' statements each may take as long as
all the other kinds' together (a broad word widened with its synonyms in three
languages, over 100 000 stories and a million comments). Those kinds
(``Kind.beside``) are searched on threads of their own, each on its own
connection, while the request's thread asks the rest: a search takes about as
long as its longest part, not their sum, and the server's other cores do the work.

Inside a transaction that a caller opened (a test's, around its rows), every kind
is asked in turn on its connection: another would not see what it has written.
The transaction each request runs in (``core.outage``) is not such: the search
writes nothing a kind reads before it searches (its log of queries only).
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from functools import cache

from django.db import InterfaceError, OperationalError, connection, connections
from django.utils import translation

from .outage import only_the_requests_transaction
from .sitesearch import KINDS, Result


def _thread_count() -> int:
    """One thread (and one connection to PostgreSQL) for each kind searched
    beside the others, in each application process."""
    return sum(kind.beside for kind in KINDS.values()) or 1


@cache
def _threads() -> ThreadPoolExecutor:
    """Started when first asked: after the kinds are registered, in the process
    that searches."""
    return ThreadPoolExecutor(_thread_count(), thread_name_prefix="search-beside")


Found = dict[str, tuple[list[Result], int]]


def search_kinds(q: str, limits: dict[str, int]) -> Found:
    """Each of the kinds named in ``limits``: its best results for ``q`` (as
    many as its limit) and how many matched."""
    if not only_the_requests_transaction(connection):
        return {name: KINDS[name].search(q, limit) for name, limit in limits.items()}
    language = translation.get_language()
    beside = {
        name: _threads().submit(_search_beside, name, q, limit, language)
        for name, limit in limits.items()
        if KINDS[name].beside
    }
    found = {
        name: KINDS[name].search(q, limit)
        for name, limit in limits.items()
        if name not in beside
    }
    found |= {name: future.result() for name, future in beside.items()}
    return {name: found[name] for name in limits}


def _search_beside(name: str, q: str, limit: int, language: str):
    try:
        with translation.override(language):
            try:
                return KINDS[name].search(q, limit)
            except (InterfaceError, OperationalError):
                # The connection may have been lost since its last search (the
                # server restarted): a read is tried once more on a new one, as a
                # request's thread checks its connection before it reads.
                connection.close()
                return KINDS[name].search(q, limit)
    finally:
        _close_if_done()


def _close_if_done() -> None:
    """Close this thread's connection after an error (it may be broken) or past
    its age (CONN_MAX_AGE), as Django does for a request's: the next search
    opens another. A request's thread checks whether its connection still
    answers at every request; these spare that question."""
    close_at = connection.close_at
    if connection.errors_occurred or (close_at and time.monotonic() >= close_at):
        connection.close()


def close_connections() -> None:
    """Close every thread's connection to the database and stop the threads
    (the next search starts others): a database is dropped only once no
    connection to it is left, as a test run's is at its end."""
    if not _threads.cache_info().currsize:
        return
    threads, count = _threads(), _thread_count()
    # Each task waits for the others: every thread takes one.
    all_there = threading.Barrier(count)
    for done in [
        threads.submit(_close_when_all_there, all_there) for _ in range(count)
    ]:
        done.result()
    threads.shutdown()
    _threads.cache_clear()


def _close_when_all_there(all_there: threading.Barrier) -> None:
    all_there.wait()
    connections.close_all()
