"""A large generated community for benchmarks, built inside PostgreSQL.

Rows are made with ``INSERT … SELECT generate_series`` from small temporary tables of
words, sentences and paragraphs in English and Spanish, so 100 000 case stories and a
million comments take minutes rather than hours. Popularity is skewed like a real
library: an index drawn as ``floor(n ^ random())`` picks item k with a probability
close to 1/k, so a few dimensions, tags, countries and institutions are large and most
are small.

Every generated row is recognisable by a ``load-`` prefix on its slug, username or
e-mail address, so :func:`delete_generated` removes exactly what was generated.
Search vectors are built in SQL in the shape the write layers use (see
``cases.services.refresh_search_vector`` and ``blog.services.refresh_search_vector``).
"""

# SQL here is composed from constants and model metadata; values go as parameters.

from __future__ import annotations

import time
from collections.abc import Callable

from django.db import connection, transaction

from cases.models import CaseStory

from .base import BuilderBase, Counts
from .comments import Comments
from .events import Events
from .maintenance import (
    analyze_tables,
    delete_generated,
    fill_search_vectors,
)
from .people import People
from .stories import Stories
from .text import TextPools
from .vocabulary import (
    COMMON_WORD,
    HOT_STORY_COMMENTS,
    HOT_STORY_SLUG_PREFIX,
    MEMBER_PASSWORD,
    PREFIX,
    PROGRAMME_EVENT_SLUG,
    PROGRAMME_SESSIONS,
    RARE_WORD,
)

__all__ = [
    "COMMON_WORD",
    "HOT_STORY_COMMENTS",
    "HOT_STORY_SLUG_PREFIX",
    "MEMBER_PASSWORD",
    "PREFIX",
    "PROGRAMME_EVENT_SLUG",
    "PROGRAMME_SESSIONS",
    "RARE_WORD",
    "Counts",
    "GeneratedDataExists",
    "analyze_tables",
    "delete_generated",
    "fill_search_vectors",
    "generate",
    "generated_data_exists",
]


class GeneratedDataExists(Exception):
    pass


def generated_data_exists() -> bool:
    return CaseStory.objects.filter(slug__startswith=PREFIX).exists()


def generate(
    counts: Counts,
    *,
    seed: int = 1,
    log: Callable[[str], None] = print,
    vacuum: bool = True,
) -> dict[str, float]:
    """Fill the database with a generated community; returns seconds per step."""
    counts = counts.bounded()
    if generated_data_exists():
        raise GeneratedDataExists("Generated data already exists.")
    timings: dict[str, float] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        builder = _Builder(cursor, counts, seed, log, timings)
        builder.run()
    if vacuum:
        start = time.monotonic()
        analyze_tables(vacuum=True)
        timings["vacuum analyze"] = time.monotonic() - start
        log(f"  vacuum analyze: {timings['vacuum analyze']:.1f} s")
    return timings


class _Builder(TextPools, People, Stories, Events, Comments, BuilderBase):
    # the run ---------------------------------------------------------------

    def run(self) -> None:
        # One plan per statement, repeatable with the seed; and no JIT, whose
        # compile time dwarfs these statements' run time.
        self.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        self.execute("SET LOCAL jit = off")
        self.execute("SELECT setseed(%s)", [(self.seed % 1000) / 1000])
        self.step("text pools", self.text_pools)
        self.step("tags", self.tags)
        self.step("institutions", self.institutions)
        self.step("members", self.members)
        self.step("case stories", self.stories)
        self.step("story dimensions, partners, tags", self.story_relations)
        self.step("posts", self.posts)
        self.step("events and sessions", self.events)
        self.step("comments", self.comments)
        self.step("search vectors", self.search_vectors)

    def search_vectors(self) -> None:
        fill_search_vectors()
