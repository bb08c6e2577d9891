"""The site search's SQL time for one query, kind by kind: every query the search
runs, explained with ANALYZE as it was sent (a prepared statement's EXECUTE, by the
plan the server keeps for it), planning and execution, the median of a few runs
(the first, which warms the caches, left out). ``run_bench`` prints it
for a word in a tenth of the stories; it measures, it asserts nothing.

Alone, against a database holding the generated data::

    DJANGO_SETTINGS_MODULE=tests.bench.settings python tests/bench/search_sql.py digital
"""

from __future__ import annotations

import json
import os
import statistics
import sys
from pathlib import Path

REPEATS = 5


def _searched_table(sql: str) -> str:
    from core.prepared import statement_of

    head = statement_of(sql).split(" WHERE ", 1)[0]
    return head.rsplit(' FROM "', 1)[-1].split('"', 1)[0] if ' FROM "' in head else "?"


def _explained_ms(sql: str) -> float:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return plan[0]["Planning Time"] + plan[0]["Execution Time"]


def search_sql_times(q: str, repeats: int = REPEATS) -> list[tuple[str, float]]:
    """(table searched, median ms) of each query ``search_everything(q)`` runs."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from core.prepared import statement_of
    from kshub.search import search_everything

    # In a transaction of its own, every kind is searched on this connection,
    # whose queries are captured (``core.searchthreads``); and as a server that
    # has run them, which plans a prepared statement's first five runs for their
    # texts, then may keep one plan (``core.prepared``).
    with transaction.atomic():
        for _ in range(5):
            search_everything(q)
        with CaptureQueriesContext(connection) as captured:
            search_everything(q)
    selects = [
        query["sql"]
        for query in captured.captured_queries
        if statement_of(query["sql"]).startswith("SELECT")
    ]
    times = []
    for sql in selects:
        _explained_ms(sql)
        runs = [_explained_ms(sql) for _ in range(repeats)]
        times.append((_searched_table(sql), statistics.median(runs)))
    return times


def report(q: str, share: str) -> list[str]:
    times = search_sql_times(q)
    total = sum(ms for _table, ms in times)
    parts = ", ".join(f"{table} {ms:.1f}" for table, ms in times if ms >= 0.5)
    return [
        f"Search SQL for '{q}' ({share} of the stories), every kind: "
        f"{total:.1f} ms over {len(times)} queries (EXPLAIN ANALYZE, planning and "
        f"execution, median of {REPEATS}); those of 0.5 ms or more: {parts}.",
        "",
    ]


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.bench.settings")
    import django

    django.setup()
    for line in report(sys.argv[1] if len(sys.argv) > 1 else "digital", "?"):
        print(line)  # noqa: T201 — the report
