"""Keeping the facet index up to date without building it again, and building
it again, when it must be, once for every worker.

Every write that changes what the index holds is noted in the ``STORIES``
journal (``core.journal``; ``kshub.signals`` and the services that write in
bulk note it): the ids of the stories that changed, or ``ALL`` for a change
every story may show (a dimension, an institution or a theme renamed). A
worker whose index is older than the journal's last note reads the changed
stories again (the index of those few, six small queries), drops their
old entries, merges them in and ranks them among the others in each sort (one
query), in milliseconds; the index is then exact for every story. A new story
published appears in the list and its counts on the next request, on every
worker.

Only when that is not possible (a note of ``ALL``, more than ``PATCH_LIMIT``
changed stories, a note lost from the cache) is the index built again, by one
worker under a lock in the shared cache; the others wait for its copy there
rather than serve counts that may be wrong. Once an index is older than
``MAX_AGE`` (its "most read" order uses the view counts of when it was built),
one worker builds a new one while every worker, that one included until it is
done, serves the exact index it has.
"""

import datetime
import time

import numpy as np
from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone

from core import journal
from core.journal import ALL, STORIES

from .facet_arrays import Facet
from .facet_build import build, name_order
from .facet_index import FACETS, SHAPE, FacetIndex
from .models import CaseStory

SHARED = f"kshub:facet-index:{SHAPE}"
STAMP = f"{SHARED}:built"
LOCK = f"kshub:facet-index-building:{SHAPE}"
PATCH_LIMIT = 50
MAX_AGE = datetime.timedelta(hours=1)
BUILD_SECONDS = 120
WAIT_STEP = 0.05


def _head() -> tuple[str, int]:
    return journal.head(STORIES)


def _changes(after: tuple, head: tuple) -> set | None:
    """The stories changed after note ``after`` up to ``head`` (each an epoch
    and a number), or None when they cannot be merged in (another epoch, too
    many, a change to every story, a note lost)."""
    if after[0] != head[0] or not 0 <= head[1] - after[1] <= PATCH_LIMIT:
        return None
    changed = journal.changed_since(STORIES, after[1], head[1])
    return None if changed == ALL or len(changed) > PATCH_LIMIT else changed


def up_to_date(index: FacetIndex | None) -> FacetIndex:
    """``index`` (this worker's, may be None), or the shared copy when that is
    newer, with every change of the journal."""
    head = _head()
    stamp = cache.get(STAMP)  # when the shared copy was built, and its seq
    if stamp is not None and (index is None or stamp[0] > index.built_at):
        index = cache.get(SHARED) or index
    if index is not None:
        changed = _changes(index.seq, head)
        if changed is not None:
            updated = merged(index, changed, head) if changed else index
            _renew_if_behind(updated, stamp, head)
            return updated
    return _built_once(head)


def _share(index: FacetIndex) -> None:
    cache.set(SHARED, index, timeout=None)
    cache.set(STAMP, (index.built_at, index.seq), timeout=None)


def _renew_if_behind(index: FacetIndex, stamp, head: tuple) -> None:
    """Build a new shared copy when the index is old or the shared copy lags far
    behind the journal, if no worker is at it: the request that takes the lock
    pays for it, every other goes on with the exact index it has."""
    behind = stamp is None or _changes(stamp[1], head) is None
    old = timezone.now() - index.built_at > MAX_AGE
    if (behind or old) and cache.add(LOCK, 1, timeout=BUILD_SECONDS):
        try:
            _share(build(seq=_head()))
        finally:
            cache.delete(LOCK)


def _built_once(head: tuple) -> FacetIndex:
    """A new index, built by one worker at a time and shared; the others wait
    for it (at most ``BUILD_SECONDS``, then build their own)."""
    if cache.add(LOCK, 1, timeout=BUILD_SECONDS):
        try:
            index = build(seq=_head())
            _share(index)
            return index
        finally:
            cache.delete(LOCK)
    deadline = time.monotonic() + BUILD_SECONDS
    while time.monotonic() < deadline:
        time.sleep(WAIT_STEP)
        stamp = cache.get(STAMP)
        if stamp is not None and _changes(stamp[1], head) is not None:
            return up_to_date(None)
        if cache.get(LOCK) is None:
            break
    return build(seq=_head())


