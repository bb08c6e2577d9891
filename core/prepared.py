"""Querysets compiled to SQL once and run many times, each time with another text.

Building a queryset of full-text expressions and compiling it to SQL costs Django
milliseconds (most of a new site search's CPU time went to its twelve kinds'
queries), while the SQL of one search differs from the next only in the query
text, which is a parameter. A :class:`Prepared` builds its queryset once with a
stand-in for the text and keeps its SQL with every value in it, as the database
receives it (psycopg binds values on the client side: it writes each one into the
SQL, quoted). Each run writes the text, quoted the same way, where the stand-in
was, and reads the rows as the queryset would (model instances,
``select_related``, annotations, ``prefetch_related``): no queryset built, no SQL
compiled, and no long SQL parsed for its placeholders (psycopg keeps the parse of
short statements only).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections
from django.db.models import QuerySet
from django.db.models.sql.compiler import SQLCompiler
from django.db.models.sql.query import Query
from psycopg.sql import Literal

# Two, to tell the places of the text from parameters that only look alike.
STAND_INS = ("\x01prepared text one\x01", "\x01prepared text two\x01")


def _stand_ins(slot: int) -> tuple[str, str]:
    """The two stand-ins of the ``slot``-th text (the first: STAND_INS)."""
    if not slot:
        return STAND_INS
    return tuple(f"{stand_in[:-1]} {slot + 1}\x01" for stand_in in STAND_INS)


class NotPreparable(Exception):
    """The text reaches the SQL otherwise than as a parameter of its own (changed,
    or in the SQL itself), or another parameter changes from one build to the next
    (the time of day): such SQL cannot be reused."""


@dataclass(frozen=True)
class _Compiled:
    sql: str  # every value written in, each text as its quoted stand-in
    stand_ins: tuple[str, ...]  # quoted, one per text
    # What the compiler works out as it compiles, and reading the rows needs.
    layout: tuple


class _CompiledQuery(Query):
    """A query whose SQL is known: compiling it only hands that SQL over."""

    compiled: _Compiled
    text_sql: str

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        if using:
            connection = connections[using]
        return _KnownSQL(self, connection, using, elide_empty)


class _KnownSQL(SQLCompiler):
    def as_sql(self, with_limits=True, with_col_aliases=False):
        (
            self.select,
            self.klass_info,
            self.annotation_col_map,
            self.col_count,
            self.has_extra_select,
        ) = self.query.compiled.layout
        # No parameters: the values are in the SQL, so a "%" in the text is text.
        return self.query.text_sql, None


def _compile(queryset: QuerySet) -> tuple[str, tuple, tuple]:
    compiler = queryset.query.get_compiler(using=queryset.db)
    sql, params = compiler.as_sql()
    layout = (
        compiler.select,
        compiler.klass_info,
        compiler.annotation_col_map,
        compiler.col_count,
        compiler.has_extra_select,
    )
    return sql, tuple(params), layout


def _with_values(queryset: QuerySet, sql: str, params) -> str:
    """``sql`` with ``params`` written in, as psycopg sends it."""
    return connections[queryset.db].ops.compose_sql(sql, params)


def _literal(queryset: QuerySet, text: str) -> str:
    """``text`` quoted as psycopg writes a value into SQL."""
    connection = connections[queryset.db]
    connection.ensure_connection()
    return Literal(text).as_string(connection.connection)


class Prepared:
    """``build(text, *fixed)``'s queryset, compiled once per value of ``fixed``
    (values that change the SQL itself, such as a limit) and run with each
    ``text``: ``Prepared(build)(text, *fixed)`` is ``list(build(text, *fixed))``.
    With ``texts=2``, ``build(text, other_text, *fixed)``: both are written in.
    One database: the SQL is compiled for the first connection that asks."""

    def __init__(self, build: Callable[..., QuerySet], *, texts: int = 1):
        self.build = build
        self.texts = texts
        self._compiled: dict[tuple, QuerySet] = {}

    def __call__(self, *args) -> list:
        texts, fixed = args[: self.texts], args[self.texts :]
        if fixed not in self._compiled:
            self._compiled[fixed] = self._compile(fixed)
        queryset = self._compiled[fixed].all()
        compiled = queryset.query.compiled
        sql = compiled.sql
        # The first text (what a reader typed) last: nothing is looked for in it.
        for stand_in, text in reversed(
            list(zip(compiled.stand_ins, texts, strict=True))
        ):
            sql = sql.replace(stand_in, _literal(queryset, text))
        queryset.query.text_sql = sql
        return list(queryset)

    def _compile(self, fixed: tuple) -> QuerySet:
        """The queryset, its SQL known; checked against a build with other
        stand-ins, which must differ only in the places of the texts."""
        stand_ins = [_stand_ins(slot) for slot in range(self.texts)]
        queryset = self.build(*(pair[0] for pair in stand_ins), *fixed)
        sql, params, layout = _compile(queryset)
        other = self.build(*(pair[1] for pair in stand_ins), *fixed)
        other_sql, other_params, _ = _compile(other)
        seconds = dict(stand_ins)
        expected = tuple(seconds.get(value, value) for value in params)
        with_values = _with_values(queryset, sql, params)
        quoted = tuple(_literal(queryset, first) for first, _ in stand_ins)
        if (
            other_sql != sql
            or other_params != expected
            or any(
                not params.count(first)
                or with_values.count(stand_in) != params.count(first)
                for (first, _), stand_in in zip(stand_ins, quoted, strict=True)
            )
        ):
            raise NotPreparable(self.build)
        template = queryset.all()
        template.query = template.query.chain(klass=_CompiledQuery)
        template.query.compiled = _Compiled(with_values, quoted, layout)
        return template
