"""A review being worked through: today's queue, the one shown, and what was done, to undo.

The screen holds one `ReviewRound` per day and asks it what to show; grading or stopping a
highlight moves on at once (the store is written behind), and undoing puts the last one done
back in front. Kept apart from any widget so the rules are plain to test.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from reader.core.review.cards import Grade

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Done(Generic[T]):
    """One item dealt with: graded (`grade`), or stopped for good (`grade` None)."""

    item: T
    grade: Grade | None


class ReviewRound(Generic[T]):
    """The items still to review (the first is the one shown) and those done, newest last."""

    def __init__(self, day: str, items: Iterable[T], earlier: int = 0) -> None:
        #: The local day (`2026-03-02`) this round is for: another day needs a new round.
        self.day = day
        #: Highlights graded earlier the same day (another round, another session).
        self.earlier = earlier
        self._left: deque[T] = deque(items)
        self._done: list[Done[T]] = []
        #: How many items the round started with.
        self.total = len(self._left)

    @property
    def current(self) -> T | None:
        return self._left[0] if self._left else None

    @property
    def waiting(self) -> tuple[T, ...]:
        """The items still to review, the current one first."""
        return tuple(self._left)

    @property
    def left(self) -> int:
        return len(self._left)

    @property
    def done(self) -> int:
        return len(self._done)

    @property
    def finished(self) -> bool:
        return not self._left

    @property
    def last(self) -> Done[T] | None:
        """The last item dealt with (what `undo` would bring back)."""
        return self._done[-1] if self._done else None

    def answer(self, grade: Grade | None) -> Done[T] | None:
        """The current item graded (or stopped, `grade` None): the next one is shown."""
        if not self._left:
            return None
        step = Done(self._left.popleft(), grade)
        self._done.append(step)
        return step

    def undo(self) -> Done[T] | None:
        """The last item dealt with comes back in front; None if nothing was done."""
        if not self._done:
            return None
        step = self._done.pop()
        self._left.appendleft(step.item)
        return step

    def forget(self, step: Done[T]) -> None:
        """A step whose write failed: it is shown again in front, and is not undone later."""
        kept = [done for done in self._done if done is not step]
        if len(kept) < len(self._done):
            self._done = kept
            self._left.appendleft(step.item)

    def replace(self, old: T, new: T) -> None:
        """An item changed (its note, its tags): the round holds the new version."""
        self._left = deque(new if item is old else item for item in self._left)
        self._done = [Done(new, d.grade) if d.item is old else d for d in self._done]
