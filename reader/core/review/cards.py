"""Where a highlight stands in the review: its `Card`, and the grades that move it on.

A highlight under review is a `Card`: FSRS's memory state (stability, difficulty), when it is
due, how often it was reviewed and forgotten, and whether `x` stopped it. What a grade does to
a card is `reader.core.review.spacing`'s (the `fsrs` package); these types load without it.
"""

from __future__ import annotations

from datetime import datetime
from enum import IntEnum, StrEnum

from msgspec import Struct
from msgspec.structs import replace

#: The longest interval, in days (the `fsrs` default): a claim beyond it is not believed.
MAXIMUM_INTERVAL = 36500


class Grade(IntEnum):
    """The four answers to "did this come back to you?", as the `1`-`4` keys give them."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    @property
    def label(self) -> str:
        return self.name.lower()


class Stage(StrEnum):
    """Where a highlight is in its reviews (FSRS's card states, plus never reviewed)."""

    NEW = "new"
    LEARNING = "learning"
    REVIEW = "review"
    RELEARNING = "relearning"


class Card(Struct, frozen=True):
    """One highlight's review state. Times are aware (UTC as stored).

    A card that was never graded (`stage` NEW) has no memory state and no due time: it exists
    only to say the highlight is stopped (`x`) before its first review.
    """

    stage: Stage = Stage.NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0
    #: When `x` stopped it: never shown again (None: it is reviewed).
    stopped: datetime | None = None

    @property
    def is_new(self) -> bool:
        return self.stage is Stage.NEW

    def stop(self, when: datetime) -> Card:
        return replace(self, stopped=when)
