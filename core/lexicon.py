"""The lexicon of the site search: every word of the public content, as the
indexes hold it, and the closest spelling of a word that is not there.

Words are read from the content itself, parsed with the ``kshub_simple``
configuration (lowercase, accents dropped, never stemmed): the stems of the stored
vectors are what the index matches, not words a reader could be offered. Each
word counts the rows it occurs in, as ``ts_stat``'s ``ndoc`` does. The table is
rebuilt from every source by ``rebuild`` (the ``refresh_search_lexicon`` command
and task) and grows as content is saved (``add``), so a word written today can be
proposed today; a word whose last row went away stays until the next rebuild.
The closest spelling is found through the table's trigram index (``pg_trgm``).
"""

import re
import unicodedata
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import QuerySet
from psycopg import sql

from .models import SearchWord

CONFIG = "kshub_simple"
# Words a query is corrected word by word: a longer query keeps the rest as typed.
MAX_WORDS = 6
# pg_trgm's similarity above which a word is offered instead of another.
THRESHOLD = 0.3
_WORD = re.compile(r"\w+(?:[-']\w+)*")


def _insert_sql(queryset: QuerySet) -> tuple[str, tuple]:
    """INSERT of the words of ``queryset``'s ``text`` column, one row per word with
    the number of rows it occurs in."""
    sql, params = queryset.values("text").query.sql_with_params()
    table = SearchWord._meta.db_table
    # The inner query is Django's own SQL; every value is a parameter.
    return (
        f"""
        INSERT INTO {table} (word, documents)
        SELECT word, count(*) FROM ({sql}) AS source,
            unnest(tsvector_to_array(to_tsvector(%s::regconfig,
                coalesce(source.text, '')))) AS word
        WHERE length(word) BETWEEN 2 AND 60 AND word !~ '[0-9_]'
        GROUP BY word
        ON CONFLICT (word)
            DO UPDATE SET documents = {table}.documents + excluded.documents
        """,  # noqa: S608
        (*params, CONFIG),
    )


@transaction.atomic
def rebuild(sources: Iterable[QuerySet]) -> int:
    """Replace the lexicon by the words of ``sources`` (querysets of public rows
    with a ``text`` column); how many words it holds."""
    SearchWord.objects.all().delete()
    with connection.cursor() as cursor:
        for queryset in sources:
            cursor.execute(*_insert_sql(queryset))
    return SearchWord.objects.count()


def add(queryset: QuerySet) -> None:
    """Count in the words of ``queryset`` (rows just written), in one statement."""
    with connection.cursor() as cursor:
        cursor.execute(*_insert_sql(queryset))


def normalize(word: str) -> str:
    """A word as the lexicon holds it: lowercase, without accents."""
    if word.isascii():  # most words: nothing to decompose
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words_of(q: str, *, limit: int | None = MAX_WORDS) -> list[str]:
    """The words of ``q`` as the lexicon holds them (the first ``limit``)."""
    return [normalize(word) for word in _WORD.findall(q)][:limit]


def closest(words: list[str]) -> list[str | None]:
    """For each word, itself if the lexicon holds it, else the most similar word it
    holds (the more frequent of equals), or None: one query, which looks for
    similar words only for those the lexicon does not hold (through the trigram
    index, milliseconds a word)."""
    if not words:
        return []
    table = SearchWord._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL(
                """SELECT coalesce(
                    (SELECT w.word FROM {table} w WHERE w.word = q.word),
                    (SELECT w.word FROM {table} w
                        WHERE w.word %% q.word AND similarity(w.word, q.word) >= %s
                        ORDER BY similarity(w.word, q.word) DESC, w.documents DESC,
                            w.word
                        LIMIT 1))
                FROM unnest(%s::text[]) WITH ORDINALITY AS q(word, n)
                ORDER BY q.n"""
            ).format(table=sql.Identifier(table)),
            [THRESHOLD, words],
        )
        return [row[0] for row in cursor.fetchall()]


def spelling(q: str) -> str:
    """``q`` with each word the lexicon does not hold replaced by its closest
    spelling there; ``q`` itself (lowercased) when nothing closer is known."""
    words = words_of(q)
    corrected = [
        found or word for word, found in zip(words, closest(words), strict=True)
    ]
    return " ".join(corrected)
