"""Ranges of body text drawn differently: search matches now, highlights and selections later.

The reading pane draws one line at a time and asks, for the line's span of body offsets, which
marks cover which part of it. Marks can overlap (a search match inside a highlight), so each piece
of a line carries every kind that covers it, in the order the marks were given.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence

from msgspec import Struct


class Mark(Struct, frozen=True, order=True):
    """Body offsets [start, end) to be drawn as `kind` (a style name the UI knows)."""

    start: int
    end: int
    kind: str


class MarkSet:
    """Marks sorted for fast lookup by line: O(log n + marks on the line)."""

    def __init__(self, marks: list[Mark] | tuple[Mark, ...] = ()) -> None:
        self._marks = sorted(mark for mark in marks if mark.end > mark.start)
        self._starts = [mark.start for mark in self._marks]
        self._longest = max((mark.end - mark.start for mark in self._marks), default=0)

    def __len__(self) -> int:
        return len(self._marks)

    def __iter__(self) -> Iterator[Mark]:
        return iter(self._marks)

    def overlapping(self, start: int, end: int) -> list[Mark]:
        """Marks that cover any of [start, end)."""
        first = bisect_left(self._starts, start - self._longest)
        last = bisect_right(self._starts, end - 1)
        return [mark for mark in self._marks[first:last] if mark.end > start]

    def pieces(
        self, start: int, end: int, extra: Sequence[Mark] = ()
    ) -> list[tuple[int, int, tuple[str, ...]]]:
        """Splits [start, end) into runs, each with the kinds of the marks covering it (these
        and the `extra` ones, marks found for this stretch only)."""
        marks = self.overlapping(start, end)
        if extra:
            marks = sorted([*marks, *extra])
        if not marks:
            return [(start, end, ())]
        cuts = {start, end}
        for mark in marks:
            cuts.add(max(start, mark.start))
            cuts.add(min(end, mark.end))
        edges = sorted(cuts)
        runs: list[tuple[int, int, tuple[str, ...]]] = []
        for left, right in itertools.pairwise(edges):
            kinds = tuple(mark.kind for mark in marks if mark.start <= left and mark.end >= right)
            runs.append((left, right, kinds))
        return runs
