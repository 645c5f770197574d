"""Which panes the main screen shows, for its size and the reader's choice, and which has the keys.

The main screen composes one `PaneLayout`, which sets the screen's classes (`reader.tcss` draws
them): `-tiny` below what anything fits in (a notice instead), `-narrow` one pane at a time,
`-reading` while the article has the keyboard, `-full` the article alone while reading. It moves
the focus at once (`Screen.set_focus`; `Widget.focus` waits for a refresh): the keys typed
right behind `tab` or `escape` are for the pane they lead to.

Full width is the reader's choice (`z`, remembered in the store's settings); until they make
one, reading takes the whole width whenever the list beside the article would leave it fewer
than `MIN_BESIDE_LIST` columns of text (below 108 columns: at 80, the page is 72 wide instead of
43), and the list comes back beside it as soon as the reader goes back to it.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Static

from reader.store.state import Store
from reader.ui.guard import StoreWrites, guarded
from reader.ui.search.bar import SearchBar
from reader.ui.search.panel import SearchPanel
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.reading_pane import ReadingPane

#: Below this width the panes take turns instead of sharing the screen.
NARROW_WIDTH = 60
#: Below this size nothing useful fits; the screen says so instead of drawing a mess.
MIN_WIDTH, MIN_HEIGHT = 24, 7
#: Columns of text the article needs to keep the list beside it while reading (unless its
#: measure is narrower): fewer, and reading takes the whole width.
MIN_BESIDE_LIST = 60
#: The list's width beside the article, as `reader.tcss` gives it: a share of the screen
#: between a least and a most.
LIST_SHARE, LIST_MIN, LIST_MAX = 0.38, 26, 56
#: What the reading pane takes besides its text: its border, its scrollbar and its margins.
READING_CHROME = 2 + 1 + 4
#: Setting key under which the choice of full width is remembered ("on" or "off").
FULL_WIDTH_SETTING = "full_width"


def list_width(width: int) -> int:
    """The list's width beside the article on a screen `width` wide."""
    return min(LIST_MAX, max(LIST_MIN, int(width * LIST_SHARE)))


def text_beside_list(width: int) -> int:
    """Columns of text the article gets with the list beside it on a screen `width` wide."""
    return width - list_width(width) - READING_CHROME


class PaneLayout:
    """The screen's classes for its size, and the reader's choice of full width."""

    def __init__(self, screen: Screen[Any], store: Store, writes: StoreWrites, measure: int):
        self._screen = screen
        self._store = store
        self._writes = writes
        self._measure = measure
        #: The reader's choice; None until they press `z` (then full width when needed).
        self.chosen: bool | None = None

    def load(self) -> None:
        """The choice remembered from the last run."""
        store = self._store
        value = guarded(
            self._screen.app, "read the layout", lambda: store.setting(FULL_WIDTH_SETTING)
        )
        self.chosen = {"on": True, "off": False}.get(value or "")

    def full_width(self, width: int) -> bool:
        """Whether the article takes the whole width while reading, on a screen `width` wide."""
        if self.chosen is not None:
            return self.chosen
        return text_beside_list(width) < min(self._measure, MIN_BESIDE_LIST)

    def apply(self) -> None:
        """Sets the classes for the screen's size; gives the focus back if hiding took it."""
        screen = self._screen
        width, height = screen.size
        tiny = width < MIN_WIDTH or height < MIN_HEIGHT
        # One restyle of the whole screen for all of them (each class set alone restyles it).
        screen.update_classes(
            {"-tiny": tiny, "-narrow": width < NARROW_WIDTH, "-full": self.full_width(width)}
        )
        if not tiny and screen.focused is None and screen.is_mounted:
            # Hiding the panes took the focus away; give it back where the user was.
            self._focus(ReadingPane if screen.has_class("-reading") else ArticleList)
        if tiny and screen.is_mounted:
            notice = (
                f"Window too small ({width}×{height}). Make it at least {MIN_WIDTH}×{MIN_HEIGHT}."
            )
            screen.query_one("#too-small", Static).update(notice)

    def toggle_full_width(self) -> None:
        """`z`: full width or not, from now on and in the next runs (and the article has the
        keyboard when the list goes)."""
        self.chosen = not self.full_width(self._screen.size.width)
        self._lay_out_ahead(self.chosen, self.chosen or self._screen.has_class("-reading"))
        value, store = ("on" if self.chosen else "off"), self._store
        self._writes.write(
            "remember the layout", lambda: store.set_setting(FULL_WIDTH_SETTING, value)
        )
        if self.chosen:  # the article has the keyboard; restyled once, with `-full` below
            self._screen.set_class(True, "-reading", update=False)
            self._focus(ReadingPane)
        self.apply()

    def _set_reading(self, reading: bool) -> None:
        """Shows or hides what reading hides; the article's new width is laid out before it is
        drawn, so the change takes one frame."""
        screen = self._screen
        if reading != screen.has_class("-reading"):
            self._lay_out_ahead(self.full_width(screen.size.width), reading)
            screen.set_class(reading, "-reading")

    def _lay_out_ahead(self, full: bool, reading: bool) -> None:
        """The article laid out now for the width the classes about to be set give its pane
        (foreseen beside the list or alone; otherwise laid out as it is first drawn)."""
        screen, pane = self._screen, self._screen.query_one(ReadingPane)
        width, now = screen.size.width, pane.outer_size.width
        if width < NARROW_WIDTH or screen.query_one(SearchPanel).shown or now <= 0:
            pane.view.relayout_at_once()
            return
        column = width if full and reading else width - list_width(width)
        pane.view.relayout_at_once(column - now + pane.scrollable_content_region.width)

    def _focus(self, kind: type[ReadingPane | ArticleList | SearchBar]) -> None:
        self._screen.set_focus(self._screen.query_one(kind))

    def read(self) -> None:
        """The article gets the keyboard (and the width, in full width)."""
        self._set_reading(True)
        self._focus(ReadingPane)

    def search(self) -> None:
        """`/` in the list or `s` anywhere: the search bar gets the keyboard now (the keys typed
        right behind are the query), and the results show in the list's place beside the
        article, even from a full-width page."""
        self._set_reading(False)
        self._focus(SearchBar)

    def back(self) -> None:
        """`escape`: from the reading pane back to the list; during a search, to the results."""
        screen = self._screen
        self._set_reading(False)
        searching = screen.query_one(SearchPanel).shown and isinstance(screen.focused, ReadingPane)
        self._focus(SearchBar if searching else ArticleList)

    def focus_moved(self) -> None:
        """The focus moved (a click, a dialog closing): the layout follows it."""
        focused = self._screen.focused
        if isinstance(focused, ReadingPane | ArticleList):
            self._set_reading(isinstance(focused, ReadingPane))
