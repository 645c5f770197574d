"""The list pane's side of the library: which view is shown, in which order, and each article's
state as the rows tell it.

The main screen composes one `Shelf` and hands it every index the library finds. The shelf
reads every article's state from the store in a thread worker (50,000 rows take a while), makes
a `Catalog` of them there together with the sort order the view needs, and hands the view's
articles down to the list. Switching the view or the sort is then a pass over an order already
made; the other orders are made in the same worker afterwards. Changes the user makes here
(archive, trash, read, tags) are applied to the catalog at once and saved through the writer;
changes made elsewhere (another session, an undo) are read again whole.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from textual.content import Content
from textual.screen import Screen
from textual.worker import get_current_worker

from reader.core.article import ArticleMeta
from reader.core.library import Articles, LibraryIndex
from reader.core.library.cache import Source
from reader.core.library.view import Joined
from reader.core.shelf import DEFAULT_SORT, ArticleState, SortKey, missing_ids
from reader.store.state import Store
from reader.ui.guard import StoreWrites, guarded
from reader.ui.keys_first import Later
from reader.ui.screens.first_rows import FirstScreens
from reader.ui.views import INBOX, PLACES, SORT_NAMES, Catalog, View, missing_meta, place
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.reading_pane import ReadingPane

#: Rows of the first screen read whole before every state (more than a tall terminal shows).
FIRST_ROWS = 100


def settle_garbage_collector() -> None:
    """A complete catalog is kept: what is alive now (its 50,000 states and articles, the
    screen's widgets) is set aside from the cyclic garbage collector (`gc.freeze`).

    Otherwise every full collection walks those objects again: 0.1 to 0.6 s with the keyboard
    waiting, every few keys at 50,000 articles. States and articles hold no cycles, so a
    catalog replaced later is still freed by reference counting; the young garbage is collected
    first, so little is kept that a collection would have freed.
    """
    gc.collect(1)
    gc.freeze()


class Shelf:
    """The view shown in `article_list`, its sort, and the `catalog` it is cut from."""

    def __init__(
        self,
        screen: Screen[Any],
        store: Store,
        writes: StoreWrites,
        article_list: ArticleList,
        pane: ReadingPane,
        first_shown: Callable[[], None] = lambda: None,
        later: Later | None = None,
    ) -> None:
        self._screen = screen
        self._store = store
        self._writes = writes
        self._list = article_list
        self._pane = pane
        #: Called once the first view is on screen (or could not be: the store failed).
        self._first_shown = first_shown
        #: Runs a callback once the first frame is drawn (after a refresh without it).
        self._later = later or screen.call_after_refresh
        self.catalog = Catalog([], {})
        self.view: View = INBOX
        self.sort: SortKey = DEFAULT_SORT
        #: The sort remembered for each view seen this session (the store is asked once).
        self._sorts: dict[str, SortKey] = {}
        self._index: LibraryIndex | None = None
        #: Once the first catalog is on screen (the cursor then goes to the article last read).
        self.ready = False
        #: A reading of every state was asked for and has not been shown yet.
        self._unread_states = False
        #: The first screen is drawn (perhaps from the places alone, before `ready`).
        self._drawn = False
        #: The states last read from the store, and its `state_digest` read just before them.
        self._digest_of: tuple[Mapping[str, ArticleState], str] | None = None
        #: An index file's version and the store's digest when every article of it had its
        #: row: an index of that version is not registered again while the digest holds.
        self._registered: tuple[Source, str] | None = None
        #: The Inbox's first rows, kept for the next start and read back at this one.
        self._first_screens = FirstScreens(screen.app, store, writes, FIRST_ROWS)

    def show_kept(self, paths: list[Path], cache_path: Path | None) -> bool:
        """Before the library's index is read (on the app's thread, so the first frame has its
        rows): the first screen kept by the last session, shown if still right for the index
        the cache holds for `paths` and for the store. Whether it was (then the index is read
        after the first frame)."""
        self.sort = self._sort_of(self.view)
        if self.view != INBOX or self.sort is not SortKey.ADDED:
            return False
        found = self._first_screens.kept(paths, cache_path)
        if found is not None:
            self._registered = self._first_screens.shown
            self._drawn_first(*found, threading.Event())
        return found is not None

    @property
    def articles(self) -> Sequence[ArticleMeta]:
        """The view's articles, in order, as the list shows them."""
        return self._list.articles

    # Loading.

    def index_loaded(self, index: LibraryIndex) -> None:
        """The library found these articles: new ones are registered (their `added` time) and
        every state is read again."""
        self._index = index
        self._list.empty_message = (
            "No articles here. Run `reader PATH` on a folder of .txt, .md or .html files."
        )
        first = not self.ready
        if first:
            self.sort = self._sort_of(self.view)  # (the first view is made in its sort)
        self._register(index, first)
        if not first:
            self.reload(read_states=False)

    def _register(self, index: LibraryIndex, first: bool) -> None:
        """New articles are recorded (their `added` time), and the view read again; not when
        the index is a version of the index file whose every article had its row when the
        store's digest was what it still is (0.3 s of SQLite at 100,000 articles, each start)."""
        library, source, app = self._store.library, _source_of(index), self._screen.app
        known = self._registered
        if (
            source is not None
            and known is not None
            and known[0] == source
            and guarded(app, "read the library's state", library.state_digest) == known[1]
        ):
            if first:
                self.reload()
            return
        ids = index.ids()  # (without decoding every article on the app's thread)

        def recorded(answer: tuple[int, str]) -> None:
            new, state = answer
            self._registered = (source, state) if source is not None else None
            if new or first:
                self.reload()

        # The first screen waits for the new articles' `added` time: shown before it, the list
        # would reorder under the cursor a moment later. Afterwards (a file came or went) the
        # list is shown at once with the states already known, and again if any was new.
        self._writes.write(
            "record the new articles",
            lambda: library.registered(ids),
            recorded,
            lambda: self.reload() if first else None,  # not recorded: shown all the same
        )

    def reload(self, read_states: bool = True) -> None:
        """Reads every article's state again in a worker (or, not `read_states`, keeps those
        known) and shows the view from it."""
        if self._index is None:
            return
        # A full reading asked for and not shown yet (this one replaces it) is not skipped.
        read_states = self._unread_states = read_states or self._unread_states
        index, before, sort = self._index, self.catalog, self.sort
        light = not self._drawn and read_states and sort is SortKey.ADDED
        self._screen.run_worker(
            lambda: self._read(index, before, sort, read_states, light),
            thread=True,
            exclusive=True,
            group="shelf",
        )

    def _read(
        self, index: LibraryIndex, before: Catalog, sort: SortKey, read: bool, light: bool
    ) -> None:
        app, library = self._screen.app, self._store.library
        if light:  # the first screen first, from the places alone
            self._read_first(index)
        if read:  # (what the first screen of the next start is checked against: read first)
            kept = guarded(app, "read the library's state", library.state_digest)
            states = guarded(app, "read the library's state", library.states)
        else:
            known, states = self._digest_of, dict(before.states)
            kept = known[1] if known is not None and known[0] is before.states else None
        if states is None:
            app.call_from_thread(self._first_shown)
            return
        if get_current_worker().is_cancelled:
            return
        self._digest_of = (states, kept) if kept is not None else None
        gone = missing_ids(states, index.ids())
        missing = self._missing_rows(before, gone)
        catalog = before.renewed(Joined(index.articles, missing), states, frozenset(gone))
        catalog.members(self.view, sort)
        if get_current_worker().is_cancelled:
            return
        app.call_from_thread(self._loaded, catalog, read)
        if kept is not None:  # (for the next start: kept before a quit can come)
            self._first_screens.keep(catalog, index, kept)
        catalog.sets  # noqa: B018 (what tag views and saved searches keep, made here once)
        catalog.where  # noqa: B018
        for key in SortKey:  # the other orders, before the user asks for them
            if get_current_worker().is_cancelled:
                return
            catalog.rank(key)  # (and where each article stands in it: a tag's view)
        for kind in PLACES:  # and the places in this sort
            catalog.members(place(kind), sort)
        if not get_current_worker().is_cancelled:
            app.call_from_thread(settle_garbage_collector)  # (every article decoded by now)

    def _read_first(self, index: LibraryIndex) -> None:
        """(In the worker) The first screen from where each article is and when it was added
        (one light query, nothing decoded), with the full state of its first rows only: every
        state of a library of 50,000 takes seconds to read, and follows."""
        app, library, view = self._screen.app, self._store.library, self.view
        places = guarded(app, "read the library's places", library.places)
        if places is None or get_current_worker().is_cancelled:
            return

        def states_of(ids: list[str]) -> Mapping[str, ArticleState]:
            found = guarded(app, "read the list's states", lambda: library.states_of(ids))
            return found or {}

        articles = Joined(index.articles, ())
        catalog = Catalog.first(articles, places.located, view, FIRST_ROWS, states_of)
        if not get_current_worker().is_cancelled:
            self._show_first(catalog, places.last_opened)

    def _show_first(self, catalog: Catalog, last_opened: str | None) -> None:
        """(In a worker) `catalog` shown as the first screen; returns once it is painted (the
        work that follows holds the interpreter's lock for seconds, and would share it with
        the drawing)."""
        worker, painted = get_current_worker(), threading.Event()
        self._screen.app.call_from_thread(self._drawn_first, catalog, last_opened, painted)
        while not painted.wait(0.05) and not worker.is_cancelled:
            pass

    def _drawn_first(
        self, catalog: Catalog, last_opened: str | None, painted: threading.Event
    ) -> None:
        """The first screen, before every state is read (see `_read_first`); `painted` is
        set once it is drawn, and the disk is checked from then on."""
        if self._drawn:
            painted.set()
            return
        self.catalog, self._drawn = catalog, True
        self.show(cursor_to=last_opened)

        def drawn() -> None:
            painted.set()
            self._first_shown()

        self._later(drawn)

    @staticmethod
    def _missing_rows(before: Catalog, gone: list[str]) -> list[ArticleMeta]:
        """The rows of articles whose file is gone: as they were shown, if they were."""
        if not gone:
            return []
        shown = {key: position for position, key in enumerate(before.ids)}
        return [
            before.articles[shown[key]] if key in shown else missing_meta(key, "") for key in gone
        ]

    def _loaded(self, catalog: Catalog, read: bool) -> None:
        first = not self._drawn  # (drawn from the places already: the cursor stays)
        if read:
            self._unread_states = False
        self.catalog, self.ready, self._drawn = catalog, True, True
        self.show(cursor_to=self._last_read() if first else None)
        if first:
            self._first_shown()

    def _last_read(self) -> str | None:
        """The article opened last, where the list starts."""
        opened = [state for state in self.catalog.states.values() if state.opened]
        return max(opened, key=lambda state: state.opened or "").article_id if opened else None

    # Showing.

    def show(self, cursor_to: str | None = None) -> None:
        """Hands the view's articles down; the cursor stays on its article (or goes to
        `cursor_to`), and the rows show each article's state."""
        members = self.catalog.members(self.view, self.sort)
        self._list.set_marks(self.catalog.states, self.catalog.missing)
        if not members.same_rows(self._list.articles):  # same rows: only changed ones drawn
            self._list.update_articles(members)
        if cursor_to is not None:
            self._list.select_id(cursor_to)
        self.title_pane()
        self._list.border_title = Content(self.title(self.catalog.count(self.view, self.sort)))

    def title_pane(self) -> None:
        """The reading pane's border names the tags of the article being read."""
        article, pane = self._pane.article, self._pane
        if article is None:
            return
        tags = "  ".join(f"#{tag}" for tag in self.catalog.state(article.id).tags)
        pane.view.tags = (article.id, tags)  # kept by the view, whatever else it says later
        now = str(pane.border_title)
        if now == "Reading" or now.startswith("Reading · #"):  # not opening, finding, selecting
            pane.view.update_title()

    def title(self, count: int) -> str:
        """The list's border: the view, how many articles it holds, and its sort when it is
        not the usual one."""
        title = f"{self.view.title} · {count:,}"
        return title if self.sort is DEFAULT_SORT else f"{title} · by {SORT_NAMES[self.sort]}"

    def switch(self, view: View) -> None:
        """Shows `view`, in the sort remembered for it, from the top."""
        self.view, self.sort = view, self._sort_of(view)
        members = self.catalog.members(view, self.sort)
        self._list.set_articles(members)
        self._list.selected.clear()
        self._list.border_title = Content(self.title(self.catalog.count(self.view, self.sort)))

    def sort_by(self, key: SortKey) -> None:
        """Sorts the view by `key` (remembered for this view); the cursor stays on its
        article."""
        self.sort = self._sorts[self.view.key] = key
        library, view = self._store.library, self.view.key
        self._writes.write("remember the sort", lambda: library.remember_sort(view, key))
        self.show()

    def _sort_of(self, view: View) -> SortKey:
        if (known := self._sorts.get(view.key)) is None:
            library = self._store.library
            found = guarded(self._screen.app, "read the sort", lambda: library.sort_of(view.key))
            known = self._sorts[view.key] = found or DEFAULT_SORT
        return known

    # Changes.

    def changed(self, states: Mapping[str, ArticleState]) -> None:
        """Articles changed here (before the store has answered): the view shows them so."""
        self.catalog = self.catalog.with_states(states)
        self.show()

    def refresh_article(self, article_id: str) -> None:
        """One article's state changed in the store (opened, read to its end): its row shows
        it; the view's order waits for the next reading."""
        library = self._store.library
        state = guarded(
            self._screen.app, "read the article's state", lambda: library.state(article_id)
        )
        if state is not None and state != self.catalog.state(article_id):
            self.changed({article_id: state})

    def state(self, article_id: str) -> ArticleState:
        return self.catalog.state(article_id)


def _source_of(index: LibraryIndex) -> Source | None:
    """The version of the index file `index`'s lines are (None: not one)."""
    return index.articles.source if isinstance(index.articles, Articles) else None
