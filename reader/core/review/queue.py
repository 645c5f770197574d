"""Today's review: which highlights come up, in what order, from a clock the caller passes in.

The rules, all here so the app and `reader review` agree:

- a day holds `per_day` reviews (highlights graded earlier today count against it);
- up to `new_share` of them are highlights never reviewed, spread among the due ones; either
  kind fills the places the other leaves empty;
- due ones come most overdue first, favourites (highlights tagged `favourite_tag`) ahead of
  the rest; new ones favourites first, then in an order that changes from day to day (a digest
  that is never graded still shows something new each morning) but not within a day;
- highlights stopped with `x`, and those of articles in the Trash or deleted, never come up;
- a day is the local calendar day of the clock given (its time zone is the user's).
"""

from __future__ import annotations

import zlib
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import NamedTuple

from reader.core.review.cards import Card
from reader.core.review.days import Day, day_of
from reader.core.review.settings import ReviewSettings


class Candidate(NamedTuple):
    """A highlight that might come up: which article it is in, whether it is a favourite, and
    its card (None: never reviewed nor stopped). A named tuple: a library holds tens of
    thousands, made on every opening of the review."""

    highlight_id: str
    article_id: str
    favourite: bool = False
    card: Card | None = None

    @property
    def is_new(self) -> bool:
        return self.card is None or self.card.is_new

    @property
    def stopped(self) -> bool:
        return self.card is not None and self.card.stopped is not None


def is_due(candidate: Candidate, day: Day) -> bool:
    """Reviewed before and due by the end of `day`."""
    card = candidate.card
    return card is not None and card.due is not None and not card.is_new and card.due < day.end


def reviewable(candidates: Sequence[Candidate], hidden: Collection[str]) -> list[Candidate]:
    """The candidates that may ever come up: not stopped, their article not in `hidden` (the
    Trash, deleted)."""
    return [c for c in candidates if not c.stopped and c.article_id not in hidden]


def todays_queue(
    candidates: Sequence[Candidate],
    settings: ReviewSettings,
    now: datetime,
    hidden: Collection[str] = (),
    done_today: int = 0,
) -> list[Candidate]:
    """The highlights to review now, in order (see the module's rules)."""
    room = settings.per_day - done_today
    if room <= 0:
        return []
    day = day_of(now)
    due: list[Candidate] = []
    new: list[Candidate] = []
    for candidate in candidates:  # one pass: tens of thousands in a long-kept library
        card = candidate.card
        if candidate.article_id in hidden or (card is not None and card.stopped is not None):
            continue
        if card is None or card.is_new:
            new.append(candidate)
        elif card.due is not None and card.due < day.end:
            due.append(candidate)
    due.sort(key=lambda c: (not c.favourite, c.card.due if c.card else None, c.highlight_id))
    seed = day_seed(day)
    new.sort(key=lambda c: (not c.favourite, new_order(c.highlight_id, seed), c.highlight_id))
    share = min(1.0, max(0.0, settings.new_share))
    new_room = min(len(new), round(room * share))
    taken_due = due[: room - new_room]
    taken_new = new[: room - len(taken_due)]
    return spread(taken_due, taken_new)


def day_seed(day: Day) -> int:
    """The seed of `day`'s order of new highlights: the same all day, another tomorrow."""
    return zlib.crc32(f"{day.name}\0".encode())


def new_order(highlight_id: str, seed: int) -> int:
    """Where a new highlight comes among the new ones on the day of `seed` (lowest first; the
    store orders by the same function in SQL, so it reads only the first few)."""
    return zlib.crc32(highlight_id.encode(), seed)


def spread(first: list[Candidate], mixed: list[Candidate]) -> list[Candidate]:
    """`first` in order with `mixed` spread evenly among them (one every so many places)."""
    if not first or not mixed:
        return first + mixed
    total = len(first) + len(mixed)
    # The middle of each of len(mixed) equal stretches; apart by more than one place, since
    # there are more places than `mixed` holds.
    places = {int((k + 0.5) * total / len(mixed)) for k in range(len(mixed))}
    rest, extra = iter(first), iter(mixed)
    return [next(extra) if place in places else next(rest) for place in range(total)]
