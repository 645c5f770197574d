"""Loading the library for the main screen: the cached list at once, then the check, in a thread.

A start draws the list the cache last saw (`cached_index`: one read, only the rows on screen
decoded) and checks it against the folders once it is on screen. A first run has no cache: the
list appears with the first files read and fills in while the rest are read (in a process pool,
`core.library.parallel`), so the user can open and search what is there; quitting stops the
reading at the next file it hands over. A file that changed later is taken in by `path_changed`
(one file read, the cache saved). Every index goes to the list, the search panel and the screen
(`shown`) on the app's thread; the workers only read, one at a time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.screen import Screen
from textual.timer import Timer

from reader.core.library import (
    LibraryIndex,
    cached_index,
    load_index,
    save_index,
)
from reader.ui.article_notices import key_of
from reader.ui.screens.annotating import Annotations
from reader.ui.screens.problems import skipped_summary
from reader.ui.search.panel import SearchPanel
from reader.ui.widgets.article_list import ArticleList
from reader.ui.workers import BuildCancelled, stop_if_cancelled

#: What the list says while there is nothing in it yet.
LOADING = "Loading the library…"
EMPTY = "No articles here. Run `reader PATH` on a folder of .txt, .md or .html files."
#: Seconds without a change before the index of changed files is saved.
SAVE_AFTER = 1.0


class LibraryLoading:
    """The library of `screen`: which folders (`paths`), the index shown (`index`), and the
    worker that checks it. `shown` is told of each new index; `marks_changed` when highlights
    were re-attached to articles whose text changed."""

    def __init__(
        self,
        screen: Screen[Any],
        paths: list[Path],
        cache_path: Path | None,
        annotations: Annotations,
        shown: Callable[[LibraryIndex], None],
        marks_changed: Callable[[], None],
    ) -> None:
        self._screen = screen
        self.paths = paths
        self._cache_path = cache_path
        self._annotations = annotations
        self._shown = shown
        self._marks_changed = marks_changed
        self.index = LibraryIndex(articles=[], problems=[])
        self._busy = threading.Lock()  # held by the worker checking or updating the index
        self._saving: Timer | None = None  # the save after changes, once they stop coming

    def start(self) -> None:
        """The cached list now (if there is one), checked once it is on screen."""
        self._screen.query_one(ArticleList).empty_message = LOADING
        quick = cached_index(self.paths, self._cache_path)
        if quick is None:
            self.load()
        else:
            self._show(quick)
            self._screen.call_after_refresh(self.load)

    def load(self) -> None:
        """Checks the library against its folders in the background (a newer check replaces
        one under way)."""
        self._screen.run_worker(self._load, thread=True, exclusive=True, group="library")

    def path_changed(self, path: Path) -> None:
        """A file or folder of the library changed, appeared or vanished (a watcher saw it):
        it is read again in the background, and the list shows what changed."""
        self._screen.run_worker(lambda: self._update(path), thread=True, group="library-update")

    def _update(self, path: Path) -> None:
        from reader.core.library.live import update_index  # not needed to start

        app = self._screen.app
        with self._busy:
            if self.index.state is None:
                return  # the cached list, not checked yet: the check to come will see it
            index, change = update_index(self.index, path)
            if not change:
                return
            app.call_from_thread(self._show, index, True, False)
            app.call_from_thread(self._save_soon)
        if self._annotations.reanchor_library(change.updated):
            app.call_from_thread(self._marks_changed)
        app.call_from_thread(self._screen.query_one(SearchPanel).library_checked)

    def _save_soon(self) -> None:
        """Saves the index once changes have stopped coming for a moment (a burst of them,
        a folder copied in, is saved once; unsaved ones are found again at the next start)."""
        if self._saving is not None:
            self._saving.stop()
        self._saving = self._screen.set_timer(SAVE_AFTER, self._save)

    def _save(self) -> None:
        self._saving = None
        if self._cache_path is not None:
            self._screen.run_worker(self._write, thread=True, group="library-update")

    def _write(self) -> None:
        with self._busy:
            if self._cache_path is not None:
                save_index(self.index, self._cache_path)

    def _load(self) -> None:
        app = self._screen.app
        try:
            with self._busy:  # one at a time: each takes over the state of the last
                index = load_index(self.paths, self._cache_path, self._indexing, self._partial)
                app.call_from_thread(self._show, index, True)
        except BuildCancelled:
            return
        # Highlights of articles whose text changed are re-attached now, so every status is
        # current; only those articles are parsed.
        if self._annotations.reanchor_library(index.articles):
            app.call_from_thread(self._marks_changed)
        app.call_from_thread(self._screen.query_one(SearchPanel).library_checked)

    def _indexing(self, read: int) -> None:
        """Progress of a run that reads files, from the worker thread."""
        stop_if_cancelled(read)  # quitting during a long first run must not wait for it
        if not self.index.articles:  # (once the list fills in, it says how far it is)
            self._screen.app.call_from_thread(self._show_indexing, read)

    def _partial(self, index: LibraryIndex) -> None:
        """The articles read so far, from the worker thread: the list fills in."""
        stop_if_cancelled(len(index.articles))
        self._screen.app.call_from_thread(self._show, index, False)

    def _show_indexing(self, read: int) -> None:
        article_list = self._screen.query_one(ArticleList)
        article_list.empty_message = f"Indexing the library… {read:,} files read"
        article_list.refresh()

    def _show(self, index: LibraryIndex, checked: bool = True, tell: bool = True) -> None:
        """Shows `index`: the cached one, those of a first run as it goes (not `checked`), then
        the one checked against the folders (whose notes and problems are told, unless it is
        only an update). The list is only replaced when the articles changed, and the cursor
        stays on the article it was on."""
        article_list = self._screen.query_one(ArticleList)
        if index.articles != self.index.articles or not self.index.articles:
            current = article_list.current
            ids = index.ids() if current is not None else []
            cursor = ids.index(current.id) if current is not None and current.id in ids else 0
            article_list.set_articles(index.articles, cursor)
        self.index = index
        count = f"Articles · {len(index.articles):,}"
        article_list.border_title = count if checked else f"{count} · indexing…"
        self._screen.query_one(SearchPanel).set_articles(index.articles)
        self._shown(index)
        if not checked:
            return
        article_list.empty_message = EMPTY
        if not tell:
            return
        if index.note:
            self._screen.notify(index.note, title="Library index", markup=False)
        if index.problems:
            self._screen.notify(
                skipped_summary(len(index.problems), key_of(self._screen.app, "reader.problems")),
                title="Some files could not be read",
                severity="warning",
                markup=False,
            )
