"""The case list's facet counts and totals without a query: which published
stories have which value of each facet (a dimension, a country, a theme, an
institution, a year, a language), as arrays kept in the worker's memory per
content version.

The stories matching some filters are a mask over the stories; a facet's counts
under it are read from the masked stories' values or the facet's bitmaps
(``cases.facet_arrays``). A new
combination of filters then costs about a millisecond at 100 000 stories, where
counting it in SQL scanned every matching story once per facet (tens to hundreds
of milliseconds each). A text query's matches come from the full-text index, so
its counts stay in SQL (see ``cases.facets``).

The theme facet counts themes (concepts), whatever tag in whatever language
names them, labelled in the reader's language. Lists show one version of each
translation group (``TranslatedQuerySet.one_per_group``): the index keeps each
story's group, and the stories a reader of a language is shown are a mask over
them, applied unless the reader has chosen a language to list.

Built from six queries (a few seconds at 100 000 stories, about 10 MB), kept in
the shared cache for the other workers and in each worker's memory, and brought
up to date after a story changes without being built again
(``cases.facet_updates``).
"""

import datetime
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import router
from django.utils.translation import get_language

from core.inprocess import latest, remembered
from core.pagecache import CONTENT
from core.prepared import Prepared
from core.search import among_ids, ids_text
from members.models import Institution

from . import cards
from .facet_arrays import Facet
from .models import CaseStory, Dimension

FACETS = ("dimension", "country", "tag", "institution", "year", "language")
# Most themes and institutions shown in their facets, as the SQL counts do.
TOP = 30
# Masks of filter combinations kept in an index (each a byte per story), and
# of single filter values (with their positions, four bytes each): a page's
# filters recur, and each value's stories took a quarter of its counting.
KEPT_MASKS = 8
KEPT_VALUES = 96
# Part of the shared cache's key: a release that changes the index's shape
# changes it, so no worker reads an index of another shape.
SHAPE = 7


