"""The search matches shown in an opened article, and which one `n`/`N` is on.

An article opened from a search result marks every match of the query; the one at or after the
result's passage is current, and `n`/`N` walk them, wrapping round at either end.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable


class Matches:
    """(start, end) body offsets of search matches, in reading order, and the current one."""

    def __init__(self, spans: Iterable[tuple[int, int]] = (), at: int = 0) -> None:
        self.spans: list[tuple[int, int]] = []
        #: Index of the current match; -1 when there are none.
        self.index = -1
        self.reset(spans, at)

    def reset(self, spans: Iterable[tuple[int, int]] = (), at: int = 0) -> None:
        """New matches (none: the search was left); the first at or after `at` is current."""
        self.spans = sorted(spans)
        self.index = -1
        if self.spans:
            after = bisect_left(self.spans, (at, -1))
            self.index = after if after < len(self.spans) else 0

    def __bool__(self) -> bool:
        return bool(self.spans)

    def __len__(self) -> int:
        return len(self.spans)

    @property
    def current(self) -> tuple[int, int] | None:
        return self.spans[self.index] if 0 <= self.index < len(self.spans) else None

    def step(self, step: int) -> int | None:
        """Makes the match `step` away current (wrapping); its start, None with no matches."""
        if not self.spans:
            return None
        self.index = (self.index + step) % len(self.spans)
        return self.spans[self.index][0]
