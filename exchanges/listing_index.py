"""The listed requests and offers as arrays in the worker's memory, per content
version: which listing has which kind, state, dimension, tag, theme, country,
region, working language and modality, in the list's order (newest first).

The list's page, total and filter counts for any combination of filters are
then a mask and a few ``bincount`` (well under a millisecond at 20 000
listings), and the matching scores every candidate offer or request on
dimensions, themes, languages, modalities and region the same way (see
``matching``). It reuses the case list's :class:`cases.facet_index.Facet`.
Built from seven queries on the first request after the content changed (a
fraction of a second at 20 000 listings), kept in the shared cache for the
other workers and in each worker's memory.
"""

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from django.contrib.contenttypes.models import ContentType
from taggit.models import TaggedItem

from cases.facet_index import Facet
from cases.models import Dimension
from core.inprocess import latest
from core.pagecache import CONTENT, cached
from members.models import Institution
from taxonomy.querysets import THEME_SLUG

from .models import KnowledgeOffer, KnowledgeRequest
from .regions import region_of

MODELS = {"request": KnowledgeRequest, "offer": KnowledgeOffer}
FACETS = (
    "kind",
    *("status", "dimension", "tag", "theme", "country", "region"),
    *("language", "modality"),
)
# Counts read the matches' own values unless more than this share of the
# listings match: then a pass over every listing's values is quicker.
MOST = 0.75
# Part of the shared cache's key, as the case list's index has.
SHAPE = 1
# The state a listing is in, as the list's ``status`` filter names it
# (querysets.ListingQuerySet.in_state); no filter lists the open ones.
STATE = {
    "request": {"open": "open", "conversation": "open", "matched": "matched"},
    "offer": {"open": "open"},
}


