"""Imported articles' text fetched while the app runs, and the list's rows for those still
waiting.

The fetching itself is `reader fetch --progress-json`, run as a child process by a thread
worker: the pages' extraction then never competes with the keyboard for the interpreter, and
quitting ends it at once (the queue is in the store: the next start, or `reader fetch`, carries
on, and a page it was saving is either whole or not there). The child runs at a lower priority
(`NICER`): on a busy machine the keys come first, the pages a moment later. Its progress is a
bar with counts above the key bar. The library folder's watch takes each saved page into the
list as it arrives (one file read, not the library: `Library`), and a row fetched a moment ago
stays listed until then (`Queue.pending_articles`); the whole library is read again once, at
the end, when a notice gives the totals and says how to see the failures.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import replace
from pathlib import Path
from typing import Any

from textual.screen import Screen

from reader.core.article import ArticleMeta
from reader.core.library import LibraryIndex
from reader.core.library.discovery import within
from reader.core.library.pending import with_pending
from reader.store.errors import UnsafeDataDir
from reader.store.state import Store
from reader.ui.guard import guarded
from reader.ui.ingest import RefreshProgress, library_folder

FETCH_GROUP = "fetch-queue"
#: What the bar above the keys says meanwhile.
FETCHING = "Fetching imported articles…"
#: How much lower the child's scheduling priority is than the app's (`nice` steps).
NICER = 10
#: Seconds between two updates of the bar: the child says where it is after every page (up to
#: a hundred times a second), and each update redraws the bar on the app's thread.
PROGRESS_EVERY = 0.25

#: Called on the app's thread with the library folder when fetched articles were saved.
OnSaved = Callable[[Path], None]


class BackgroundFetch:
    """The app's side of the fetch queue: rows still waiting, and fetching them."""

    def __init__(self, screen: Screen[Any], store: Store, saved: OnSaved) -> None:
        self._screen = screen
        self._store = store
        self._saved = saved
        self._child: subprocess.Popen[bytes] | None = None
        self._started = False
        #: The rows still to fetch as last read while the fetch runs, with the queue's shape.
        self._kept: tuple[tuple[int, int], list[ArticleMeta]] | None = None

    @property
    def child(self) -> subprocess.Popen[bytes] | None:
        """The `reader fetch` process while one runs."""
        return self._child

    def _library(self) -> Path | None:
        try:
            return library_folder(self._screen.app)
        except UnsafeDataDir:
            return None

    def with_pending(self, index: LibraryIndex, paths: list[Path]) -> LibraryIndex:
        """`index` with the imported articles not fetched yet, when the library folder is one
        of `paths` (called in the worker that loads the library)."""
        library = self._library()
        if library is None or self._store.is_memory or not within(paths)(str(library / "x")):
            return index
        pending = self._waiting(library)
        if not pending:
            return index
        return replace(index, articles=with_pending(index.articles, pending))  # (its state too)

    def _waiting(self, library: Path) -> list[ArticleMeta] | None:
        """The rows still to fetch. While the fetch runs, rows only stop waiting (a file saved
        then wins over its row in the list), so the rows read once are used again while no row
        was added or removed: reading 50,000 of them is 0.16 s, at every burst of arrivals."""
        app, queue = self._screen.app, self._store.queue
        shape = guarded(app, "read the fetch queue", queue.shape)
        kept = self._kept
        if kept is not None and kept[0] == shape and self._child is not None:
            return kept[1]
        pending: list[ArticleMeta] | None = guarded(
            app, "list the articles still to fetch", lambda: queue.pending_articles(library)
        )
        self._kept = (shape, pending) if shape is not None and pending is not None else None
        return pending

    def start(self) -> None:
        """Fetch in the background if anything is queued: once a session, when the list has
        been drawn (what a run leaves, waiting for a busy site or the network, the next
        session or `reader fetch` takes up)."""
        app = self._screen.app
        library = self._library()
        if library is None or self._store.is_memory or self._started:
            return
        self._started = True
        counts = guarded(app, "read the fetch queue", self._store.queue.counts) or {}
        if not counts.get("queued"):
            return
        bar = RefreshProgress(FETCHING)
        self._screen.mount(bar)
        data = getattr(app, "data_dir", None)
        command = [sys.executable, "-m", "reader"]
        command += ["--data-dir", str(data)] if isinstance(data, Path) else []
        command += ["fetch", "--progress-json"]
        app.run_worker(
            lambda: self._run(command, bar, library),
            thread=True,
            group=FETCH_GROUP,
            exit_on_error=False,
        )

    def stop(self) -> None:
        """End the child now (the app is quitting); what it did is in the store."""
        child, self._child = self._child, None
        if child is not None and child.poll() is None:
            child.terminate()

    def _run(self, command: list[str], bar: RefreshProgress, library: Path) -> None:
        app = self._screen.app
        last: dict[str, Any] = {}
        try:
            child = self._child = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
            _lower_priority(child.pid)
            assert child.stdout is not None
            shown = 0.0
            for line in child.stdout:
                try:
                    last = json.loads(line)
                except ValueError:
                    continue
                if "done" in last and time.monotonic() - shown >= PROGRESS_EVERY:
                    shown = time.monotonic()
                    app.call_from_thread(bar.show, int(last["done"]), int(last["total"]))
            child.wait()
        except OSError as error:
            last = {"error": str(error)}
        app.call_from_thread(self._finished, bar, library, last)

    def _finished(self, bar: RefreshProgress, library: Path, last: dict[str, Any]) -> None:
        self._child, self._kept = None, None  # (the rows are read afresh from now on)
        bar.remove()
        if "saved" not in last:
            return  # stopped (the app is quitting), or could not start
        self._saved(library)
        text = (
            f"{last['saved']:,} fetched, {last['failed']:,} failed, {last['gone']:,} gone; "
            f"{last['queued']:,} still queued."
        )
        if last.get("offline"):
            text += " The network is unreachable: they are fetched later."
        if last["failed"] or last["gone"]:
            text += " `reader fetch --failed` lists why; `reader fetch --retry` tries again."
        self._screen.app.notify(
            text,
            title="Imported articles",
            markup=False,
            severity="warning" if last["failed"] else "information",
        )


def _lower_priority(pid: int) -> None:
    """Lower the child's priority by `NICER` steps where the system allows it (POSIX); a
    system that refuses leaves it as it is."""
    setpriority = getattr(os, "setpriority", None)
    if setpriority is None:
        return
    with suppress(OSError):
        setpriority(os.PRIO_PROCESS, pid, os.getpriority(os.PRIO_PROCESS, 0) + NICER)
