"""Querysets compiled to SQL once and run many times, each time with another text.

Building a queryset of full-text expressions and compiling it to SQL costs Django
milliseconds (most of a new site search's CPU time went to its twelve kinds'
queries), while the SQL of one search differs from the next only in the query
text, which is a parameter. A :class:`Prepared` builds its queryset once with a
stand-in for the text and keeps its SQL with every other value written in, as
the database receives it (psycopg binds values on the client side: it writes each
one into the SQL, quoted), and each text a parameter of a statement prepared on
the server (``PREPARE``), once per connection: then planning it costs nothing
either, once the server keeps one plan for any text. Each run sends
``EXECUTE name('text')`` and reads the rows as the queryset would (model
instances, ``select_related``, annotations, ``prefetch_related``): no queryset
built, no SQL compiled, parsed or planned again. A value computed from the text
in Python (``derived``, such as the text parsed as a tsquery) is computed again
from each run's text.

A statement lasts as long as its connection: a pooler between the application and
PostgreSQL must give each connection its own session (PgBouncer's session mode).
"""

import hashlib
import re
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import ValuesIterable
from django.db.models.sql.compiler import SQLCompiler
from django.db.models.sql.query import Query
from psycopg.sql import SQL, Identifier, Literal

# Two, to tell the places of the text from parameters that only look alike.
STAND_INS = ("\x01prepared text one\x01", "\x01prepared text two\x01")


def _stand_ins(slot: int) -> tuple[str, str]:
    """The two stand-ins of the ``slot``-th text (the first: STAND_INS)."""
    if not slot:
        return STAND_INS
    return tuple(f"{stand_in[:-1]} {slot + 1}\x01" for stand_in in STAND_INS)


_COMPILING = threading.Lock()
# The functions whose values the SQL of a Prepared may hold in place of its text,
# by name (``derived``).
_DERIVATIONS: dict[str, Callable[[str], str]] = {}


def _derived_stand_in(stand_in: str, name: str) -> str:
    return f"{stand_in[:-1]} of {name}\x01"


def derived(function: Callable[[str], str], text: str) -> str:
    """``function(text)``, for a value that a query holds computed from its text
    (in Python, once per text rather than in every query). While a Prepared
    compiles, ``text`` is a stand-in and so is the value: each run writes in
    ``function`` of the run's text."""
    if not text.startswith(tuple(stand_in[:-1] for stand_in in STAND_INS)):
        return function(text)
    name = f"{function.__module__}.{function.__qualname__}"
    _DERIVATIONS[name] = function
    return _derived_stand_in(text, name)


class NotPreparable(Exception):
    """The text reaches the SQL otherwise than as a parameter of its own (changed,
    or in the SQL itself), or another parameter changes from one build to the next
    (the time of day): such SQL cannot be reused."""


@dataclass(frozen=True)
class _Compiled:
    # The statement's name on the server, and its SQL there: every value written
    # in but the texts, each a parameter ($1, $2…, as ``stand_ins``).
    name: str
    sql: str
    # Each quoted stand-in, with the text it stands for (its slot) and the
    # function of that text written in its place (None: the text itself).
    stand_ins: tuple[tuple[str, int, Callable[[str], str] | None], ...]
    # What the compiler works out as it compiles, and reading the rows needs.
    layout: tuple
    # Of a ``values()`` queryset: each row's names, and each column's converters
    # (``_values``); None for any other.
    values: tuple[list[str], dict] | None = None


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
    return _quoted(queryset.db, text)


@lru_cache(maxsize=512)
def _quoted(alias: str, text: str) -> str:
    """Kept: the kinds of one search write in the same texts (the query parsed in
    each configuration), a dozen times each."""
    connection = connections[alias]
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
            # One thread at a time: a build may register what it derives.
            with _COMPILING:
                self._compiled[fixed] = self._compile(fixed)
        template = self._compiled[fixed]
        compiled = template.query.compiled
        text_sql = _executed(
            template.db,
            compiled,
            [
                function(texts[slot]) if function else texts[slot]
                for _, slot, function in compiled.stand_ins
            ],
        )
        if compiled.values is not None:
            return _read_values(template.db, text_sql, *compiled.values)
        queryset = template.all()
        queryset.query.text_sql = text_sql
        return list(queryset)

    def _compile(self, fixed: tuple) -> QuerySet:
        """The queryset, its SQL known; checked against a build with other
        stand-ins, which must differ only in the places of the texts."""
        stand_ins = [_stand_ins(slot) for slot in range(self.texts)]
        queryset = self.build(*(pair[0] for pair in stand_ins), *fixed)
        sql, params, layout = _compile(queryset)
        other = self.build(*(pair[1] for pair in stand_ins), *fixed)
        other_sql, other_params, _ = _compile(other)
        # Each value that stands for a text or a value derived from it, with the
        # value standing for the same in the other build, and what it stands for.
        seconds, meanings = {}, {}
        for slot, (first, second) in enumerate(stand_ins):
            seconds[first], meanings[first] = second, (slot, None)
            for name, function in _DERIVATIONS.items():
                derived_first = _derived_stand_in(first, name)
                seconds[derived_first] = _derived_stand_in(second, name)
                meanings[derived_first] = (slot, function)
        expected = tuple(seconds.get(value, value) for value in params)
        with_values = _with_values(queryset, sql, params)
        held = list(
            dict.fromkeys(
                value
                for value in params
                if isinstance(value, str) and value in meanings
            )
        )
        quoted = [_literal(queryset, value) for value in held]
        if (
            other_sql != sql
            or other_params != expected
            or {meanings[value][0] for value in held} != set(range(self.texts))
            or any(
                with_values.count(stand_in) != params.count(value)
                for value, stand_in in zip(held, quoted, strict=True)
            )
        ):
            raise NotPreparable(self.build)
        template = queryset.all()
        template.query = template.query.chain(klass=_CompiledQuery)
        template.query.compiled = _Compiled(
            *_on_server(with_values, quoted),
            tuple(
                (stand_in, *meanings[value])
                for value, stand_in in zip(held, quoted, strict=True)
            ),
            layout,
            _values(queryset),
        )
        return template


