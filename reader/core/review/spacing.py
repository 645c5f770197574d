"""What a grade does to a highlight's card: FSRS, through the `fsrs` package.

`Spacing` applies a grade with the `fsrs` package's `Scheduler` (the algorithm Anki ships);
nothing here hand-writes an interval. The schedulers run without learning steps (minutes apart)
and without fuzz: a highlight comes back on a later day, never twice in one sitting, and the
same grades at the same times give the same days on every machine (an export imported elsewhere
agrees; tests can name the day). Favourites are scheduled for a higher retention than the rest,
which FSRS turns into shorter intervals: they come back more often.
"""

from __future__ import annotations

from datetime import UTC, datetime

import fsrs

from reader.core.review.cards import MAXIMUM_INTERVAL, Card, Grade, Stage
from reader.core.review.settings import (
    DEFAULT_FAVOURITE_RETENTION,
    DEFAULT_RETENTION,
    RETENTION_RANGE,
)

_TO_FSRS = {
    Stage.LEARNING: fsrs.State.Learning,
    Stage.REVIEW: fsrs.State.Review,
    Stage.RELEARNING: fsrs.State.Relearning,
}
_FROM_FSRS = {state: stage for stage, state in _TO_FSRS.items()}


class Spacing:
    """The two FSRS schedulers (ordinary highlights and favourites) and what a grade does."""

    def __init__(
        self,
        retention: float = DEFAULT_RETENTION,
        favourite_retention: float = DEFAULT_FAVOURITE_RETENTION,
    ) -> None:
        self._plain = _scheduler(retention)
        self._favourite = _scheduler(max(retention, favourite_retention))

    def grade(self, card: Card | None, grade: Grade, when: datetime, favourite: bool) -> Card:
        """The card after `grade` at `when` (None or a NEW card: its first review)."""
        scheduler = self._favourite if favourite else self._plain
        moment = when.astimezone(UTC)
        current = card if card is not None else Card()
        reviewed, _log = scheduler.review_card(
            _to_fsrs(current, moment), fsrs.Rating(int(grade)), moment
        )
        lapsed = grade is Grade.AGAIN and current.stage is not Stage.NEW
        return Card(
            stage=_FROM_FSRS[reviewed.state],
            step=reviewed.step,
            stability=reviewed.stability,
            difficulty=reviewed.difficulty,
            due=reviewed.due,
            last_review=reviewed.last_review,
            reps=current.reps + 1,
            lapses=current.lapses + int(lapsed),
            stopped=current.stopped,
        )

    def recall(self, card: Card, when: datetime) -> float:
        """How likely the highlight is still recalled at `when` (0 for one never reviewed)."""
        if card.is_new:
            return 0.0
        return float(self._plain.get_card_retrievability(_to_fsrs(card, when), when))


def _scheduler(retention: float) -> fsrs.Scheduler:
    low, high = RETENTION_RANGE
    return fsrs.Scheduler(
        desired_retention=min(high, max(low, retention)),
        learning_steps=(),
        relearning_steps=(),
        maximum_interval=MAXIMUM_INTERVAL,
        enable_fuzzing=False,
    )


def _to_fsrs(card: Card, when: datetime) -> fsrs.Card:
    """The `fsrs` card for `card` (`card_id` given: fsrs would otherwise sleep 1 ms per card)."""
    if card.is_new:
        return fsrs.Card(card_id=0, due=when.astimezone(UTC))
    return fsrs.Card(
        card_id=0,
        state=_TO_FSRS[card.stage],
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=(card.due or when).astimezone(UTC),
        last_review=card.last_review.astimezone(UTC) if card.last_review else None,
    )
