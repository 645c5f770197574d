"""Where each article was left, and when it was opened: remembered in the store, quietly.

The main screen composes one `ReadingPlaces`. An article opens where it was left (unless a
search result says where), and its opened time is stamped (opening alone never makes it read:
`reader.core.shelf` says the rule); the place is saved once scrolling has stopped
for a moment, and on the way out. Reads go through `guarded`, writes through `StoreWrites` (off
the app's thread): a store that fails or waits costs the place, never the reading.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from textual.screen import Screen

from reader.store.state import Store
from reader.ui.guard import StoreWrites, guarded

#: Seconds a reading position must be stable before it is written to the store.
SAVE_POSITION_DELAY = 0.6


def list_marks(
    store: Store, article_ids: Iterable[str]
) -> tuple[set[str], set[str], dict[str, int]]:
    """What the article list marks: the unread, the bookmarked, and each one's highlights."""
    read = store.reading.read_ids()
    unread = {article_id for article_id in article_ids if article_id not in read}
    return unread, store.bookmarks.article_ids(), store.highlights.counts()


class ReadingPlaces:
    """The reading position and read marks of the articles opened on `screen`; `marked` is
    called once an article's read mark is saved (the list shows it)."""

    def __init__(
        self, screen: Screen[Any], store: Store, writes: StoreWrites, marked: Callable[[], None]
    ) -> None:
        self._screen = screen
        self._store = store
        self._writes = writes
        self._marked = marked
        self._pending: tuple[str, int] | None = None

    def opened(self, article_id: str, offset: int | None) -> int:
        """An article is being shown: the place of the previous one is saved, this one's opened
        time stamped; returns where to show it (`offset`, else where it was left)."""
        self.save()
        app, reading = self._screen.app, self._store.reading
        if offset is None:
            where = "read the reading position"
            offset = guarded(app, where, lambda: reading.position(article_id))
        library = self._store.library
        self._writes.write(
            "remember the article was opened",
            lambda: library.opened(article_id),
            lambda _none: self._marked(),
        )
        return offset or 0

    def scrolled(self, article_id: str, offset: int) -> None:
        """The reader scrolled: the place is saved once scrolling has stopped for a moment."""
        self._pending = (article_id, offset)
        self._screen.set_timer(SAVE_POSITION_DELAY, self.save, name="save-position")

    def save(self) -> None:
        """Saves the place not saved yet, if any (the timer, a new article, quitting)."""
        if self._pending is not None:
            (article_id, offset), self._pending = self._pending, None
            save = self._store.reading.set_position
            self._writes.write("save the reading position", lambda: save(article_id, offset))
