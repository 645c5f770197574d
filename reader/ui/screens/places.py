"""Where each article was left, and when it was opened: remembered in the store, quietly.

The main screen composes one `ReadingPlaces`. An article opens where it was left (unless a
search result says where), and its opened time is stamped (opening alone never makes it read:
`reader.core.shelf` says the rule); the place is saved once scrolling has stopped
for a moment, and on the way out. Reads go through `guarded`, writes through `StoreWrites` (off
the app's thread): a store that fails or waits costs the place, never the reading.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from reader.store.state import Store
from reader.ui.guard import StoreWrites, guarded

#: Seconds a reading position must be stable before it is written to the store.
SAVE_POSITION_DELAY = 0.6


class ReadingPlaces:
    """The reading position and progress of the articles opened on `screen`; `changed(id)` is
    called once something the list shows of an article was saved (opened, read to the end).

    Progress is how far the article was read: the furthest its view reached, 100 once its end
    was on screen, which makes it read (the store's rule, `reader.core.shelf`).
    """

    def __init__(
        self,
        screen: Screen[Any],
        store: Store,
        writes: StoreWrites,
        changed: Callable[[str], None],
    ) -> None:
        self._screen = screen
        self._store = store
        self._writes = writes
        self._changed = changed
        self._pending: tuple[str, int, int] | None = None
        #: The furthest progress reported for each article opened this session.
        self._furthest: dict[str, int] = {}

    def opened(self, article_id: str, offset: int | None) -> int:
        """An article is being shown: the place of the previous one is saved, this one's opened
        time stamped; returns where to show it (`offset`, else where it was left)."""
        self.save()
        app, library = self._screen.app, self._store.library
        state = guarded(app, "read the reading position", lambda: library.state(article_id))
        if state is not None:
            self._furthest[article_id] = max(self._furthest.get(article_id, 0), state.progress)
        if offset is None:
            offset = state.position if state is not None else 0
        self._writes.write(
            "remember the article was opened",
            lambda: library.opened(article_id),
            lambda _none: self._changed(article_id),
        )
        return offset

    def scrolled(self, article_id: str, offset: int, fraction: float = 0.0) -> None:
        """The reader scrolled: the place is saved once scrolling has stopped for a moment,
        and the progress once it went further than before."""
        furthest = self._furthest.get(article_id, 0)
        progress = max(furthest, round(fraction * 100))
        self._pending = (article_id, offset, progress)
        if progress == 100 > furthest:
            self.save()  # its end is on screen: it is read now, not once scrolling stops
        else:
            self._screen.set_timer(SAVE_POSITION_DELAY, self.save, name="save-position")

    def save(self) -> None:
        """Saves the place not saved yet, if any (the timer, a new article, quitting)."""
        if self._pending is None:
            return
        (article_id, offset, progress), self._pending = self._pending, None
        position = self._store.reading.set_position
        self._writes.write("save the reading position", lambda: position(article_id, offset))
        if progress > self._furthest.get(article_id, 0):
            self._furthest[article_id] = progress
            record = self._store.library.set_progress
            self._writes.write(
                "save how far the article was read",
                lambda: record(article_id, progress),
                lambda _finished: self._changed(article_id),
            )
