"""The one way the UI calls the store: a failure becomes a notice saying what failed, never a crash.

The database can fail under a running session (a full disk, a file made read-only, another
program damaging it). Every store call of a screen, a widget or a worker goes through `guarded`
(reads, and writes made in a worker thread already) or `StoreWrites` (writes asked for on the
app's thread), so the app keeps going and says what could not be done and why; reading never
stops for it. Safe from worker threads: a notice is a message, and Textual posts messages
thread-safely.

Writes never run on the app's thread: another `reader` (an import, a second login) may hold the
database's write lock for seconds, and a write waits for it (`reader.store.connection`). They are
queued, made one after another in a thread worker in the order asked, and each one's answer is
handed back on the app's thread (`then`), where the caller applies it: a highlight appears once
it is saved. Reads go on meanwhile (SQLite's readers never wait for its writer). A write still
waiting after `BUSY_AFTER` seconds is said, until the queue is empty again.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from textual.app import App
from textual.signal import Signal
from textual.timer import Timer

from reader.core.text.sanitize import sanitize_line
from reader.store.connection import WRITE_PATIENCE
from reader.store.db import StoreError

T = TypeVar("T")

#: Seconds a write may take before the app says it is waiting for the database.
BUSY_AFTER = 0.3
#: What the app says meanwhile (in the key bar and once as a notice).
BUSY_MESSAGE = "Saving… (the database is busy)"
#: The worker group the writes run in.
WRITES_GROUP = "store-writes"


def guarded(app: App[Any], action: str, call: Callable[[], T]) -> T | None:
    """`call()`'s result, or None when the store failed: then "Could not `action`: why" is
    shown (`action` says what the user would have got: "save the note", "bookmark")."""
    try:
        return call()
    except StoreError as error:
        _say_failure(app, action, error)
        return None


def _say_failure(app: App[Any], action: str, error: StoreError) -> None:
    reason = sanitize_line(str(error))
    app.notify(f"Could not {action}: {reason}", severity="error", markup=False)


@dataclass
class _Write(Generic[T]):
    """One write asked for: what it does, what to do with its answer, and (once made) the
    answer or the error."""

    action: str
    call: Callable[[], T]
    then: Callable[[T], None] | None
    failed: Callable[[], None] | None
    asked: float = field(default_factory=time.monotonic)
    result: T | None = None
    error: BaseException | None = None

    def make(self) -> None:
        """Runs the write (in the writer thread), keeping its answer or its error."""
        try:
            self.result = self.call()
        except Exception as error:  # handed back to the app's thread, which decides
            self.error = error


class StoreWrites:
    """The app's store writes, made in order in a thread worker, answered on the app's thread.

    `busy_signal` is published with True when a write has been waiting longer than
    `BUSY_AFTER`, and with False once every write asked for has been answered.
    """

    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._lock = threading.Lock()
        self._queue: deque[_Write[Any]] = deque()
        #: Set while no writer thread runs (one is started when a write is asked for then).
        self._idle = threading.Event()
        self._idle.set()
        #: Cleared while the writer thread makes a write: the way out waits for it.
        self._making = threading.Event()
        self._making.set()
        #: The app is on its way out: the writer thread stops, `close` makes what is left.
        self._closing = False
        #: Writes asked for and not answered yet, oldest first (the app's thread only).
        self._unanswered: deque[_Write[Any]] = deque()
        self._watch: Timer | None = None
        self.busy = False
        self.busy_signal: Signal[bool] = Signal(app, "store-busy")

    @property
    def pending(self) -> int:
        """Writes asked for and not answered yet."""
        return len(self._unanswered)

    def write(
        self,
        action: str,
        call: Callable[[], T],
        then: Callable[[T], None] | None = None,
        failed: Callable[[], None] | None = None,
    ) -> None:
        """Makes `call()` after every write asked for before it; `then(result)` runs on the
        app's thread once it is made. If the store fails, "Could not `action`: why" is shown
        and `failed()` runs instead."""
        job = _Write(action, call, then, failed)
        if self._closing:  # asked for on the way out: nobody is left to answer
            job.make()
            return
        self._unanswered.append(job)
        if self._watch is None:
            self._watch = self._app.set_interval(BUSY_AFTER / 3, self._check_busy)
        with self._lock:
            self._queue.append(job)
            start = self._idle.is_set()
            self._idle.clear()
        if start:
            self._app.run_worker(self._drain, thread=True, group=WRITES_GROUP)

    def after(self, then: Callable[[], None]) -> None:
        """Runs `then()` on the app's thread once every write asked for so far is answered
        (at once if none is pending): for what must see their results in the store."""
        if not self._unanswered:
            then()
        else:
            self.write("", lambda: None, lambda _none: then())

    def settled(self, then: Callable[[], None]) -> None:
        """Runs `then()` once no write is left to answer, counting those asked meanwhile (a
        write's answer may ask for the next one: a note's highlight, then its editor)."""
        if self.pending:
            self.after(lambda: self.settled(then))
        else:
            then()

    def close(self) -> None:
        """Makes the writes asked for, in order, before the store is closed (on the way out,
        when no key is answered any more, and a worker may no longer start): the one under
        way in the writer thread is waited for, the rest are made here."""
        with self._lock:
            self._closing = True
        self._making.wait(WRITE_PATIENCE + 5.0)
        with self._lock:
            left, self._queue = list(self._queue), deque()
        for job in left:
            job.make()

    def _drain(self) -> None:
        """The writer thread: makes the queued writes one by one and hands each answer back."""
        while True:
            with self._lock:
                if self._closing or not self._queue:
                    self._idle.set()
                    return
                job = self._queue.popleft()
                self._making.clear()
            try:
                job.make()
            finally:
                self._making.set()
            self._app.call_later(self._answered, job)

    def _answered(self, job: _Write[Any]) -> None:
        """On the app's thread: the write `job` was made, or failed."""
        self._unanswered.remove(job)
        if not self._unanswered:
            self._quiet(saved=job.error is None)
        if isinstance(job.error, StoreError):
            _say_failure(self._app, job.action, job.error)
            if job.failed is not None:
                job.failed()
        elif job.error is not None:
            raise job.error  # a bug, not a store failure: Textual shows it as any other
        elif job.then is not None:
            job.then(job.result)

    def _check_busy(self) -> None:
        if self.busy or not self._unanswered:
            return
        if time.monotonic() - self._unanswered[0].asked >= BUSY_AFTER:
            self.busy = True
            self.busy_signal.publish(True)
            self._app.notify(BUSY_MESSAGE, severity="warning", markup=False)

    def _quiet(self, saved: bool) -> None:
        """Every write is answered: the watch stops, and a wait that was said is over (`saved`
        says whether the last write was made; a failure says so itself)."""
        if self._watch is not None:
            self._watch.stop()
            self._watch = None
        if self.busy:
            self.busy = False
            self.busy_signal.publish(False)
            if saved:
                self._app.notify("Saved.", markup=False)