def merged(index: FacetIndex, changed: set, seq: tuple) -> FacetIndex:
    """``index`` without the ``changed`` stories' old entries, with the entries
    of those of them that are published now."""
    fresh = build(changed, seq=seq)
    tags = {**index.tags, **fresh.tags}
    live = ~np.isin(index.ids, np.fromiter(changed, dtype=np.int64))
    kept = int(np.count_nonzero(live))
    moved = np.cumsum(live) - 1  # old position -> new position, for live ones
    ids = np.concatenate((index.ids[live], fresh.ids))
    groups = np.concatenate((index.groups[live], fresh.groups))
    return FacetIndex(
        size=kept + fresh.size,
        facets={
            name: _merged_facet(
                index.facets[name], fresh.facets[name], live, moved, fresh.size
            )
            for name in FACETS
        },
        ids=ids,
        places=_merged_places(index, fresh, live, changed),
        dimensions={**index.dimensions, **fresh.dimensions},
        tags=tags,
        name_order=(
            index.name_order
            if all(
                name in index.name_order
                for labels in fresh.tags.values()
                for name in labels.values()
            )
            else name_order(tags)
        ),
        unnamed=index.unnamed | fresh.unnamed,
        institutions={**index.institutions, **fresh.institutions},
        groups=groups,
        alone=(ids == groups) | ~np.isin(groups, ids),
        leads=np.concatenate((index.leads[live], fresh.leads)),
        seq=seq,
        built_at=index.built_at,
    )


def _merged_facet(old: Facet, new: Facet, live, moved, new_size: int) -> Facet:
    values = list(old.values)
    code_of = dict(old.code_of)
    for value in new.values:
        if value not in code_of:
            code_of[value] = len(values)
            values.append(value)
    remap = np.array([code_of[value] for value in new.values], dtype=np.int32)
    keep = live[old.stories]
    offset = int(np.count_nonzero(live))
    stories = np.concatenate((moved[old.stories[keep]], new.stories + offset))
    codes = np.concatenate((old.codes[keep], remap[new.codes]))
    merged = Facet.of_pairs(values, stories.astype(np.int32), codes.astype(np.int32))
    kept = old.__dict__.get("_by_story")
    if kept is not None and len(kept[0]) == len(live) + 1:
        # Each story's values, the kept stories' then the fresh ones', as their
        # positions follow: not every pair sorted again (tens of milliseconds).
        starts, old_codes = kept
        lengths = np.diff(starts)
        new_starts, new_codes = new.by_story(new_size)
        merged_lengths = np.concatenate((lengths[live], np.diff(new_starts)))
        merged._by_story = (
            np.concatenate(([0], np.cumsum(merged_lengths))).astype(np.int64),
            np.concatenate((old_codes[np.repeat(live, lengths)], remap[new_codes])),
        )
    return merged


def _merged_places(index: FacetIndex, fresh: FacetIndex, live, changed) -> dict:
    """Each sort's order with the fresh stories put where SQL would sort them:
    each one after the stories counted before it (one query for all)."""
    before = _counted_before(fresh, changed)
    places = {}
    for sort, old in index.places.items():
        # Each kept story's rank among the kept ones: places are a permutation,
        # so counting the kept stories place by place ranks them (no sort).
        kept_at = np.zeros(len(old), dtype=np.int64)
        kept_at[old[live]] = 1
        ranks = (np.cumsum(kept_at) - 1)[old[live]]
        counted = np.array([before[f"{sort}_{pk}"] for pk in fresh.ids], dtype=np.int64)
        # Fresh stories in the same gap keep their own order.
        order = np.lexsort((fresh.places[sort], counted))
        gaps = counted[order]
        new = np.empty(len(gaps), dtype=np.int64)
        new[order] = gaps + np.arange(len(gaps))
        shifted = ranks + np.searchsorted(gaps, ranks, side="right")
        places[sort] = np.concatenate((shifted, new)).astype(np.int32)
    return places


def _counted_before(fresh: FacetIndex, changed) -> dict:
    """For each fresh story and sort, how many of the other published stories
    come before it in that sort (querysets.SORTS)."""
    if not fresh.size:
        return {}
    rows = CaseStory.objects.filter(pk__in=fresh.ids.tolist()).values_list(
        "pk", "outdated", "published_at", "view_count", "title"
    )
    counts = {}
    for pk, outdated, published, views, title in rows:
        earlier = Q(outdated__lt=outdated)
        same = {"outdated": outdated}
        newer = Q(**same, published_at__gt=published) | Q(
            **same, published_at=published, pk__gt=pk
        )
        popular = Q(**same, view_count__gt=views) | Q(
            **same, view_count=views, published_at__gt=published
        )
        popular |= Q(**same, view_count=views, published_at=published, pk__gt=pk)
        title_first = Q(**same, title__lt=title) | Q(**same, title=title, pk__lt=pk)
        counts[f"recent_{pk}"] = Count("pk", filter=earlier | newer)
        counts[f"popular_{pk}"] = Count("pk", filter=earlier | popular)
        counts[f"title_{pk}"] = Count("pk", filter=earlier | title_first)
    return CaseStory.objects.published().exclude(pk__in=changed).aggregate(**counts)
