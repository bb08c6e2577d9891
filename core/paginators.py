"""A paginator for long lists whose total and deep pages are read once per
content version (``core.pagecache``)."""

from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import SimpleLazyObject

from .pagecache import EVERYTHING, cached

# From this many rows skipped on, CountCachedPaginator fetches a page in two steps.
DEFERRED_JOIN_FROM = 1000


class CountCachedPaginator(Paginator):
    """A paginator whose total, and the ids of each deep page, are read once per
    version of ``scopes``: every page after the first costs no COUNT, and a deep
    page costs what the first does once its ids are known."""

    def __init__(self, object_list, per_page, *, cache_parts, scopes=EVERYTHING, **kw):
        super().__init__(object_list, per_page, **kw)
        self.cache_parts = cache_parts
        self.scopes = scopes

    @cached_property
    def count(self) -> int:
        return cached(
            "count",
            self.cache_parts,
            lambda: Paginator.count.func(self),
            scopes=self.scopes,
        )

    def page(self, number):
        """Deep pages by a deferred join: the page's ids first, skipping the rows
        before it through an index (no wide rows read and thrown away), then
        those rows. Early pages keep the single query. Either way nothing is
        read until the rows are used, as an early page's queryset is lazy."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if (
            bottom < DEFERRED_JOIN_FROM
            or not isinstance(self.object_list, QuerySet)
            # Values (a page's ids, say) have no wide rows to put off.
            or self.object_list._fields
        ):
            return super().page(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = SimpleLazyObject(lambda: self._deep_rows(bottom, top))
        return self._get_page(rows, number, self)

    def _deep_rows(self, bottom: int, top: int) -> list:
        ordering = self.object_list.query.order_by
        ids = cached(
            "page-ids",
            (*self.cache_parts, ordering, bottom, top),
            lambda: list(
                self.object_list.prefetch_related(None).values_list("pk", flat=True)[
                    bottom:top
                ]
            ),
            scopes=self.scopes,
        )
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids)}
        return [rows[pk] for pk in ids if pk in rows]
