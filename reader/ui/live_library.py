"""The library, live: a file that appears in, changes in or leaves a library folder while the app
runs reaches the list within two seconds, whoever wrote it (`reader add` in another shell, a sync
tool, an editor).

`LibraryWatch` watches the folders with `watchfiles` (inotify, FSEvents, kqueue or
ReadDirectoryChangesW underneath; where the platform gives no events, the watcher polls by
itself, and `WATCHFILES_FORCE_POLLING=1` forces polling, for network and WSL mounts whose events
never arrive). The watch runs in a thread of its own; a burst of changes (a sync tool writing a
hundred files, an editor's save-as-rename) is gathered into one report, and only names the
library could hold are reported: an editor's swap file or a half-written temporary never wakes
the list. `Rescans` makes sure one rescan runs at a time, and that changes reported while one
runs get another straight after it, never a stale answer over a newer one.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any

from textual.screen import Screen

from reader.core.library import is_article_name

#: At most this long (ms) a burst of changes is gathered before it is reported.
GATHER_MS = 500
#: A burst ends once nothing changed for this long (ms).
QUIET_MS = 80
#: Seconds between two looks at the folders when they must be polled.
POLL_DELAY_MS = 500


def watched_targets(roots: Iterable[Path]) -> list[Path]:
    """What to watch for `roots`: each one that exists, else its folder (a library folder not
    made yet: `reader add` makes it, and its first file must show too)."""
    targets: list[Path] = []
    for root in roots:
        path = Path(os.path.abspath(root))
        target = path if path.exists() else path.parent
        if target.exists() and target not in targets:
            targets.append(target)
    return targets


def library_change(roots: Iterable[Path]) -> Callable[[str], bool]:
    """Whether a changed path can matter to the list: under one of `roots`, not hidden (discovery
    skips hidden names, and temporary files are hidden), and an article file or a folder (a
    removed folder has no suffix)."""
    scopes = [os.path.abspath(root) for root in roots]

    def matters(path: str) -> bool:
        for scope in scopes:
            if path == scope or path.startswith(scope.rstrip(os.sep) + os.sep):
                inside = path[len(scope) :].split(os.sep)
                if any(part.startswith(".") for part in inside if part):
                    return False
                return is_article_name(path) or not os.path.splitext(path)[1]
        return False

    return matters


class LibraryWatch:
    """Watches the library folders of `screen` in a thread and hands each burst of
    changed paths to `changed`, on the app's thread."""

    def __init__(
        self,
        screen: Screen[Any],
        changed: Callable[[set[str]], None],
        *,
        force_polling: bool | None = None,
    ) -> None:
        self._screen = screen
        self._changed = changed
        self._force_polling = force_polling
        self._stop = threading.Event()

    def start(self, roots: Sequence[Path]) -> None:
        """(Re)starts watching `roots`: a watch under way stops first."""
        self.stop()
        self._stop = stop = threading.Event()
        targets = watched_targets(roots)
        if not targets:
            return
        matters = library_change(roots)
        # A thread of its own, not a worker: it lives as long as the screen, and "no worker
        # running" keeps meaning "nothing left to do" (tests and the benchmarks wait for it).
        threading.Thread(
            target=self._watch, args=(targets, matters, stop), name="library-watch", daemon=True
        ).start()

    def stop(self) -> None:
        """Stops the watch (within `QUIET_MS`): on the way out, or before watching anew."""
        self._stop.set()

    def _watch(
        self, targets: list[Path], matters: Callable[[str], bool], stop: threading.Event
    ) -> None:
        polling = self._force_polling
        while not stop.is_set():
            try:
                self._follow(targets, matters, stop, polling)
                return
            except (OSError, RuntimeError) as error:
                if polling or stop.is_set():
                    self._report(self._unwatched, str(error))
                    return
                polling = True  # no events here (a watch limit reached): look every moment

    def _follow(
        self,
        targets: list[Path],
        matters: Callable[[str], bool],
        stop: threading.Event,
        polling: bool | None,
    ) -> None:
        import watchfiles  # here, in the watch's thread: not on the way to the first screen

        for changes in watchfiles.watch(
            *targets,
            watch_filter=None,
            debounce=GATHER_MS,
            step=QUIET_MS,
            stop_event=stop,
            force_polling=polling,
            poll_delay_ms=POLL_DELAY_MS,
            raise_interrupt=False,
            ignore_permission_denied=True,
        ):
            paths = {path for _change, path in changes if matters(path)}
            if paths and not stop.is_set():
                self._report(self._changed, paths)

    def _report(self, call: Callable[[Any], None], value: Any) -> None:
        """Hands `value` to `call` on the app's thread, unless the app has gone meanwhile."""
        with suppress(RuntimeError):  # the app closed while the watch reported
            self._screen.app.call_from_thread(call, value)

    def _unwatched(self, reason: str) -> None:
        self._screen.notify(
            f"The library folder is not watched ({reason}); new files show after a rescan.",
            severity="warning",
            markup=False,
        )


class Rescans:
    """One rescan at a time: `rescan(changed)` runs `run(changed)` (None: everything), which
    must call `done` once its answer is applied; changes reported meanwhile are gathered and
    rescanned straight after, so an older answer never lands over a newer one."""

    def __init__(self, run: Callable[[set[str] | None], None]) -> None:
        self._run = run
        self._running = False
        self._waiting = False
        self._gathered: set[str] | None = set()

    @property
    def running(self) -> bool:
        return self._running

    def rescan(self, changed: set[str] | None = None) -> None:
        if self._running:
            if not self._waiting:
                self._waiting, self._gathered = True, set()
            if changed is None or self._gathered is None:
                self._gathered = None
            else:
                self._gathered |= changed
            return
        self._running = True
        self._run(changed)

    def done(self) -> None:
        self._running = False
        if self._waiting:
            self._waiting = False
            self.rescan(self._gathered)
