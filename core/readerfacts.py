"""What a page asks about its signed-in reader and the item it shows, kept by an
app above the page's own (whether they follow it, in notifications).

Each such app registers the SQL that answers it for a member and an item; a page
selects them all in a query it makes anyway (``selected``), or in one of their own
(``read``), and hands the answers to its template (``CONTEXT_NAME``), where the
tag that would have asked reads them (``known``): one query for all, where each
asked apart was a query more.
"""

from collections.abc import Callable

from django.db import connection

CONTEXT_NAME = "reader_facts"

# name -> (member id, item) -> an SQL expression and its parameters
_FACTS: dict[str, Callable[[int, object], tuple[str, list]]] = {}


def register(name: str, sql: Callable[[int, object], tuple[str, list]]) -> None:
    _FACTS[name] = sql


def selected(member_id: int, item) -> tuple[list[str], list]:
    """Each fact as ``(<expression>) AS <name>`` for a SELECT list, and the
    parameters of them all in order."""
    columns, params = [], []
    for name, sql in _FACTS.items():
        expression, values = sql(member_id, item)
        columns.append(f"({expression}) AS {connection.ops.quote_name(name)}")
        params += values
    return columns, params


def read(member_id: int, item) -> dict:
    """Every fact for the member and ``item``, as :func:`answers`, in one query
    of their own, for a page that makes none of its own."""
    columns, params = selected(member_id, item)
    if not columns:
        return answers(item, [])
    # The expressions the apps registered; values are parameters.
    sql = f"SELECT {', '.join(columns)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return answers(item, list(cursor.fetchone()))


def answers(item, values: list) -> dict:
    """What a page puts in its context under ``CONTEXT_NAME``: the ``values``
    its query read for the columns of ``selected``, in order."""
    return {"item": _identity(item), **dict(zip(_FACTS, values, strict=True))}


def known(context, name: str, item):
    """The answer a page read for ``item``, or None when it read none."""
    facts = context.get(CONTEXT_NAME)
    if not facts or facts["item"] != _identity(item) or name not in facts:
        return None
    return facts[name]


def _identity(item) -> tuple[str, int]:
    return (item._meta.label_lower, item.pk)
