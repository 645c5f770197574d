"""The review's settings (the config file's `[review]` table) and their defaults.

Apart from the scheduler so that reading the config never loads `fsrs`.
"""

from __future__ import annotations

from msgspec import Struct

from reader.core.shelf import tag_key

#: Reviews a day unless the config says otherwise.
DEFAULT_PER_DAY = 10
#: Share of a day's reviews given to highlights never reviewed before.
DEFAULT_NEW_SHARE = 0.3
#: The tag that makes a highlight a favourite.
DEFAULT_FAVOURITE_TAG = "favourite"
#: What FSRS aims for unless the config says otherwise: 90% of highlights still recalled when
#: they come back; favourites 95%, so their intervals are shorter.
DEFAULT_RETENTION = 0.9
DEFAULT_FAVOURITE_RETENTION = 0.95
#: Retentions the config may ask for: below, intervals grow absurd; above, every day is full.
RETENTION_RANGE = (0.7, 0.99)


class ReviewSettings(Struct, frozen=True):
    """How many highlights a day, how many of them new, which tag makes a favourite, and the
    retention FSRS schedules for (higher: shorter intervals)."""

    per_day: int = DEFAULT_PER_DAY
    new_share: float = DEFAULT_NEW_SHARE
    favourite_tag: str = DEFAULT_FAVOURITE_TAG
    retention: float = DEFAULT_RETENTION
    favourite_retention: float = DEFAULT_FAVOURITE_RETENTION

    @property
    def favourite_key(self) -> str:
        return tag_key(self.favourite_tag)
