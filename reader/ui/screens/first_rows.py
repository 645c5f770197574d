"""The Inbox's first rows, kept for the next start and shown from there when still right.

At 100,000 articles, making the first screen afresh reads where every article is and when it
was added, and records the new ones, before a row is drawn (a few tenths of a second each). The
shelf keeps, once its catalog is complete, the Inbox's first rows in the order by date added
(`keep`); the next start shows them at once (`kept`) when neither the library's order (the
index's ids) nor what the order depends on in the store (`store.first_screen`) changed since.
Otherwise the first screen is made from the places, as before. Either way the complete catalog
follows, so the first screen and the list once loaded always agree.
"""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any

from textual.app import App

from reader.core.library import LibraryIndex
from reader.core.shelf import SortKey
from reader.store.first_screen import KeptScreen, order_digest
from reader.store.state import Store
from reader.ui.guard import StoreWrites, guarded
from reader.ui.views import INBOX, Catalog


class FirstScreens:
    """Reads back the first screen the last session kept, and keeps this session's."""

    def __init__(self, app: App[Any], store: Store, writes: StoreWrites, rows: int) -> None:
        self._app, self._store, self._writes, self._rows = app, store, writes, rows
        #: What was kept last in this session (not written again while it holds).
        self._last: tuple[KeptScreen, str] | None = None
        #: The kept screen being read ahead (`read_ahead`), if it is.
        self._ahead: Future[KeptScreen | None] | None = None

    def read_ahead(self) -> None:
        """(On the app's thread, before the index is read) The kept screen is read in a worker
        meanwhile: checking it against the store is SQLite's work, which runs beside the
        reading of the index (SQLite lets go of the interpreter's lock)."""
        ahead = self._ahead = Future()
        library = self._store.library

        def read() -> None:
            found = None
            try:
                found = guarded(self._app, "read the first screen", library.first_screen)
            finally:
                ahead.set_result(found)

        self._app.run_worker(read, thread=True, group="first-screen")

    def kept(self, index: LibraryIndex, wait: bool = True) -> tuple[Catalog, str | None] | None:
        """(In a worker, or with `wait` false on the app's thread) The first screen kept, if
        still right for `index` and the store: its catalog and the article opened last. Not
        `wait`: a reading ahead not finished yet is not waited for, the store is read again."""
        library, ahead = self._store.library, self._ahead
        if ahead is not None and (wait or ahead.done()):
            self._ahead, found = None, ahead.result()
        else:
            found = guarded(self._app, "read the first screen", library.first_screen)
        if found is None or found.order != order_digest(index.ids()):
            return None
        rows = found.rows
        states = guarded(self._app, "read the list's states", lambda: library.states_of(rows))
        if states is None:
            return None
        return Catalog.kept(index.articles, rows, states, found.count), found.last_opened

    def keep(self, catalog: Catalog, index: LibraryIndex, state: str) -> None:
        """(In a worker) Keep the Inbox's first rows of a complete `catalog` of `index`, read
        from the store when its digest was `state`."""
        members = catalog.members(INBOX, SortKey.ADDED)
        screen = KeptScreen(members.ids()[: self._rows], len(members), order_digest(index.ids()))
        if self._last == (screen, state):
            return
        self._last = (screen, state)
        library = self._store.library
        self._app.call_from_thread(
            self._writes.write,
            "keep the first screen",
            lambda: library.keep_first_screen(screen, state),
        )
