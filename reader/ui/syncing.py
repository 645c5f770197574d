"""Sync from inside the app: `ctrl+y` (`reader.sync`), and by itself when `[sync] auto = true`.

The app owns one `Syncer`. A sync runs in a thread worker (one at a time; the store's sync lock
also makes a `reader sync` in another shell wait), with the configured targets as its argument,
and reports back through `call_from_thread`. It opens a connection of its own, so what it
merges shows in the app the way another session's changes do. The status line (`SyncLine`, one
row above the keys) says how the last sync went, what is waiting, and the error if it failed;
it shows only when sync targets are configured. With `auto`, the app syncs at start and every
`AUTO_EVERY` seconds; the sync at quit is made by the command line once the app has given the
terminal back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import App
from textual.widgets import Static

from reader.core.text.sanitize import sanitize_line
from reader.store.state import Store

#: Seconds between two automatic syncs.
AUTO_EVERY = 300.0
SYNC_GROUP = "sync"


@dataclass(frozen=True, slots=True)
class SyncReport:
    """How one round of syncs went: when, how many changes came in, the errors."""

    when: str
    changed: int
    errors: tuple[str, ...]
    pending: int


class SyncLine(Static):
    """The sync status line: `Synced 14:02 · 3 changes came in`, `Syncing…`, or the error."""

    DEFAULT_CSS = """
    SyncLine {
        height: 1;
        width: 1fr;
        padding: 0 1;
        background: $panel;
        color: $text-muted;
    }
    SyncLine.-failed { color: $text-error; }
    """

    def say(self, text: str, failed: bool = False) -> None:
        self.set_class(failed, "-failed")
        self.update(Text(sanitize_line(text)[:200]))


class Syncer:
    """The app's syncs: started by key, palette or timer, one at a time, reported in the line."""

    def __init__(
        self,
        app: App[Any],
        store: Store,
        data_dir: Path | None,
        targets: Sequence[str],
        run: Callable[[Store, Path, str], object] | None = None,
    ) -> None:
        self._app = app
        self._store = store
        self._data_dir = data_dir
        self.targets = tuple(targets)
        self._run = run
        self.line = SyncLine("")
        #: The last round's report (None before the first).
        self.last: SyncReport | None = None

    def start(self, auto: bool) -> None:
        """Show the status line (if there is anything to sync with) and, with `auto`, sync now
        and every `AUTO_EVERY` seconds."""
        if not self.targets:
            return
        self._app.screen.mount(self.line)
        pending = self._store.sync.pending() if not self._store.is_memory else 0
        self.line.say(f"Not synced yet this session · {pending} changes waiting")
        if auto:
            self.sync_now()
            self._app.set_interval(AUTO_EVERY, self.sync_now)

    def sync_now(self) -> None:
        """Sync with every configured target in a worker (unless one is running)."""
        if not self.targets:
            self._app.notify(
                "Nothing to sync with: set [sync] targets in the config, or run "
                "`reader sync TARGET` in a shell.",
                title="Sync",
                markup=False,
            )
            return
        if self._data_dir is None or self._store.is_memory:
            self._app.notify("Nothing is saved this session, so nothing syncs.", markup=False)
            return
        if any(w.group == SYNC_GROUP and w.is_running for w in self._app.workers):
            return
        if self.line.is_mounted:
            self.line.say("Syncing…")
        self._app.run_worker(
            lambda: self._job(self.targets, self._data_dir), group=SYNC_GROUP, thread=True
        )

    def _job(self, targets: tuple[str, ...], data_dir: Path | None) -> None:
        from datetime import datetime

        from reader.ingest.sync.run import sync_target
        from reader.ingest.sync.session import SyncFailed

        run = self._run or sync_target
        changed, errors, pending = 0, [], 0
        assert data_dir is not None
        try:
            # A connection of its own: what the sync writes shows in the app as another
            # session's changes do (the screen's poll of the database reloads it).
            with Store.open(data_dir) as store:
                for target in targets:
                    try:
                        changed += int(getattr(run(store, data_dir, target), "changed", 0))
                    except SyncFailed as error:
                        errors.append(f"{target}: {error}")
                pending = store.sync.pending()
        except Exception as error:  # a broken store or disk: said, the app goes on
            errors.append(f"{type(error).__name__}: {error}")
        report = SyncReport(datetime.now().strftime("%H:%M"), changed, tuple(errors), pending)
        self._app.call_from_thread(self._finished, report)

    def _finished(self, report: SyncReport) -> None:
        self.last = report
        if report.errors:
            self.line.say(f"Sync failed {report.when}: {'; '.join(report.errors)}", failed=True)
            return
        came = f" · {report.changed} changes came in" if report.changed else ""
        self.line.say(f"Synced {report.when}{came} · {report.pending} changes waiting")
