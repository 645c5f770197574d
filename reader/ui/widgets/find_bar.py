"""The find line: `/` in the reading pane asks for a phrase at the foot of the screen.

As in `less` and `vim`, the prompt takes the place of the key bar, so the article keeps its
height while the phrase is typed (each key scrolls to the first match from the caret). The line
composes the `FindBar` it is typed into and hands each phrase down to the pane's find; `enter`
takes the find, `escape` drops it, and either gives the keyboard back to the pane.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static

from reader.ui.keys import bindings
from reader.ui.widgets.reading_pane import ReadingPane


class FindBar(Input):
    """The phrase to find in the article.

    | Key | Command id | Does |
    |---|---|---|
    | typing | (Input) | marks the matches and shows the first from the caret |
    | `enter` | (Input) | the caret goes there; `n`/`N` walk the matches |
    | `escape` | `reader.find.cancel` | back to the article as it was |
    """

    BINDINGS = bindings("reader.find.cancel")

    DEFAULT_CSS = """
    FindBar {
        width: 1fr;
        height: 1;
        border: none;
        padding: 0 1 0 0;
        background: $boost;
        &:focus { border: none; background: $primary 20%; }
    }
    """

    class Cancelled(Message):
        """`escape`: the find is dropped."""

    class Left(Message):
        """The focus went elsewhere (a click, `tab`): the find is taken as it is."""

    def __init__(self) -> None:
        super().__init__(
            placeholder="find in the article: enter goes there, then n/N walk, esc cancels",
            id="find",
            select_on_focus=False,
        )

    def action_cancel(self) -> None:
        self.post_message(self.Cancelled())

    def on_blur(self) -> None:
        self.post_message(self.Left())


class FindLine(Horizontal):
    """`/` and the find bar, shown by the screen in the key bar's place while finding."""

    DEFAULT_CSS = """
    FindLine {
        dock: bottom;
        height: 1;
        background: $boost;
        & > Static { width: 2; padding-left: 1; color: $text-accent; text-style: bold; }
    }
    """

    def __init__(self, pane: ReadingPane) -> None:
        super().__init__(id="find-line")
        self._pane = pane
        self.open = False

    def compose(self) -> ComposeResult:
        yield Static("/")
        yield FindBar()

    def start(self) -> None:
        """`/`: an empty bar gets the keyboard at once (the keys typed right behind `/` are
        the phrase); the pane's find begins from its caret. The screen's `-finding` class
        shows the line in the key bar's place (CSS cannot ask whether a child is shown)."""
        bar = self.query_one(FindBar)
        self.open = True
        self.screen.add_class("-finding")
        self._pane.finding.begin()
        with bar.prevent(Input.Changed):
            bar.value = ""
        self.screen.set_focus(bar)

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        # Keys typed at once are taken in before their changes come: only the last is found.
        if self.open and event.value == self.query_one(FindBar).value:
            self._pane.finding.find(event.value)
            # The phrase and its matches in one frame: the pane's repaint joins the bar's in
            # the screen's next update (the rest of the screen has not changed).
            self._pane.refresh()

    @on(Input.Submitted)
    def _taken(self, event: Input.Submitted) -> None:
        event.stop()
        if self.open:
            self._pane.finding.done()
            self._close()

    @on(FindBar.Cancelled)
    def _dropped(self) -> None:
        if self.open:
            self._pane.finding.cancel()
            self._close()

    @on(FindBar.Left)
    def _left(self) -> None:
        if self.open:
            self._pane.finding.done()
            self._close(refocus=False)

    def _close(self, refocus: bool = True) -> None:
        self.open = False
        self.screen.remove_class("-finding")
        if refocus:
            self.screen.set_focus(self._pane)