@dataclass
class FacetIndex:
    size: int
    facets: dict[str, Facet]
    ids: np.ndarray  # each story's primary key, by position
    # sort -> each story's place in that order (see querysets.SORTS); the views
    # count of "popular" is that of the content version
    places: dict[str, np.ndarray]
    # dimension slug -> (position, name); theme slug -> {language: label};
    # institution slug -> the name shown (its acronym, else its name)
    dimensions: dict
    tags: dict
    # a label -> its place in the database's order of text; the theme slugs
    # whose cards name them otherwise than by their label (see themes_of)
    name_order: dict
    unnamed: frozenset
    institutions: dict
    groups: np.ndarray  # each story's translation group (its original's id)
    alone: np.ndarray  # an original, or a version whose original is not public
    leads: np.ndarray  # each story's lead institution's id (0: none), for matching
    seq: tuple  # the journal's epoch and last note it holds (core.journal)
    built_at: datetime.datetime  # when its oldest part was read

    def matching(self, filters: dict, reader: str = "") -> np.ndarray:
        """The mask of the stories matching every filter of ``filters``, one a
        translation group when a ``reader`` language is given (not to be
        changed: the last few are kept, as a page asks for one several times)."""
        return self.found(filters, reader)[0]

    def found(self, filters: dict, reader: str = "") -> tuple:
        """The mask of :meth:`matching` and the positions of its stories, each
        worked out once for the page's facets, total and page."""
        key = (tuple(sorted(filters.items())), reader)
        masks = self.__dict__.setdefault("_masks", {})
        if key not in masks:
            if len(masks) >= KEPT_MASKS:
                masks.clear()
            masks[key] = self._matching(filters, reader)
        return masks[key]

    def _matching(self, filters: dict, reader: str) -> tuple:
        """The mask of the stories matching, from the kept masks of each filter
        (and of the reader's stories), and their positions: those of the
        filter with the fewest stories that the mask keeps, where reading the
        whole mask for its positions took longer."""
        parts = [self._having(name, value) for name, value in filters.items()]
        if reader:
            parts.append(self._kept(("reader", reader), lambda: self.shown_to(reader)))
        if not parts:
            return self._kept((), lambda: np.ones(self.size, dtype=bool))
        if len(parts) == 1:
            return parts[0]
        found = parts[0][0] & parts[1][0]
        for mask, _positions in parts[2:]:
            found &= mask
        fewest = min((positions for _mask, positions in parts), key=len)
        return _unchangeable(found, fewest[found[fewest]])

    def _having(self, name: str, value) -> tuple:
        return self._kept(
            (name, value), lambda: self.facets[name].having(value, self.size)
        )

    def _kept(self, key: tuple, mask_of) -> tuple:
        """The mask ``mask_of()`` (of a filter's value, of a reader's stories)
        and its positions, kept under ``key``."""
        kept = self.__dict__.setdefault("_value_masks", {})
        if key not in kept:
            if len(kept) >= KEPT_VALUES:
                kept.clear()
            mask = mask_of()
            positions = np.flatnonzero(mask).astype(np.int32)
            kept[key] = _unchangeable(mask, positions)
        return kept[key]

    def shown_to(self, language: str) -> np.ndarray:
        """The stories a list shows a reader of ``language``: a version in it,
        else the original (else each version, when the original is not public),
        as ``TranslatedQuerySet.one_per_group`` reads them; kept per language
        (``isin`` sorts the groups: milliseconds a call at 100 000 stories)."""
        shown = self.__dict__.setdefault("_shown", {})
        if language not in shown:
            in_language = self.facets["language"].having(language, self.size)
            covered = np.isin(self.groups, self.groups[in_language])
            shown[language] = in_language | (self.alone & ~covered)
        return shown[language]

    def theme_name(self, slug: str, language: str) -> str:
        names = self.tags[slug]
        return names.get(language) or names[settings.LANGUAGE_CODE]

    def count(self, filters: dict, reader: str = "") -> int:
        return len(self.found(filters, reader)[1])

    def page(
        self, filters: dict, sort: str, bottom: int, top: int, reader: str = ""
    ) -> list[int]:
        """The ids of the stories ``bottom`` to ``top`` matching ``filters``, in
        the order of ``sort``: the page's rows are then read by primary key."""
        found = self.found(filters, reader)[1]
        places = self.places[sort][found]
        if top < len(found):
            first = np.argpartition(places, top - 1)[:top]
            order = first[np.argsort(places[first])]
        else:
            order = np.argsort(places)
        return self.ids[found[order[bottom:top]]].tolist()

    def _positions(self, ids: list[int]) -> dict[int, int]:
        """The position of each of the stories ``ids`` that the index holds."""
        last = self.__dict__.get("_last_page")  # a page asks twice
        if last is not None and last[0] == ids:
            return last[1]
        if not self.size:
            return {}
        order = self.__dict__.get("_by_id")
        if order is None:
            order = self._by_id = np.argsort(self.ids, kind="stable")
        wanted = np.searchsorted(
            self.ids, np.asarray(ids, dtype=np.int64), sorter=order
        )
        places = order[np.minimum(wanted, len(order) - 1)].tolist()
        held = self.ids[places].tolist()
        found = zip(ids, places, held, strict=True)
        positions = {pk: at for pk, at, kept in found if kept == pk}
        self._last_page = (list(ids), positions)
        return positions

    def _codes_of(self, name: str, at: int) -> list:
        """The values of facet ``name`` of the story at position ``at``."""
        facet = self.facets[name]
        starts, codes = facet.by_story(self.size)
        values = facet.values
        return [values[code] for code in codes[starts[at] : starts[at + 1]].tolist()]

    def dimensions_of(self, ids: list[int]) -> dict[int, list[str]]:
        """The dimensions' slugs of the stories ``ids`` that the index holds, in
        the dimensions' order, as a prefetch of the stories' rows reads them."""
        return {
            pk: sorted(
                self._codes_of("dimension", at),
                key=lambda slug: self.dimensions[slug][0],
            )
            for pk, at in self._positions(ids).items()
        }

    def themes_of(self, ids: list[int], language: str) -> dict[int, list[dict]]:
        """``{"slug", "name"}`` of the themes of the stories ``ids``, named in
        ``language`` and in the order of their names, as ``themes_by_object``
        reads them; a story the index does not hold, or with a theme a card
        names by a tag's own name (``unnamed``), is left out."""
        found = {}
        for pk, at in self._positions(ids).items():
            slugs = self._codes_of("tag", at)
            if self.unnamed.isdisjoint(slugs):
                themes = [
                    {"slug": slug, "name": self.theme_name(slug, language)}
                    for slug in slugs
                ]
                themes.sort(key=lambda t: (self.name_order[t["name"]], t["slug"]))
                found[pk] = themes
        return found

    def counts(self, name: str, filters: dict, reader: str = "") -> list[tuple]:
        """``(value, count)`` of each value of facet ``name`` under ``filters``
        (which leave that facet out), in the order the facet shows them."""
        facet = self.facets[name]
        totals = facet.totals(*self.found(filters, reader))
        shown = np.flatnonzero(totals)
        if name in ("tag", "institution") and len(shown) > TOP:
            # Only those that may be among the first TOP; ties sorted by name.
            least = np.partition(totals[shown], -TOP)[-TOP]
            shown = shown[totals[shown] >= least]
        counted = [(facet.values[code], int(totals[code])) for code in shown]
        if name == "dimension":
            return sorted(counted, key=lambda row: self.dimensions[row[0]][0])
        if name == "tag":  # ties by slug, as taxonomy.querysets.theme_counts
            return sorted(counted, key=lambda row: (-row[1], row[0]))[:TOP]
        if name == "institution":
            counted.sort(key=lambda row: (-row[1], self.institutions[row[0]]))
            return counted[:TOP]
        if name == "year":
            return sorted(counted, key=lambda row: -row[0])
        return sorted(counted, key=lambda row: (-row[1], row[0]))


