"""The library on screen: every article's metadata, loaded without the keyboard waiting, and kept
live while the app runs.

The main screen composes one `Library`. It draws the cached index first when there is one, then
checks it against the disk in a thread worker; after that, `LibraryWatch` reports files that
appear, change or leave, and each report rescans (one rescan at a time: `Rescans`). `ctrl+r`
rescans at once. What the watch reports is taken in at the next pause in the typing (`pace`:
`KeysFirst.after_pause`, at most a second late): pages fetched in the background arrive by the
dozen a second, and each rescan ends in work on the app's thread. Each new index is handed to
`loaded` on the app's thread; the screen decides what it means for the list (the cursor stays
on its article).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.screen import Screen

from reader.core.library import LibraryIndex, cached_index, load_index, save_index
from reader.ui.article_notices import key_of
from reader.ui.keys_first import Pace, at_once
from reader.ui.live_library import LibraryWatch, Rescans
from reader.ui.workers import BuildCancelled, stop_if_cancelled


class Library:
    """The articles of `paths` as the screen shows them (`index`), kept in step with the disk.

    `loaded(index)` runs on the app's thread for every index found (files that could not
    be read are said once, when they change); `checked(index)`
    runs in the scanning thread once an index was checked against the disk (the highlights of
    changed articles are re-attached there), and `indexing(parsed)` on the app's thread while
    a first, uncached run reads files. `library_folder`, when given, is where `reader add`
    saves: watched even before it exists, and joined to `paths` once it does.
    """

    def __init__(
        self,
        screen: Screen[Any],
        paths: list[Path],
        cache_path: Path | None,
        *,
        loaded: Callable[[LibraryIndex], None],
        checked: Callable[[LibraryIndex], None],
        indexing: Callable[[int], None],
        library_folder: Path | None = None,
        force_polling: bool | None = None,
        pending: Callable[[LibraryIndex, list[Path]], LibraryIndex] = lambda index, _paths: index,
        pace: Pace = at_once,
    ) -> None:
        self._screen = screen
        self.paths = paths
        self.cache_path = cache_path
        self._loaded = loaded
        self._checked = checked
        self._indexing = indexing
        self._library_folder = library_folder
        #: Adds the imported articles still to fetch to each index read from the disk.
        self._pending = pending
        #: Runs what the watch reported once the keys pause (at once without it).
        self._pace = pace
        self._heard: set[str] = set()
        self.index = LibraryIndex(articles=[], problems=[])
        self._checked_once = False
        #: The cached index is read by `check` (`load(later=True)`).
        self._read_later = False
        self._rescans = Rescans(self._scan)
        self._watch = LibraryWatch(screen, self._changed, force_polling=force_polling)

    @property
    def scanning(self) -> bool:
        """Whether a rescan is under way (tests and the benchmarks wait for it to end)."""
        return self._rescans.running

    def load(self, later: bool = False) -> None:
        """First load: the cached index at once if there is one (the disk is watched and
        checked once the list shows it: `check`), else the disk's, watched from now on.
        `later`: the first screen is drawn without the index (the rows the last session kept):
        the cached index is read by `check`, in a worker, after the first frame."""
        self._read_later = later
        if later:
            return
        quick = cached_index(self.paths, self.cache_path)
        if quick is None:
            self._checked_once = True
            self._watch.start(self._watched())
            self._rescans.rescan()
        else:
            self._show(quick)

    def check(self) -> None:
        """The first screen is drawn: the folders are watched, and the cached index checked
        against the disk, now (not before: reading 50,000 files' sizes would slow the first
        screen down). The watch's thread is started from a worker: starting a thread waits
        until it holds the interpreter's lock, which the list's own work holds for up to a
        second at 100,000 articles. A change made before the watch began is found by the
        check."""
        if not self._checked_once:
            self._checked_once = True
            roots, later = self._watched(), self._read_later
            self._screen.run_worker(lambda: self._start(roots, later), thread=True, group="watch")
            if not later:
                self._rescans.rescan()

    def _start(self, roots: list[Path], later: bool) -> None:
        """(In a worker) The watch started; with `later`, the cached index read first and shown,
        then the disk checked (reading it on the app's thread took 60 ms at 100,000 articles)."""
        app = self._screen.app
        if later:
            quick = cached_index(self.paths, self.cache_path)
            if quick is not None:
                app.call_from_thread(self._show, quick)
        self._watch.start(roots)
        if later:
            app.call_from_thread(self._rescans.rescan)

    def rescan(self) -> None:
        """`ctrl+r`: the folders are read again now, and watched anew (a folder deleted and made
        again is no longer the one watched)."""
        self._join_library_folder()
        self._watch.start(self._watched())
        self._rescans.rescan()

    def add_folder(self, folder: Path) -> None:
        """Articles were saved into `folder`: it joins the library, and is read and watched."""
        if folder not in self.paths:
            self.paths.append(folder)
            self._watch.start(self._watched())
        self._rescans.rescan()

    def stop(self) -> None:
        self._watch.stop()

    def _watched(self) -> list[Path]:
        folder = self._library_folder
        return [*self.paths, folder] if folder and folder not in self.paths else list(self.paths)

    def _changed(self, paths: set[str]) -> None:
        """The watch saw `paths` change (on the app's thread): they are taken in at the next
        pause in the typing, with whatever else it reports until then."""
        if self._join_library_folder():
            self._watch.start(self._watched())
        self._heard |= paths
        self._pace("library-changes", self._take_in)

    def _take_in(self) -> None:
        heard, self._heard = self._heard, set()
        if heard:
            self._rescans.rescan(heard)

    def _join_library_folder(self) -> bool:
        """The library folder exists now (`reader add` made it): it joins the library."""
        folder = self._library_folder
        if folder is None or folder in self.paths or not folder.is_dir():
            return False
        self.paths.append(folder)
        return True

    def _scan(self, changed: set[str] | None) -> None:
        """Reads the library again in a thread worker (`changed`: the paths the watch saw, or
        None for everything): the paths seen are taken in alone (`live.update_paths`), else
        only files whose size or time changed are read again (and on a first run the list fills
        in as they are read)."""
        paths, index = list(self.paths), self.index
        self._screen.run_worker(
            lambda: self._read(paths, index, changed), thread=True, exclusive=True, group="library"
        )

    def _read(self, paths: list[Path], before: LibraryIndex, changed: set[str] | None) -> None:
        app = self._screen.app
        try:
            state = before.state
            if changed and state is not None and state.paths == [Path(p) for p in paths]:
                index = self._updated(before, changed)  # (a folder joined: read it all)
            else:
                index = load_index(paths, self.cache_path, self._progress, self._partial)
            index = self._pending(index, paths)
        except BuildCancelled:
            return
        app.call_from_thread(self._show, index)
        app.call_from_thread(self._rescans.done)  # a change heard meanwhile need not wait
        self._checked(index)

    def _updated(self, before: LibraryIndex, changed: set[str]) -> LibraryIndex:
        """The paths the watch saw, taken in (a file read again, a folder walked, what left
        dropped: milliseconds among 100,000 articles), the list made and the cache saved once."""
        from reader.core.library.live import update_paths  # not needed to start

        stop_if_cancelled(0)
        index = update_paths(before, sorted(changed))[0]
        if self.cache_path is not None:
            save_index(index, self.cache_path)
        return index

    def _progress(self, parsed: int) -> None:
        stop_if_cancelled(parsed)  # quitting during a long first run must not wait for it
        if not self.index.articles:  # (once the list fills in, it says how far it is)
            self._screen.app.call_from_thread(self._indexing, parsed)

    def _partial(self, index: LibraryIndex) -> None:
        """A first run's articles read so far (from the worker): the list fills in, and they
        can be read and searched before the rest are read."""
        stop_if_cancelled(len(index.articles))
        self._screen.app.call_from_thread(self._show, index)

    def _show(self, index: LibraryIndex) -> None:
        before, self.index = self.index, index
        self._loaded(index)
        if index.note:
            self._screen.notify(index.note, title="Library index", markup=False)
        if index.problems and index.problems != before.problems:
            from reader.ui.screens.problems import skipped_summary  # not needed to start

            self._screen.notify(
                skipped_summary(len(index.problems), key_of(self._screen.app, "reader.problems")),
                title="Some files could not be read",
                severity="warning",
                markup=False,
            )
