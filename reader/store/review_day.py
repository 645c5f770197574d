"""Today's review read from the store: the highlights that come up now, and the figures.

The app's review screen and `reader review` both start here, so they show the same highlights:
the store reads what today's queue can be picked from (`Reviews.pool`: the few due first, and
the highlights never reviewed), `reader.core.review.queue` picks today's, and only those few are
read in full, with their tags.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from reader.core.annotate.highlight import Highlight
from reader.core.review.days import Day, day_of
from reader.core.review.queue import Candidate, todays_queue
from reader.core.review.settings import ReviewSettings
from reader.core.review.stats import ReviewStats, review_stats
from reader.store.state import Store


@dataclass(frozen=True, slots=True)
class DueHighlight:
    """A highlight that comes up today, in full, with its tags and why it came (`candidate`)."""

    highlight: Highlight
    tags: tuple[str, ...]
    candidate: Candidate


@dataclass(frozen=True)
class TodaysReview:
    """The day, how many highlights were graded earlier that day, and those to review now."""

    day: Day
    earlier: int
    highlights: list[DueHighlight]


def todays_review(store: Store, settings: ReviewSettings, now: datetime) -> TodaysReview:
    """The highlights to review at `now`: due and new, less what was graded earlier today."""
    day = day_of(now)
    done = len(store.reviews.reviewed_between(day.start, day.end))
    pool = store.reviews.pool(settings.favourite_tag, day, settings.per_day - done)
    chosen = todays_queue(pool, settings, now, (), done)
    found = []
    for candidate in chosen:
        highlight = store.highlights.get(candidate.highlight_id)
        if highlight is not None:  # not deleted in another window meanwhile
            found.append(DueHighlight(highlight, store.tags.for_highlight(highlight.id), candidate))
    return TodaysReview(day, done, found)


def stats_now(store: Store, settings: ReviewSettings, now: datetime) -> ReviewStats:
    """The streak, what is due, and retention, at `now`."""
    candidates = store.reviews.candidates(settings.favourite_tag)
    return review_stats(candidates, store.reviews.log(), now, store.reviews.hidden_articles())