def _unchangeable(mask: np.ndarray, positions: np.ndarray) -> tuple:
    """``(mask, positions)``, read-only: they are kept and shared."""
    mask.flags.writeable = positions.flags.writeable = False
    return mask, positions


# A page's rows by their ids, the values its cards read only, in one query
# compiled once (``core.prepared``): building and compiling it was a tenth of a
# new list address's time. The cards' dimensions and themes come from the
# index (``Stories.__getitem__``).
_CARD_ROWS = Prepared(
    lambda ids: (
        CaseStory.objects.published().filter(among_ids(ids)).values(*cards.ROW_VALUES)
    )
)


def _instance(values: dict) -> CaseStory:
    """A story's model instance (and its lead institution's) from its row's
    values, for a card that reads what the index does not hold."""
    db = router.db_for_read(CaseStory)
    story = _from_values(CaseStory, db, {n: values[n] for n in cards.ROW_VALUES[:9]})
    lead = values["lead_institution_id"]
    story._state.fields_cache["lead_institution"] = lead and _from_values(
        Institution,
        db,
        {
            "id": lead,
            "name": values["lead_institution__name"],
            "acronym": values["lead_institution__acronym"],
        },
    )
    return story


def _from_values(model, db: str, values: dict):
    """``model``'s instance of ``values`` by attribute name (the others
    deferred), as a query makes it: in the order of the model's fields."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(db, names, [values[name] for name in names])


class Stories:
    """The published stories matching ``filters`` in the order of ``sort``, one
    version a translation group unless a language is chosen (as the SQL list's
    ``for_reader``), as a sequence for a paginator: its length from the index, a
    page's rows (as a list card shows them) read by primary key."""

    def __init__(self, filters: dict, sort: str):
        self.filters, self.sort = filters, sort
        self.reader = reader(filters)

    def __len__(self) -> int:
        return current().count(self.filters, self.reader)

    def __getitem__(self, part: slice) -> list:
        """The page's stories, each with its ``listed_dimensions`` (the cards'
        dimensions) and ``themes`` from the index, which are then not read."""
        bottom = part.start or 0
        index = current()
        ids = index.page(self.filters, self.sort, bottom, part.stop, self.reader)
        rows = {row["id"]: row for row in _CARD_ROWS(ids_text(ids))} if ids else {}
        named = remembered(
            "case-dimensions",
            (),
            lambda: {
                dimension.slug: dimension for dimension in Dimension.objects.all()
            },
            scopes=(CONTENT,),
        )
        slugs = index.dimensions_of(list(rows))
        themes = index.themes_of(list(rows), get_language())
        found = {}
        for pk, values in rows.items():
            listed = [named.get(slug) for slug in slugs.get(pk, ())]
            known = pk in slugs and None not in listed
            if known and pk in themes:
                found[pk] = cards.Row(values, listed, themes[pk])
                continue
            # Its card reads what the index lacks (cards.rendered reads themes).
            story = found[pk] = _instance(values)
            if known:
                story.listed_dimensions = listed
            if pk in themes:
                story.themes = themes[pk]
        return [found[pk] for pk in ids if pk in found]


def reader(active: dict) -> str:
    """The language whose readers the list shows one version a group, as the
    views' ``for_reader``: none when a language to list is chosen."""
    return "" if active.get("language") else get_language()


# Facet counts kept in a worker per content version, by facet and filters.
KEPT_COUNTS = 2000


def current() -> FacetIndex:
    """The index of the current content version: this worker's, when no story
    changed since, else brought up to date (``cases.facet_updates``)."""
    return with_counts()[0]


def with_counts() -> tuple:
    """(:func:`current`, the counts kept under its version)."""
    return latest("case-facet-index", _up_to_date, scopes=(CONTENT,))[1]


def _up_to_date(before: tuple | None) -> tuple:
    from .facet_updates import up_to_date  # it builds, with this module

    return up_to_date(before and before[0]), {}


def counted(name: str, filters: dict, reader: str = "", kept=None) -> list[tuple]:
    """:meth:`FacetIndex.counts` of the current index, kept in this worker until
    the content version changes: every address with the same other filters
    shows the same counts, and a new version counts anew, as a new index would
    (``kept``: :func:`with_counts`, when read already)."""
    index, counts = kept or with_counts()
    key = (name, tuple(sorted(filters.items())), reader)
    found = counts.get(key)
    if found is None:
        if len(counts) >= KEPT_COUNTS:
            counts.clear()
        found = counts[key] = index.counts(name, filters, reader)
    return found
