"""Sync from inside the app: `ctrl+y` (`reader.sync`), and by itself when `[sync] auto = true`.

The app owns one `Syncer`. A sync is `reader sync --json TARGET...` run as a child process
from a thread worker (one at a time; the store's sync lock also makes a `reader sync` in another
shell wait): the document of a whole library costs memory and seconds to load, never the app's,
and what the child merges shows in the app the way another session's changes do. The answer
comes back through `call_from_thread`. The status line (`SyncLine`, one
row above the keys) says how the last sync went, what is waiting, and the error if it failed;
it shows only when sync targets are configured. With `auto`, the app syncs at start and every
`AUTO_EVERY` seconds; the sync at quit is made by the command line once the app has given the
terminal back.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from msgspec import Struct
from rich.text import Text
from textual.app import App
from textual.widgets import Static

from reader.core.text.sanitize import sanitize_line
from reader.store.state import Store
from reader.ui.guard import guarded

#: Seconds between two automatic syncs.
AUTO_EVERY = 300.0
SYNC_GROUP = "sync"


class SyncReport(Struct, frozen=True):
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
    ) -> None:
        self._app = app
        self._store = store
        self._data_dir = data_dir
        self.targets = tuple(targets)
        self._child: subprocess.Popen[bytes] | None = None
        self.line = SyncLine("")
        #: The last round's report (None before the first).
        self.last: SyncReport | None = None

    def start(self, auto: bool) -> None:
        """Show the status line (if there is anything to sync with) and, with `auto`, sync now
        and every `AUTO_EVERY` seconds."""
        if not self.targets:
            return
        self._app.screen.mount(self.line)
        pending = guarded(self._app, "count the changes not synced", self._store.sync.pending)
        self.line.say(f"Not synced yet this session · {pending or 0} changes waiting")
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
        command = [sys.executable, "-m", "reader", "--data-dir", str(data_dir), "sync", "--json"]
        changed, errors = 0, []
        try:
            # A process of its own: a whole library's document costs memory and seconds to
            # load, never the app's; no terminal, so ssh cannot ask for a password over it.
            child = self._child = subprocess.Popen(
                [*command, *targets],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            assert child.stdout is not None
            for line in child.stdout:
                try:
                    answer = json.loads(line)
                except ValueError:
                    continue
                if answer.get("ok"):
                    changed += int(answer.get("changed", 0)) + int(answer.get("files", 0))
                else:
                    errors.append(f"{answer.get('target')}: {answer.get('error')}")
            if child.wait() != 0 and not errors:
                errors.append(f"reader sync ended with status {child.returncode}")
        except OSError as error:
            errors.append(f"cannot run reader sync: {error}")
        self._child = None
        pending = guarded(self._app, "count the changes not synced", self._store.sync.pending)
        report = SyncReport(datetime.now().strftime("%H:%M"), changed, tuple(errors), pending or 0)
        self._app.call_from_thread(self._finished, report)

    def stop(self) -> None:
        """End a sync still running (the app is quitting): it merged all or nothing."""
        child, self._child = self._child, None
        if child is not None and child.poll() is None:
            child.terminate()

    def _finished(self, report: SyncReport) -> None:
        self.last = report
        if report.errors:
            self.line.say(f"Sync failed {report.when}: {'; '.join(report.errors)}", failed=True)
            return
        came = f" · {report.changed} changes came in" if report.changed else ""
        self.line.say(f"Synced {report.when}{came} · {report.pending} changes waiting")
