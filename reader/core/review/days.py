"""The review's days: a local calendar day from a clock, and the clock itself.

A day's review is the user's calendar day, so times are taken in the local time zone. Apart
from the scheduler so that the app can hold a clock without loading `fsrs`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from msgspec import Struct


def local_now() -> datetime:
    """This moment, aware, in the local time zone: the clock the app and the CLI read."""
    return datetime.now().astimezone()


class Day(Struct, frozen=True):
    """One local calendar day: [start, end)."""

    start: datetime
    end: datetime

    @property
    def name(self) -> str:
        """The date, `2026-03-02`."""
        return self.start.date().isoformat()


def day_of(now: datetime) -> Day:
    """The local day `now` falls in (in `now`'s own time zone; a naive time is local)."""
    moment = now if now.tzinfo is not None else now.astimezone()
    start = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return Day(start, start + timedelta(days=1))
