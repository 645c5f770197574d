"""How the review is going: the streak, what is due, and how much is still recalled.

`reader review --stats` prints these. The streak counts local days in a row with at least one
review, up to today (or up to yesterday while today has none yet: a streak is not lost before
the day is over). Retention is the share of reviews, in the last `RETENTION_DAYS`, of highlights
already past their first review that were not graded "again": what Anki calls true retention.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from reader.core.review.cards import Grade, Stage
from reader.core.review.days import day_of
from reader.core.review.queue import Candidate, is_due, reviewable

#: The window retention is measured over, in days.
RETENTION_DAYS = 30


@dataclass(frozen=True, slots=True)
class Reviewed:
    """One grade given: to which highlight, when (aware), and where the highlight stood before."""

    highlight_id: str
    grade: Grade
    when: datetime
    prior: Stage


@dataclass(frozen=True, slots=True)
class ReviewStats:
    """The figures of `reader review --stats` (`as_json` is its `--json` shape)."""

    streak: int
    reviewed_today: int
    due_today: int
    due_tomorrow: int
    new: int
    learned: int
    stopped: int
    #: Share recalled over the last `RETENTION_DAYS` days; None with nothing to measure.
    retention: float | None
    #: How many reviews that share is measured on.
    measured: int

    def as_json(self) -> dict[str, object]:
        return {
            "streak": self.streak,
            "reviewed_today": self.reviewed_today,
            "due_today": self.due_today,
            "due_tomorrow": self.due_tomorrow,
            "new": self.new,
            "learned": self.learned,
            "stopped": self.stopped,
            "retention": None if self.retention is None else round(self.retention, 4),
            "retention_reviews": self.measured,
        }


def streak(days: Collection[date], today: date) -> int:
    """Days in a row with a review, ending today, or yesterday while today has none yet."""
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def retention(log: Sequence[Reviewed], now: datetime) -> tuple[float | None, int]:
    """The share of recent reviews of learned highlights not graded "again", and how many."""
    since = now - timedelta(days=RETENTION_DAYS)
    counted = [r for r in log if r.when >= since and r.prior is Stage.REVIEW]
    if not counted:
        return None, 0
    kept = sum(1 for r in counted if r.grade is not Grade.AGAIN)
    return kept / len(counted), len(counted)


def review_stats(
    candidates: Sequence[Candidate],
    log: Sequence[Reviewed],
    now: datetime,
    hidden: Collection[str] = (),
) -> ReviewStats:
    """Every figure at `now` (in the user's time zone, as `now` has it)."""
    today = day_of(now)
    tomorrow = day_of(today.end)
    zone = today.start.tzinfo
    days = {entry.when.astimezone(zone).date() for entry in log}
    pool = reviewable(candidates, hidden)
    due_today = sum(1 for c in pool if is_due(c, today))
    due_by_tomorrow = sum(1 for c in pool if is_due(c, tomorrow))
    share, measured = retention(log, now)
    return ReviewStats(
        streak=streak(days, today.start.date()),
        reviewed_today=len({r.highlight_id for r in log if today.start <= r.when < today.end}),
        due_today=due_today,
        due_tomorrow=due_by_tomorrow - due_today,
        new=sum(1 for c in pool if c.is_new),
        learned=sum(1 for c in pool if not c.is_new),
        stopped=sum(1 for c in candidates if c.stopped),
        retention=share,
        measured=measured,
    )
