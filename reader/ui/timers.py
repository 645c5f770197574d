"""A timer whose moment has already come fires at once: it neither freezes the app nor vanishes.

Textual 8.2's `Timer` skips ticks that are overdue when it first looks at the clock. Two faults
follow for a timer asked for "now":
- an interval of zero or less never moves the next tick forward, so the timer loops without
  ever yielding: the whole app spins at full CPU and answers no key (zero divides by zero);
- a one-shot timer of a few microseconds is already overdue at its first look, so its only tick
  is skipped and its callback never runs.
Textual makes such timers itself: a notice's toast is mounted again whenever the screen changes
or the window is resized, with a timer of the notice's `time_left`, which microseconds after the
rack's expiry check is negative (or tiny). The random-key probe (`benchmarks/monkey.py --seed
21`) froze the app this way.

`mend_timers` wraps `Timer`'s constructor once: a one-shot timer, or any timer of a non-positive
interval, waits at least `SOONEST` seconds, long enough that its first look at the clock finds
it not yet due (another thread may hold the interpreter for its 5 ms switch interval in between),
short enough to be "at once" on screen. Repeating timers of a positive interval (the screen's
refresh) are untouched.
"""

from __future__ import annotations

import functools
from typing import Any

from textual.timer import Timer

#: The shortest wait of a timer that is due now.
SOONEST = 0.01

_MENDED = "_reader_mended"


def mend_timers() -> None:
    """Give timers due now a wait of `SOONEST`; safe to call more than once."""
    if getattr(Timer.__init__, _MENDED, False):
        return
    original = Timer.__init__

    @functools.wraps(original)
    def init(self: Timer, event_target: Any, interval: float, *args: Any, **kwargs: Any) -> None:
        if interval <= 0 or (kwargs.get("repeat") == 0 and interval < SOONEST):
            interval = SOONEST
        original(self, event_target, interval, *args, **kwargs)

    setattr(init, _MENDED, True)
    Timer.__init__ = init  # type: ignore[method-assign]
