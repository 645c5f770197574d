"""Keys first: background work in the app's process gives way to the keyboard.

While imported pages are fetched, the app takes each saved page in (the list, its counts, the
search index, the results of the query typed) beside the keys being typed. Two things make a
key wait for that work, and this module answers both:

- The interpreter's lock. Workers (the library's rescan, the search index brought up to date)
  are Python threads; each time the app's thread lets the lock go (to wait for input, to write
  to the terminal) a worker takes it, and the app's thread waits for the worker's turn to end
  before going on: 5 ms by default (`sys.getswitchinterval`), several times for one key.
  While the app runs the turn is `SWITCH` seconds, so a key waits a fraction of that.
- Work landing on the app's thread between two keys. `after_pause` runs a callback once the
  typing pauses for `PAUSE` seconds, or anyway `OVERDUE` seconds after it was asked for, so a
  user typing without pause still sees the list fill (a moment later), and each burst of work
  lands at most once per `OVERDUE` seconds instead of with every arrival. Requests under one
  name are gathered: the last callback runs once.

The first frame comes before both. Textual starts an app inside one batch of updates: the main
screen's first layout is made there and not written, and a `call_after_refresh` callback asked
for then runs right after that unwritten refresh, before anything is on the terminal. Work
started from such a callback (the disk check, today's review gathered ahead, the folders'
watch, the collector resumed) took the interpreter from the first frame. `after_first_frame`
holds callbacks until the app's `Ready` event (its first layout done), then until a pause in
the keys typed from then on, and runs each after the next refresh: once the first frame is
drawn, and not beside the first thing the user asks for.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.message_pump import MessagePump
from textual.timer import Timer

#: The interpreter's turn (seconds) while the app runs: how long the app's thread may wait for
#: a worker to let the lock go (Python's default is 0.005).
SWITCH = 0.001
#: Seconds without a key that count as a pause in the typing.
PAUSE = 0.25
#: Seconds after which work waiting for a pause runs even while keys keep coming.
OVERDUE = 1.0
#: The same for heavier work: the search index taking in the pages that arrived, or every
#: article's state read again after another process's commit (the fetch commits twice a second).
HEAVY_OVERDUE = 3.0
#: Seconds between two looks at what waits.
CHECK = 0.05


#: How work is handed to `KeysFirst.after_pause` (or run at once: `at_once`).
Pace = Callable[..., None]
#: How work is handed to `KeysFirst.after_first_frame` (or `call_after_refresh`).
Later = Callable[[Callable[[], None]], object]


def first_frame_of(keys_first: KeysFirst | None, pump: MessagePump) -> Later:
    """`keys_first.after_first_frame`; for a screen made without `KeysFirst` (some tests), the
    next refresh of `pump`."""
    return keys_first.after_first_frame if keys_first is not None else pump.call_after_refresh


def at_once(_name: str, callback: Callable[[], None], overdue: float = OVERDUE) -> None:
    """A pace without a keyboard to give way to (a screen made without `KeysFirst`)."""
    callback()


class KeysFirst:
    """The keyboard's priority over `app`'s background work: the interpreter's turn, and work
    that waits for a pause in the typing."""

    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._last_key = 0.0
        self._switch: float | None = None
        #: name -> (when it runs even if the keys keep coming, the callback to run).
        self._waiting: dict[str, tuple[float, Callable[[], None]]] = {}
        self._timer: Timer | None = None
        #: Callbacks waiting for the first frame (None once it is drawn).
        self._before_first: list[Callable[[], None]] | None = []

    def after_first_frame(self, callback: Callable[[], None]) -> None:
        """Runs `callback` on the app's thread after a refresh that is drawn: the first frame,
        or the next refresh once the first has been."""
        if self._before_first is None:
            self._app.call_after_refresh(callback)
        else:
            self._before_first.append(callback)

    def first_frame(self) -> None:
        """The app's first layout is done (its `Ready` event): what waited for it runs after
        the refresh that draws it, and after the keys typed right after it, as work waiting
        for a pause does (the first frame counts as a key: `enter` pressed as the list shows
        opens its article without the disk check, the review and the watch beside it)."""
        waiting, self._before_first = self._before_first or [], None
        self._last_key = max(self._last_key, time.monotonic())

        def run() -> None:
            for callback in waiting:
                self._app.call_after_refresh(callback)

        self.after_pause("first-frame", run)

    def start(self) -> None:
        """From now on workers' turns are short."""
        if self._switch is None:
            self._switch = sys.getswitchinterval()
            sys.setswitchinterval(SWITCH)

    def stop(self) -> None:
        """The interpreter's turn as it was; nothing waits any more."""
        if self._switch is not None:
            sys.setswitchinterval(self._switch)
            self._switch = None
        self._waiting.clear()
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def key(self) -> None:
        """A key came."""
        self._last_key = time.monotonic()

    def after_pause(
        self, name: str, callback: Callable[[], None], overdue: float = OVERDUE
    ) -> None:
        """Runs `callback` on the app's thread at the next pause in the typing (at once if the
        keys rest already), or `overdue` seconds from the first request of this `name` still
        waiting; a later request of the same name replaces the callback."""
        now = time.monotonic()
        due = self._waiting[name][0] if name in self._waiting else now + overdue
        self._waiting[name] = (due, callback)
        if now - self._last_key >= PAUSE:
            self._run_due()
        elif self._timer is None:
            self._timer = self._app.set_interval(CHECK, self._run_due, name="keys-first")

    def _run_due(self) -> None:
        now = time.monotonic()
        resting = now - self._last_key >= PAUSE
        due = [name for name, (when, _run) in self._waiting.items() if resting or now >= when]
        for name in due:
            _when, callback = self._waiting.pop(name)
            callback()
        if not self._waiting and self._timer is not None:
            self._timer.stop()
            self._timer = None
