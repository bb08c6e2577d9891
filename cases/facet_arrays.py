"""One facet of an index kept in a worker's memory (the case list's, the
exchange list's): which stories have which value, as arrays, and how many of
the stories of a mask have each value.

A count reads the fewest arrays it can for the mask's share of the stories:
each matching story's values when few match; for a facet of few values (a
dimension, a country), one bitmap of each value's stories, ANDed with the
mask's and its bits counted, whatever the share (a fixed cost: tens of
microseconds for ten values at 100 000 stories); else, when many match, every
(story, value) pair at once."""

from dataclasses import dataclass

import numpy as np

# A facet is counted story by story when at most two stories in five match
# (past that, reading every pair costs less)...
SELECTIVE = 2.5
# ...or through its values' bitmaps when it has at most this many values and
# more than this many stories match a value (a bitmap's words per value cost
# about as much as that many stories' values).
BITMAP_VALUES = 128
STORIES_PER_BITMAP = 80


def bitmap(mask: np.ndarray) -> np.ndarray:
    """``mask`` (or each row of a 2-d one) as 64-bit words, a bit a story."""
    packed = np.packbits(mask, axis=-1, bitorder="little")
    padding = [(0, 0)] * (packed.ndim - 1) + [(0, -packed.shape[-1] % 8)]
    return np.ascontiguousarray(np.pad(packed, padding)).view(np.uint64)


@dataclass
class Facet:
    values: list  # the value of each code
    stories: np.ndarray  # one (story, code) pair per story having a value...
    codes: np.ndarray  # ...sorted by code
    starts: np.ndarray  # where each code's stories start in ``stories``

    @classmethod
    def of(cls, pairs: dict) -> "Facet":
        values = list(pairs)
        sizes = [len(pairs[value]) for value in values]
        stories = np.fromiter(
            (at for value in values for at in pairs[value]), dtype=np.int32
        )
        codes = np.repeat(np.arange(len(values), dtype=np.int32), sizes)
        starts = np.concatenate(([0], np.cumsum(sizes))).astype(np.int64)
        return cls(values, stories, codes, starts)

    @classmethod
    def of_pairs(cls, values: list, stories: np.ndarray, codes: np.ndarray):
        """The facet of (story, code) pairs in any order."""
        order = np.argsort(codes, kind="stable")
        sizes = np.bincount(codes, minlength=len(values))
        starts = np.concatenate(([0], np.cumsum(sizes))).astype(np.int64)
        return cls(values, stories[order], codes[order], starts)

    def totals(self, mask: np.ndarray, positions=None) -> np.ndarray:
        """How many of the stories of ``mask`` (at ``positions``, when known)
        have each code (see the module's doc); a facet of one value a story (a
        year, a language) through each story's value."""
        if positions is None:
            positions = np.flatnonzero(mask)
        single = self.single(mask.size)
        if single is not None:
            return np.bincount(single[positions], minlength=len(self.values) + 1)[:-1]
        few_values = len(self.values) <= BITMAP_VALUES
        if few_values and len(positions) > len(self.values) * STORIES_PER_BITMAP:
            return self.totals_by_bitmap(mask)
        if len(positions) * SELECTIVE > mask.size:
            return self.totals_by_pair(mask)
        return self.totals_by_story(positions, mask.size)

    def single(self, size: int) -> np.ndarray | None:
        """Each story's code (``len(values)``: none) when no story has two, else
        None (worked out once)."""
        if self.__dict__.get("_single_size") != size:
            starts, _codes = self.by_story(size)
            one = None
            if not size or np.diff(starts).max() <= 1:
                one = np.full(size, len(self.values), dtype=np.int64)
                one[self.stories] = self.codes
            self._single, self._single_size = one, size
        return self._single

    def totals_by_pair(self, mask: np.ndarray) -> np.ndarray:
        """Each code's pairs are one run of ``stories``: the matching ones of
        each run added up (``reduceat`` gives a run's first element for an
        empty run, and cannot start past the end)."""
        within = mask[self.stories]
        if not len(within):
            return np.zeros(len(self.values), dtype=np.int64)
        firsts = np.minimum(self.starts[:-1], len(within) - 1)
        totals = np.add.reduceat(within, firsts, dtype=np.int64)
        totals[self.starts[1:] == self.starts[:-1]] = 0
        return totals

    def totals_by_story(self, positions: np.ndarray, size: int) -> np.ndarray:
        starts, codes = self.by_story(size)
        firsts = starts[positions]
        lengths = starts[positions + 1] - firsts
        # The chosen stories' ranges of ``codes``, end to end, as indexes.
        shift = np.repeat(firsts - (np.cumsum(lengths) - lengths), lengths)
        picked = codes[shift + np.arange(int(lengths.sum()))]
        return np.bincount(picked, minlength=len(self.values))

    def totals_by_bitmap(self, mask: np.ndarray) -> np.ndarray:
        rows = self.bitmaps(mask.size) & bitmap(mask)
        return np.bitwise_count(rows).sum(axis=1, dtype=np.int64)

    def bitmaps(self, size: int) -> np.ndarray:
        """Each code's stories as a :func:`bitmap`, a row a code, for ``size``
        stories (worked out once)."""
        kept = self.__dict__.get("_bitmaps")
        if kept is None or kept[0] != size:
            having = np.zeros((len(self.values), size), dtype=bool)
            having[self.codes, self.stories] = True
            kept = self._bitmaps = (size, bitmap(having))
        return kept[1]

    def by_story(self, size: int) -> tuple[np.ndarray, np.ndarray]:
        """The codes of story ``s`` are ``codes[starts[s]:starts[s + 1]]``, for
        ``size`` stories (worked out once)."""
        kept = self.__dict__.get("_by_story")
        if kept is None or len(kept[0]) != size + 1:
            order = np.argsort(self.stories, kind="stable")
            counts = np.bincount(self.stories, minlength=size)
            starts = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
            kept = self._by_story = (starts, self.codes[order])
        return kept

    def having(self, value, size: int) -> np.ndarray:
        """The mask of the stories having ``value``."""
        found = np.zeros(size, dtype=bool)
        if value in self.code_of:
            code = self.code_of[value]
            found[self.stories[self.starts[code] : self.starts[code + 1]]] = True
        return found

    @property
    def code_of(self) -> dict:
        if not hasattr(self, "_code_of"):
            self._code_of = {value: code for code, value in enumerate(self.values)}
        return self._code_of
