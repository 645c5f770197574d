"""The matches marked in the open article, and which one `n`/`N` is on.

They come from a library search (an article opened from a result marks every match of its query)
or from a find in the article (`/`). Either way the one at or after a starting place is current,
and `n`/`N` walk them, wrapping round at either end. A find's matches are hidden by `escape` and
shown again by `n`/`N`, which keep walking them until the next find.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from reader.core.reading.find import Span, SpanList


class MatchSource(Protocol):
    """Where the matches are: a `SpanList` or a `PhraseFinder`."""

    def count(self) -> int: ...
    def first_at(self, offset: int) -> Span | None: ...
    def step_from(self, span: Span, step: int) -> Span | None: ...
    def rank(self, span: Span) -> int: ...
    def between(self, start: int, end: int) -> list[Span]: ...


class Matches:
    """The matches of the open article, the current one, and whether they are shown."""

    def __init__(self, spans: Iterable[Span] = (), at: int = 0) -> None:
        self._source: MatchSource = SpanList([])
        self._count = 0
        self.current: Span | None = None
        #: Index of the current match; -1 when there are none.
        self.index = -1
        #: Whether the matches are marked in the text (`escape` hides a find's).
        self.shown = True
        #: The phrase found in the article, or None for a library search's matches.
        self.phrase: str | None = None
        self.reset(spans, at)

    def reset(self, spans: Iterable[Span] = (), at: int = 0) -> None:
        """A library search's matches (none: the search was left); the first at or after
        `at` is current."""
        self.use(SpanList(list(spans)), at)

    def use(self, source: MatchSource, at: int = 0, phrase: str | None = None) -> None:
        """New matches from `source`; the first at or after `at` is current."""
        self._source = source
        self.phrase = phrase
        self._count = source.count()
        self.shown = True
        self._make_current(source.first_at(at))

    def copy(self) -> Matches:
        """These matches as they are now (a find being typed can be dropped back to them)."""
        copied = Matches()
        copied.take(self)
        return copied

    def take(self, other: Matches) -> None:
        """Becomes `other`'s matches, current one and visibility."""
        self._source, self._count, self.phrase = other._source, other._count, other.phrase
        self.current, self.index, self.shown = other.current, other.index, other.shown

    def _make_current(self, span: Span | None) -> None:
        self.current = span
        self.index = -1 if span is None else self._source.rank(span)

    def __bool__(self) -> bool:
        return self._count > 0

    def __len__(self) -> int:
        return self._count

    @property
    def spans(self) -> list[Span]:
        """Every match (for tests and small lists: a find answers `between` instead)."""
        return self._source.between(0, 2**62)

    def between(self, start: int, end: int) -> list[Span]:
        """The matches shown over [start, end): the lines being drawn ask."""
        return self._source.between(start, end) if self.shown and self._count else []

    def step(self, step: int) -> int | None:
        """Makes the match `step` away current (wrapping), showing the matches again; its
        start, None with no matches."""
        if not self._count or self.current is None:
            return None
        self.shown = True
        self._make_current(self._source.step_from(self.current, step))
        return None if self.current is None else self.current[0]
