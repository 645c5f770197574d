"""One article's highlights as the reading pane paints them, and what changed between two lists.

The pane owns the highlights it draws: when the store hands it a new list, `HighlightLayer.replace`
says which stretches of text look different, so only their lines are redrawn (as the article
list redraws only the rows whose marks changed). Where highlights nest or overlap, each stretch
takes the colour of the innermost (shortest) one, and the caret is "in" that one too.
"""

from __future__ import annotations

import heapq
import itertools
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence

from reader.core.annotate.highlight import COLORS, Highlight
from reader.core.reading.marks import Mark

#: What about a highlight shows on screen: where, its colour, whether it has a note, and what
#: decides nesting; a change to anything else (the note's words, a revision) redraws nothing.
Look = tuple[int, int, str, bool, str]


def highlight_kind(color: str) -> str:
    """The mark kind of a highlight colour; unknown colours (from an import) draw as yellow."""
    return f"hl-{color}" if color in COLORS else "hl-yellow"


def _look(item: Highlight) -> Look:
    return (item.start, item.end, item.color, bool(item.note), item.created)


def _drawn(items: Iterable[Highlight]) -> dict[str, Highlight]:
    return {item.id: item for item in items if item.attached and item.end > item.start}


class HighlightLayer:
    """The highlights of the open article: their marks, the one under the caret, their changes."""

    def __init__(self, highlights: Iterable[Highlight] = ()) -> None:
        self.items: list[Highlight] = list(highlights)
        self._drawn = _drawn(self.items)
        self._marks: list[Mark] | None = None
        #: A highlight asked for and not handed back yet.
        self.requested: tuple[int, int] | None = None

    def replace(self, highlights: Iterable[Highlight]) -> list[tuple[int, int]]:
        """Takes the new list; returns the (start, end) stretches that now look different."""
        before = self._drawn
        self.requested = None
        self.items = list(highlights)
        self._drawn = _drawn(self.items)
        changed: list[tuple[int, int]] = []
        for key in before.keys() | self._drawn.keys():
            old, new = before.get(key), self._drawn.get(key)
            if old is not None and new is not None and _look(old) == _look(new):
                continue
            changed.extend((item.start, item.end) for item in (old, new) if item is not None)
        if changed:
            self._marks = None
        return sorted(set(changed))

    def add(self, highlight: Highlight) -> None:
        """One new highlight (its own stretch is all that changed)."""
        self.requested = None
        self.items.append(highlight)
        self._drawn.update(_drawn([highlight]))
        self._marks = None

    def pending_at(self, offset: int) -> tuple[int, int] | None:
        """The highlight asked for and not handed back yet, if it covers `offset`: `h` then
        `a` at once means a note on that highlight, whether or not it is back."""
        requested = self.requested
        if requested is not None and requested[0] <= offset < requested[1]:
            return requested
        return None

    def note_passage(
        self, caret: int, selecting: bool, target: Callable[[], tuple[int, int] | None]
    ) -> tuple[Highlight | None, int, int]:
        """What `a` notes: the highlight under the caret, else the one `h` just asked for (back
        or not), else `target()` (the selection or the sentence), else the caret's character.
        While selecting, the selection wins over any highlight under the caret."""
        under = None if selecting else self.at(caret)
        if under is not None:
            return under, under.start, under.end
        pending = None if selecting else self.pending_at(caret)
        start, end = pending or target() or (caret, caret + 1)
        return None, start, end

    @property
    def marks(self) -> list[Mark]:
        """The highlights as marks that do not overlap, worked out once per change."""
        if self._marks is None:
            self._marks = _flatten(list(self._drawn.values()))
        return self._marks

    def at(self, offset: int) -> Highlight | None:
        """The highlight covering `offset`; where highlights nest, the innermost (shortest)."""
        covering = [item for item in self._drawn.values() if item.start <= offset < item.end]
        return min(covering, key=lambda item: (item.end - item.start, item.created), default=None)

    def starts(self) -> list[int]:
        """Where each highlight shown in the text begins, in reading order (for `]` and `[`)."""
        return sorted({item.start for item in self._drawn.values()})

    def next_start(self, offset: int, direction: int) -> int | None:
        """The start of the next highlight after `offset` (direction 1) or before it (-1),
        round at either end; None when none is shown."""
        starts = self.starts()
        if not starts:
            return None
        if direction > 0:
            after = bisect_right(starts, offset)
            return starts[after] if after < len(starts) else starts[0]
        before = bisect_left(starts, offset)
        return starts[before - 1] if before > 0 else starts[-1]

    def noted_starts(self) -> list[int]:
        """Where each highlight shown in the text with a note begins (the margin's mark)."""
        return [item.start for item in self._drawn.values() if item.note]

    @property
    def notes(self) -> int:
        """How many of the article's highlights (shown or not) have a note."""
        return sum(1 for item in self.items if item.note)


def _flatten(highlights: Sequence[Highlight]) -> list[Mark]:
    """Highlights as marks that do not overlap: where highlights nest or overlap, each stretch
    of text takes the colour of the innermost (shortest, then oldest) highlight covering it.

    One sweep over the edges, with the highlights covering the sweep in a heap keyed by length:
    O(n log n), so 500 overlapping highlights cost no more than a caret move.
    """
    if not highlights:
        return []
    ordered = sorted(highlights, key=lambda item: item.start)
    if all(a.end <= b.start for a, b in itertools.pairwise(ordered)):
        return [Mark(item.start, item.end, highlight_kind(item.color)) for item in ordered]
    cuts = sorted({edge for item in highlights for edge in (item.start, item.end)})
    covering: list[tuple[int, str, int, Highlight]] = []
    marks: list[Mark] = []
    taken = 0
    for left, right in itertools.pairwise(cuts):
        while taken < len(ordered) and ordered[taken].start <= left:
            item = ordered[taken]
            heapq.heappush(covering, (item.end - item.start, item.created, taken, item))
            taken += 1
        while covering and covering[0][3].end <= left:  # ended before this stretch
            heapq.heappop(covering)
        if covering:
            marks.append(Mark(left, right, highlight_kind(covering[0][3].color)))
    return marks
