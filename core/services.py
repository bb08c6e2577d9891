"""Write layer of the ground floor: view counts added to the rows, once per batch."""

import datetime

from django.db import transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone

from .models import WrittenViewBatch

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
