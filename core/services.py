"""Write layer of the ground floor: view counts added to the rows, once per batch;
searches recorded anonymously."""

import datetime

from django.db import connection, transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone
from psycopg import sql

from .models import SearchQueryRecord, WrittenViewBatch
from .ratelimit import over_limit

# How long a written batch of views is remembered: far longer than one waits for a
# flush.
WRITTEN_BATCHES_KEPT = datetime.timedelta(days=1)


def add_views(model, counts: dict[int, int]) -> None:
    """Add ``counts`` (primary key -> views) to the rows of ``model`` in one
    UPDATE, an increment in the database that no concurrent count can lose."""
    model._base_manager.filter(pk__in=counts).update(
        view_count=F("view_count")
        + Case(*(When(pk=pk, then=Value(n)) for pk, n in counts.items()), default=0)
    )


def write_view_batch(batch_id: str, counts_by_model: dict) -> bool:
    """Add a batch of views gathered in Redis to the rows, once: its id is recorded
    in the same transaction, so a batch whose flush was cut short after the commit
    is not written again. Whether it was written now."""
    with transaction.atomic():
        _, new = WrittenViewBatch.objects.get_or_create(id=batch_id)
        if new:
            for model, counts in counts_by_model.items():
                add_views(model, counts)
            WrittenViewBatch.objects.filter(
                written_at__lt=timezone.now() - WRITTEN_BATCHES_KEPT
            ).delete()
    return new


# Recorded searches ------------------------------------------------------------

# How long recorded searches are kept, and how many one client may add an hour.
SEARCH_RECORDS_KEPT = datetime.timedelta(days=90)
SEARCH_RECORD_LIMIT = 60
SEARCH_RECORD_PERIOD = 3600


def _recorded_text(text: str) -> str:
    return " ".join(text.lower().split())[:200]


def record_search(*, text: str, client_key: str) -> bool:
    """Count one search of ``text`` today, unless the client (``client_key``, kept
    an hour in the cache, never in the database) has recorded SEARCH_RECORD_LIMIT
    already this hour. Whether it was counted."""
    text = _recorded_text(text)
    if not text or over_limit(
        f"search-record:{client_key}",
        limit=SEARCH_RECORD_LIMIT,
        period=SEARCH_RECORD_PERIOD,
    ):
        return False
    table = SearchQueryRecord._meta.db_table
    # One statement, which concurrent searches of the same text cannot race.
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL(
                """INSERT INTO {table} (text, day, searches) VALUES (%s, %s, 1)
                ON CONFLICT (text, day) DO UPDATE SET searches = {table}.searches + 1"""
            ).format(table=sql.Identifier(table)),
            [text, timezone.localdate()],
        )
    return True


def record_search_results(*, text: str, results: int) -> None:
    """Note how many results today's searches of ``text`` find (counted by
    :func:`record_search` first; nothing is noted for a search not counted).
    Written as SQL like the count: each new search runs it, and the queryset's
    update took longer to build than to run."""
    table = SearchQueryRecord._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL(
                "UPDATE {table} SET results = %s WHERE text = %s AND day = %s"
            ).format(table=sql.Identifier(table)),
            [results, _recorded_text(text), timezone.localdate()],
        )


def drop_old_search_records() -> int:
    """Forget the searches older than SEARCH_RECORDS_KEPT; how many rows went."""
    cutoff = timezone.localdate() - SEARCH_RECORDS_KEPT
    deleted, _ = SearchQueryRecord.objects.filter(day__lt=cutoff).delete()
    return deleted
