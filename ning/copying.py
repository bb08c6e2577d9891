"""Rows written with PostgreSQL's COPY, for the importer's largest tables (comments
and their records): it skips building an INSERT per batch, which costs more than
the database's own work at hundreds of thousands of rows. The rows get their ids
from the table's sequence first, so the caller knows them, as with bulk_create."""

from django.db import connection


def next_ids(model, count: int) -> list[int]:
    """``count`` fresh primary keys of ``model``'s table."""
    if not count:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
            "FROM generate_series(1, %s)",
            [table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def copy_rows(model, columns: list[str], rows: list[tuple]) -> None:
    """Write ``rows`` (values in the order of ``columns``) into ``model``'s table;
    its triggers run as for an INSERT."""
    if not rows:
        return
    names = ", ".join(connection.ops.quote_name(name) for name in columns)
    table = connection.ops.quote_name(model._meta.db_table)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
