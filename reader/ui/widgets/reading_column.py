"""The reading column: the reading pane and what sits under it, the find bar and the note.

`/` in the pane asks for a find; the column shows the bar, gives it the keyboard at once (the
keys typed right behind `/` are the phrase) and hands each phrase down to the pane's find, then
gives the keyboard back when the find is taken or dropped.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input

from reader.ui.widgets.find_bar import FindBar
from reader.ui.widgets.note_peek import NotePeek
from reader.ui.widgets.reading_pane import ReadingPane


class ReadingColumn(Vertical):
    """The reading pane, the find bar under it while finding, and the note under the caret."""

    def __init__(self, pane: ReadingPane, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._pane = pane

    def compose(self) -> ComposeResult:
        yield self._pane
        yield FindBar()
        yield NotePeek(id="note-peek")

    @property
    def finding(self) -> bool:
        """Whether the find bar is open."""
        return bool(self.query_one(FindBar).display)

    @on(ReadingPane.FindRequested)
    def _open_find(self, event: ReadingPane.FindRequested) -> None:
        event.stop()
        bar = self.query_one(FindBar)
        self._pane.finding.begin()
        with bar.prevent(Input.Changed):
            bar.value = ""
        bar.display = True
        self.screen.set_focus(bar)

    @on(Input.Changed, "FindBar")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if self.finding:
            self._pane.finding.find(event.value)

    @on(Input.Submitted, "FindBar")
    def _taken(self, event: Input.Submitted) -> None:
        event.stop()
        if self.finding:
            self._pane.finding.done()
            self._close()

    @on(FindBar.Cancelled)
    def _dropped(self) -> None:
        if self.finding:
            self._pane.finding.cancel()
            self._close()

    @on(FindBar.Left)
    def _left(self) -> None:
        if self.finding:
            self._pane.finding.done()
            self._close(refocus=False)

    def _close(self, refocus: bool = True) -> None:
        self.query_one(FindBar).display = False
        if refocus:
            self.screen.set_focus(self._pane)
