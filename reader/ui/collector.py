"""Full garbage collections while the keyboard rests, never under a key.

Python's cyclic garbage collector runs a full collection (the oldest generation) on its own
every so often. In this app that collection also frees what a closed dialog left behind: a
chooser of 5,000 tags is a screen of widgets, options and cached strips, all in reference
cycles. Measured on 50,000 articles (`benchmarks/library_keys.py`), a full collection took
30 to 80 ms of the app's thread and landed on whichever key came next: a sort or a tag's view
then took 80 to 120 ms instead of 30. (The catalog itself is already set aside with
`gc.freeze`, `ui/screens/shelf.py`.)

`IdleCollector` keeps the young generations as Python runs them (they are cheap) and moves the
full collection to a moment with no key: `IDLE` seconds after the last one, checked every
`CHECK` seconds; one that found next to nothing to free makes the next wait longer. Typing
without a pause for long does not let garbage pile up: past `OVERDUE` young collections the
full one runs all the same. The thresholds are given back when the app
stops. The command line pauses the collector for the start-up (it would walk every module and
widget made, for little garbage); `start` lets it run again once the first frame is drawn.
"""

from __future__ import annotations

import gc
import time
from typing import Any

from textual.app import App
from textual.timer import Timer

from reader.ui.keys_first import Later

#: Seconds without a key before a full collection may run (longer than a search answer takes
#: on a loaded machine, so the collection does not land between a key and its results).
IDLE = 1.0
#: Seconds between two looks.
CHECK = 0.25
#: Collections of the middle generation since the last full one before a full one is due
#: (Python's own default third threshold).
DUE = 10
#: Past this many, a full collection runs even while keys keep coming.
OVERDUE = 400
#: A full collection that finds fewer unreachable objects than this found next to nothing to
#: free: what it walked is alive (at 100,000 articles, a catalog being built: four collections
#: of 30 to 70 ms each in the seconds after the first screen), so the next one waits for twice
#: as many young collections (up to `OVERDUE`); one that frees more brings back `DUE`.
FRUITLESS = 100
#: A third threshold Python never reaches: full collections only when asked for.
NEVER = 1 << 30


def resume_after_start_up() -> None:
    """The collector runs again; what start-up made (modules, classes, the screen's widgets)
    is set aside first (`gc.freeze`): it lives as long as the app, and the first collection
    would otherwise walk all of it, as the pause meant to avoid."""
    gc.freeze()
    gc.enable()


class IdleCollector:
    """Runs the full garbage collections for `app` when no key has come for a while."""

    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._last_key = time.monotonic()
        self._thresholds: tuple[int, int, int] | None = None
        self._timer: Timer | None = None
        #: Full collections made here (for tests and benchmarks).
        self.collections = 0
        #: Young collections after which the next full one may run at a pause (see `FRUITLESS`).
        self.due = DUE

    def start(self, later: Later | None = None) -> None:
        """From now on full collections wait for a pause in the typing; the collector paused
        for start-up resumes through `later` (after the first frame), or after a refresh."""
        if self._thresholds is None:
            self._thresholds = gc.get_threshold()
            young, middle, _full = self._thresholds
            gc.set_threshold(young, middle, NEVER)
        if self._timer is None:
            self._timer = self._app.set_interval(CHECK, self._look, name="idle-collector")
        if not gc.isenabled():  # paused for start-up by `reader` (`cli/library.py`)
            (later or self._app.call_after_refresh)(resume_after_start_up)

    def stop(self) -> None:
        """Python collects on its own again."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None

    def key(self) -> None:
        """A key came: no full collection for `IDLE` seconds."""
        self._last_key = time.monotonic()

    def _look(self) -> None:
        pending = gc.get_count()[2]
        idle = time.monotonic() - self._last_key >= IDLE
        if (idle and pending >= self.due) or pending >= OVERDUE:
            found = gc.collect()
            self.collections += 1
            self.due = DUE if found >= FRUITLESS else min(self.due * 2, OVERDUE)
