"""What the review needs from the app, handed down by the main screen in one object.

Light on purpose: the main screen imports it at start-up, while the review itself (and `fsrs`)
is loaded only when `V` is first pressed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from msgspec import Struct, field

from reader.core.review.days import local_now
from reader.core.review.settings import ReviewSettings
from reader.store.state import Store
from reader.ui.guard import StoreWrites

if TYPE_CHECKING:
    from reader.ui.screens.review.day import TodaysRound

#: The clock the review reads "today" from: an aware time in the user's zone.
Clock = Callable[[], datetime]


class ReviewSetup(Struct, frozen=True):
    """The config's `[review]` settings and the clock; tests pass a fixed clock."""

    settings: ReviewSettings = field(default_factory=ReviewSettings)
    clock: Clock = local_now


class ReviewContext(Struct, frozen=True):
    """The store and its writer, the setup, and today's round (gathered ahead, kept for the
    day: `today`)."""

    store: Store
    writes: StoreWrites
    setup: ReviewSetup
    today: TodaysRound
