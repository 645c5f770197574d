"""The mouse in the reading pane: click to put the caret, drag to select.

Composed by `ReadingPane`, whose mouse handlers hand their events here; what a selection made
this way is for is the keyboard's business (`h` highlights it, `y` copies it).
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.widget import Widget

from reader.core.reading.cursor import Cursor
from reader.ui.widgets.reading_view import PaneView


class Pointer:
    """A press puts the caret under the pointer; moving with the button down selects."""

    def __init__(
        self, pane: Widget, cursor: Cursor, view: PaneView, move: Callable[[int], None]
    ) -> None:
        self._pane = pane
        self._cursor = cursor
        self._view = view
        self._move = move
        self._dragging = False

    def down(self, event: events.MouseDown) -> None:
        offset = self._view.pointer_offset(*event.get_content_offset_capture(self._pane))
        if offset is None or event.button != 1:
            return
        self._pane.focus()
        self._cursor.drop_selection()
        self._move(offset)
        self._dragging = True
        self._pane.capture_mouse()

    def moved(self, event: events.MouseMove) -> None:
        offset = self._view.pointer_offset(*event.get_content_offset_capture(self._pane))
        if not self._dragging or offset is None:
            return
        if offset != self._cursor.caret:
            self._cursor.select_from_caret()
        self._move(offset)

    def up(self) -> None:
        if self._dragging:
            self._dragging = False
            self._pane.release_mouse()