@dataclass
class ListingIndex:
    size: int
    offers: np.ndarray  # whether each listing is an offer, by position
    ids: np.ndarray  # each listing's primary key, by position
    keys: np.ndarray  # one number a listing: its primary key and kind
    institutions: np.ndarray  # each listing's institution's id (0: none)
    facets: dict[str, Facet]
    dimensions: list  # (slug, name) of every dimension, in their order
    # the verified institutions: id -> (name, country), for the matching
    verified: dict

    def having(self, name: str, value) -> np.ndarray:
        return self.facets[name].having(value, self.size)

    def any_of(self, name: str, values) -> np.ndarray:
        found = np.zeros(self.size, dtype=bool)
        for value in values:
            found |= self.having(name, value)
        return found

    def matching(self, filters: dict) -> np.ndarray:
        """The mask of the listings matching every filter of ``filters``."""
        found = np.ones(self.size, dtype=bool)
        for name, value in filters.items():
            found &= self.having(name, value)
        return found

    def counts(self, name: str, within: np.ndarray) -> dict:
        """How many listings of ``within`` have each value of facet ``name``."""
        facet = self.facets[name]
        at = np.flatnonzero(within)
        if len(at) < self.size * MOST:
            codes, starts = self.by_position(name)
            first = starts[at]
            sizes = starts[at + 1] - first
            shift = np.repeat(first - np.cumsum(sizes) + sizes, sizes)
            found = codes[shift + np.arange(len(shift))]
        else:
            found = facet.codes[within[facet.stories]]
        totals = np.bincount(found, minlength=len(facet.values))
        return {
            facet.values[code]: int(totals[code]) for code in np.flatnonzero(totals)
        }

    def by_position(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """Facet ``name``'s codes in the order of the listings' positions, and
        where each listing's start, made once a worker and index."""
        kept = self.facets_by_position
        if name not in kept:
            facet = self.facets[name]
            order = np.argsort(facet.stories, kind="stable")
            starts = np.searchsorted(facet.stories[order], np.arange(self.size + 1))
            kept[name] = (facet.codes[order], starts)
        return kept[name]

    def dimension_names(self, keys: list[int]) -> dict[int, list[str]]:
        """The names of the dimensions of the listings of ``keys``, in the
        dimensions' order, by key."""
        if not self.size:
            return {}
        facet = self.facets["dimension"]
        keys = np.asarray(keys, dtype=np.int64)
        found_at = np.searchsorted(self.keys, keys, sorter=self.key_order)
        at = self.key_order[np.minimum(found_at, self.size - 1)]
        chosen = np.zeros(self.size, dtype=bool)
        chosen[at[self.keys[at] == keys]] = True
        having = chosen[facet.stories]
        found: dict[int, set] = {}
        for place, code in zip(
            facet.stories[having].tolist(), facet.codes[having].tolist(), strict=True
        ):
            found.setdefault(int(self.keys[place]), set()).add(facet.values[code])
        return {
            key: [name for slug, name in self.dimensions if slug in slugs]
            for key, slugs in found.items()
        }

    @cached_property
    def facets_by_position(self) -> dict:
        return {}

    @cached_property
    def key_order(self) -> np.ndarray:
        """The positions of the listings in the order of their keys: a page's
        listings found by a binary search rather than a pass over them all."""
        return np.argsort(self.keys)

    def kind(self, at: int) -> str:
        return "offer" if self.offers[at] else "request"


def key(kind: str, pk: int) -> int:
    """A listing's number in :attr:`ListingIndex.keys`."""
    return pk * 2 + (kind == "offer")


def current() -> ListingIndex:
    """The index of the current content version: from this worker's memory
    (the few entries the page cache keeps in a worker are emptied every few
    dozen new visitor pages, and reading the index back from the shared cache,
    or building it, then cost a new address most of its time), else from the
    shared cache, else built."""
    return latest(
        "exchange-index",
        lambda _before: cached("exchange-index", (SHAPE,), build, scopes=(CONTENT,)),
        scopes=(CONTENT,),
    )[1]


def build() -> ListingIndex:
    """The index of the listed requests and offers, in seven queries."""
    rows = _read_listings()
    position = {(row[2], row[1]): at for at, row in enumerate(rows)}
    members: dict[str, dict] = {name: {} for name in FACETS}

    def add(name: str, value, at: int) -> None:
        members[name].setdefault(value, []).append(at)

    for at, (_created, _pk, kind, status, _by, country, *values) in enumerate(rows):
        codes, languages, modalities = values
        add("kind", kind, at)
        add("status", STATE[kind].get(status, "closed"), at)
        places = {code.upper() for code in [*codes, country] if code}
        for code in places:
            add("country", code, at)
        for region in {region_of(code) for code in places} - {""}:
            add("region", region, at)
        for language in set(languages):
            add("language", language, at)
        for modality in set(modalities):
            add("modality", modality, at)
    _read_subjects(position, add)
    ids = np.fromiter((row[1] for row in rows), np.int64, len(rows))
    offers = np.fromiter((row[2] == "offer" for row in rows), bool, len(rows))
    return ListingIndex(
        size=len(rows),
        offers=offers,
        ids=ids,
        keys=ids * 2 + offers,
        institutions=np.fromiter((row[4] or 0 for row in rows), np.int64, len(rows)),
        facets={name: Facet.of(pairs) for name, pairs in members.items()},
        dimensions=list(Dimension.objects.values_list("slug", "name")),
        verified={
            pk: (name, str(country or ""))
            for pk, name, country in Institution.objects.verified().values_list(
                "pk", "name", "country"
            )
        },
    )


def _read_listings() -> list[tuple]:
    """``(created, pk, kind, status, institution, its country, countries,
    languages, modalities)`` of each listed request and offer, newest first."""
    rows = []
    for kind, model in MODELS.items():
        rows += [
            (created, pk, kind, *rest)
            for created, pk, *rest in model.objects.listed().values_list(
                *("created_at", "pk", "status", "institution_id"),
                *("institution__country", "countries", "languages", "modalities"),
            )
        ]
    rows.sort(key=lambda row: (row[0], row[1], row[2] == "request"), reverse=True)
    return rows


def _read_subjects(position: dict, add) -> None:
    """Each listing's dimensions, tags (by slug, as the list filters them) and
    themes (a tag's theme, as the matching compares them)."""
    for kind, model in MODELS.items():
        owner = f"{model._meta.model_name}_id"
        through = model.dimensions.through.objects.filter(
            **{f"{owner}__in": model.objects.listed().values("pk")}
        )
        for pk, slug in through.values_list(owner, "dimension__slug"):
            add("dimension", slug, position[(kind, pk)])
    kind_of = {
        ContentType.objects.get_for_model(model).pk: kind
        for kind, model in MODELS.items()
    }
    tagged = TaggedItem.objects.filter(content_type_id__in=list(kind_of))
    seen = set()
    for type_id, pk, tag, theme in tagged.values_list(
        "content_type_id", "object_id", "tag__slug", THEME_SLUG
    ):
        at = position.get((kind_of[type_id], pk))
        for name, value in (("tag", tag), ("theme", theme)):
            if at is not None and (at, name, value) not in seen:
                seen.add((at, name, value))
                add(name, value, at)
