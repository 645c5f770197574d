"""The Inbox's first rows, kept for the next start and shown from there when still right.

At 100,000 articles, making the first screen afresh reads the index (26 MB), where every article
is and when it was added, and records the new ones, before a row is drawn (a few tenths of a
second each). The shelf keeps, once its catalog is complete, the Inbox's first rows in the order
by date added with their lines of the index (`keep`); the next start shows them at once
(`kept`), on the app's thread before the index is read, when neither the index file (its
version, by a stat: `core.library.cached_source`) nor what the order depends on in the store
(`store.first_screen`'s generation) changed since. Otherwise the first screen is made from the
index and the places, as before. Either way the index and the complete catalog follow, so the
first screen and the list once loaded always agree.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App

from reader.core.library import Articles, LibraryIndex, cached_source
from reader.core.library.cache import Source
from reader.core.library.view import Joined
from reader.core.shelf import SortKey
from reader.store.first_screen import KeptScreen
from reader.store.state import Store
from reader.ui.guard import StoreWrites, guarded
from reader.ui.views import INBOX, Catalog


class FirstScreens:
    """Reads back the first screen the last session kept, and keeps this session's."""

    def __init__(self, app: App[Any], store: Store, writes: StoreWrites, rows: int) -> None:
        self._app, self._store, self._writes, self._rows = app, store, writes, rows
        #: What was kept last in this session (not written again while it holds).
        self._last: tuple[KeptScreen, str] | None = None
        #: The index file's version and the store's digest the kept screen shown was right
        #: for: every article of that version had its row in the store then.
        self.shown: tuple[Source, str] | None = None

    def kept(self, paths: list[Path], cache_path: Path | None) -> tuple[Catalog, str | None] | None:
        """(On the app's thread, before the index is read) The first screen kept, if still
        right for the index `cached_index(paths, cache_path)` would read and for the store:
        its catalog and the article opened last. A settings row, one row of the generation, a
        stat and the first rows' states: the same time at 10 or 100,000 articles."""
        library = self._store.library
        found = guarded(self._app, "read the first screen", library.first_screen)
        if found is None or found.source != cached_source(paths, cache_path):
            return None
        present = [(key, line) for key, line in zip(found.rows, found.lines, strict=True) if line]
        articles = Articles([line for _key, line in present])
        if articles.ids() != [key for key, _line in present]:
            return None  # (a damaged entry: made afresh)
        rows = found.rows
        states = guarded(self._app, "read the list's states", lambda: library.states_of(rows))
        if states is None:
            return None
        self.shown = (found.source, found.state)
        return Catalog.kept(articles, rows, states, found.count), found.last_opened

    def keep(self, catalog: Catalog, index: LibraryIndex, state: str) -> None:
        """(In a worker) Keep the Inbox's first rows of a complete `catalog` of `index`, read
        from the store when its digest was `state`: when the index's lines are those of a
        version of the index file (`Articles.source`; not once imported articles still to
        fetch are listed, for one)."""
        articles, every = index.articles, catalog.articles
        if not isinstance(articles, Articles) or articles.source is None:
            return
        if not isinstance(every, Joined) or every.parts()[0] is not articles:
            return
        members = catalog.members(INBOX, SortKey.ADDED)
        positions, lines = members.positions[: self._rows], articles.lines
        screen = KeptScreen(
            members.ids()[: self._rows],
            [lines[at] if at < len(lines) else None for at in positions],
            len(members),
            articles.source,
        )
        if self._last == (screen, state):
            return
        self._last = (screen, state)
        library = self._store.library
        self._app.call_from_thread(
            self._writes.write,
            "keep the first screen",
            lambda: library.keep_first_screen(screen, state),
        )
