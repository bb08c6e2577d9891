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


def copy_objects(model, objects: list) -> None:
    """Save new ``objects`` of ``model`` as ``bulk_create`` would (no ``save()``, no
    signals), through COPY; each gets its primary key. For the import's largest
    models, where building the INSERT costs more than the database's work."""
    if not objects:
        return
    fields = model._meta.concrete_fields
    for obj, pk in zip(objects, next_ids(model, len(objects)), strict=True):
        obj.pk = pk
    rows = []
    for obj in objects:
        values = tuple(
            field.get_db_prep_save(field.pre_save(obj, add=True), connection)
            for field in fields
        )
        if any(hasattr(value, "resolve_expression") for value in values):
            raise TypeError(f"{model.__name__}: a value COPY cannot write")
        rows.append(values)
    copy_rows(model, [field.column for field in fields], rows)
    for obj in objects:
        obj._state.adding, obj._state.db = False, connection.alias
