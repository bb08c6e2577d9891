"""The generator's counts and the helpers its steps share."""

# SQL here is composed from constants and model metadata; values go as parameters.

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, fields, replace

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models.fields import NOT_PROVIDED

from .vocabulary import (
    HOT_STORY_COMMENTS,
    PROGRAMME_SESSIONS,
)


@dataclass(frozen=True)
class Counts:
    stories: int = 100_000
    institutions: int = 2_000
    members: int = 20_000
    comments: int = 1_000_000
    events: int = 500
    sessions: int = 10_000

    def scaled(self, factor: float) -> Counts:
        return replace(
            self,
            **{
                f.name: max(1, round(getattr(self, f.name) * factor))
                for f in fields(self)
            },
        )

    def bounded(self) -> Counts:
        """At least what the benchmark pages need: one story with 200 comments and
        one event with a programme of 40 sessions."""
        return replace(
            self,
            stories=max(self.stories, 20),
            institutions=max(self.institutions, 5),
            members=max(self.members, 10),
            comments=max(self.comments, HOT_STORY_COMMENTS),
            events=max(self.events, 1),
            sessions=max(self.sessions, PROGRAMME_SESSIONS),
        )


class BuilderBase:
    """The cursor, the counts and the helpers every step of the generator uses."""

    def __init__(self, cursor, counts: Counts, seed: int, log, timings) -> None:
        self.cursor = cursor
        self.counts = counts
        self.seed = seed
        self.log = log
        self.timings = timings
        self.rng = random.Random(seed)
        self.hot_stories = max(1, counts.stories // 5000)

    # helpers ---------------------------------------------------------------

    def execute(self, sql: str, params=None) -> None:
        self.cursor.execute(sql, params)

    def scalar(self, sql: str, params=None):
        self.cursor.execute(sql, params)
        return self.cursor.fetchone()[0]

    def step(self, name: str, function: Callable[[], None]) -> None:
        start = time.monotonic()
        function()
        self.timings[name] = time.monotonic() - start
        self.log(f"  {name}: {self.timings[name]:.1f} s")

    def insert(self, model, values: dict[str, str], source: str, params=None) -> int:
        """INSERT INTO the model's table the rows of ``SELECT <values> <source>``;
        a column not given gets its field's default, so new fields with defaults
        need no change here."""
        params = dict(params or {})
        columns, expressions = [], []
        for field in model._meta.concrete_fields:
            column = field.column
            if column in values:
                columns.append(column)
                expressions.append(values[column])
                continue
            if field.primary_key or field.db_default is not NOT_PROVIDED:
                continue
            if field.generated:  # kept by PostgreSQL
                continue
            if getattr(field, "auto_now", False) or getattr(
                field, "auto_now_add", False
            ):
                expression = "now()"
            elif field.has_default() or not field.null:
                name = f"default_{column}"
                params[name] = field.get_db_prep_save(field.get_default(), connection)
                expression = f"%({name})s::{field.db_type(connection)}"
            else:
                continue
            columns.append(column)
            expressions.append(expression)
        table = model._meta.db_table
        quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
        self.execute(
            f"INSERT INTO {table} ({quoted}) SELECT {', '.join(expressions)} {source}",
            params,
        )
        return self.cursor.rowcount

    def index_temp(self, table: str, key: str) -> None:
        """A primary key and statistics, so the planner joins temporary tables
        with hashes and index look-ups instead of repeated scans."""
        self.execute(f"ALTER TABLE {table} ADD PRIMARY KEY ({key})")
        self.execute(f"ANALYZE {table}")

    def content_type_id(self, model) -> int:
        return ContentType.objects.get_for_model(model).pk
