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
import sys
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
#: Milliseconds between two looks at the folders when they must be polled.
POLL_DELAY_MS = 500
#: A watch renewed for a new folder wakes after this long (ms) without a change, to report again
#: what it heard before (see `LibraryWatch._follow`); and then again each time, harmlessly.
RENEWED_MS = 1000
#: Times in a row a folder may vanish between its listing and its watch before the watch
#: gives up on events (and polls).
RETRIES = 3


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


def folder_by_folder(force_polling: bool | None) -> bool:
    """Whether the library's folders are each watched on their own, rather than the library
    folder "recursively". On Linux (inotify, one watch per folder either way) the recursive set-up
    inside watchfiles visits and `stat`s every file while holding the interpreter's lock: 0.46 s
    of a frozen app at 100,000 articles, right after the first screen. Listing the folders here
    (`watched_folders`) costs a tenth of that in a thread that lets the app's keys through. Where
    the watcher polls (asked for, or WSL, where watchfiles polls by itself) it stays recursive:
    polling each folder apart costs more than polling the tree."""
    import platform  # in the watch's thread, not on the way to the first screen

    if sys.platform != "linux" or force_polling:
        return False
    asked = os.environ.get("WATCHFILES_FORCE_POLLING", "")
    if force_polling is None and asked and asked.lower() not in {"false", "disable", "disabled"}:
        return False
    return "microsoft" not in platform.release().lower()


def watched_folders(targets: Iterable[Path]) -> list[str]:
    """Each target and every folder under it but hidden ones (discovery skips hidden names, and
    a hidden folder renamed into sight is a new folder in a watched one); nor links to folders:
    discovery reads those inside the library where they lead, which is watched already."""
    folders: list[str] = []
    for target in targets:
        folders.append(str(target))
        for folder, names, _files in os.walk(target):
            names[:] = [
                name
                for name in names
                if not (name.startswith(".") or os.path.islink(os.path.join(folder, name)))
            ]
            folders.extend(os.path.join(folder, name) for name in names)
    return folders


def _visible_folder(path: str) -> bool:
    return not os.path.basename(path).startswith(".") and os.path.isdir(path)


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
        one_by_one = folder_by_folder(polling)
        heard: set[str] | None = set()  # reported before the watch was renewed: again after
        vanished = 0
        while heard is not None and not stop.is_set():
            folders = watched_folders(targets) if one_by_one else [str(t) for t in targets]
            try:
                heard = self._until_new_folder(folders, one_by_one, matters, stop, polling, heard)
            except FileNotFoundError:  # a folder went between its listing and its watch
                vanished += 1
                if not one_by_one or vanished > RETRIES:
                    raise

    def _until_new_folder(
        self,
        folders: list[str],
        one_by_one: bool,
        matters: Callable[[str], bool],
        stop: threading.Event,
        polling: bool | None,
        heard: set[str],
    ) -> set[str] | None:
        """Watches `folders` (`one_by_one`: each folder on its own, see `folder_by_folder`) and
        reports what changes, until a new folder appears (the paths then heard are returned, to
        be reported again once it is watched too) or the watch is stopped (None)."""
        import watchfiles  # here, in the watch's thread: not on the way to the first screen

        for changes in watchfiles.watch(
            *folders,
            watch_filter=None,
            debounce=GATHER_MS,
            step=QUIET_MS,
            stop_event=stop,
            rust_timeout=RENEWED_MS,
            yield_on_timeout=one_by_one,
            force_polling=polling,
            poll_delay_ms=POLL_DELAY_MS,
            raise_interrupt=False,
            recursive=not one_by_one,
            ignore_permission_denied=True,
        ):
            new_folders = {
                path
                for change, path in changes
                if one_by_one and change == watchfiles.Change.added and _visible_folder(path)
            }
            paths = {path for _change, path in changes if matters(path)} | new_folders | heard
            if paths and not stop.is_set():
                self._report(self._changed, paths)
            if new_folders:
                # To be watched too. What was written into them before that watch begins is
                # found when they are read, which the second report (once the new watch is in
                # place) makes sure of.
                return paths
            heard = set()
        return None

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