def _on_server(sql: str, quoted: list[str]) -> tuple[str, str]:
    """The name and SQL of ``sql`` prepared on the server, each of the
    ``quoted`` stand-ins a parameter."""
    numbers = {stand_in: f"${number}" for number, stand_in in enumerate(quoted, 1)}
    pattern = re.compile("|".join(re.escape(stand_in) for stand_in in quoted))
    # In one pass: nothing is looked for in what was written in.
    server_sql = pattern.sub(lambda found: numbers[found.group()], sql)
    digest = hashlib.blake2b(server_sql.encode(), digest_size=12).hexdigest()
    name = f"prepared_{digest}"
    _SERVER_SQL[name] = server_sql
    return name, server_sql


# The SQL of each statement kept on the server, by name.
_SERVER_SQL: dict[str, str] = {}
_EXECUTE = re.compile(r"EXECUTE (prepared_[0-9a-f]+)\(")


def statement_of(sql: str) -> str:
    """What ``sql`` runs: of ``EXECUTE name(…)``, the SQL prepared as ``name``
    (its texts as $1, $2…); any other SQL as it is. For a reader of the queries
    sent, such as a test of their plans."""
    executed = _EXECUTE.match(sql)
    return _SERVER_SQL[executed.group(1)] if executed else sql


def _prepared_on(connection) -> set[str]:
    """The names of the statements prepared on ``connection``'s current
    connection to the server (each thread has its own): a statement lasts as long
    as the connection, whatever becomes of the transaction that prepared it."""
    held = getattr(connection, "_prepared_statements", None)
    if held is None or held[0]() is not connection.connection:
        held = (weakref.ref(connection.connection), set())
        connection._prepared_statements = held
    return held[1]


def _executed(alias: str, compiled: _Compiled, texts: list[str]) -> str:
    """The SQL that runs ``compiled`` with ``texts`` (its parameters, in
    order). Prepared the first time a connection runs it: the server plans its
    first five runs for their texts, then keeps one plan for every text when
    that plan costs no more (it did for most of a site search's statements,
    which spent a fifth of their time being planned)."""
    connection = connections[alias]
    connection.ensure_connection()
    prepared = _prepared_on(connection)
    if compiled.name not in prepared:
        # Like the connection's own settings, not one of the queries a page runs.
        connection.connection.execute(
            SQL("PREPARE {} AS {}").format(Identifier(compiled.name), SQL(compiled.sql))
        )
        prepared.add(compiled.name)
    arguments = ", ".join(_quoted(alias, text) for text in texts)
    return f"EXECUTE {compiled.name}({arguments})"


def _values(queryset: QuerySet) -> tuple[list[str], dict] | None:
    """What ``ValuesIterable`` reads the rows of ``queryset`` with: the names
    of each row's values and the converters of its columns, worked out once."""
    query = queryset.query
    if queryset._iterable_class is not ValuesIterable or query.extra_select:
        return None
    compiler = query.get_compiler(using=queryset.db)
    compiler.setup_query()
    fields = [column[0] for column in compiler.select[: compiler.col_count]]
    if compiler.has_composite_fields(fields):
        return None
    names = (
        list(query.selected)
        if query.selected
        else [
            *query.values_select,
            *query.annotation_select,
        ]
    )
    return names, compiler.get_converters(fields)


def _read_values(alias: str, sql: str, names: list[str], converters: dict) -> list:
    """The rows of ``sql`` as ``values()`` dicts, as ``ValuesIterable`` reads
    them, without a queryset, a compiler and converters made for each run (a
    tenth of a millisecond a query, a dozen queries a search)."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        # No parameters: the values are in the SQL, so a "%" in the text is text.
        cursor.execute(sql)
        rows = cursor.fetchall()
    if converters:
        rows = list(map(list, rows))
        for at, (functions, expression) in converters.items():
            for row in rows:
                for function in functions:
                    row[at] = function(row[at], expression, connection)
    return [dict(zip(names, row, strict=True)) for row in rows]
