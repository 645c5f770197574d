"""The find bar: the phrase to find in the article, typed at the foot of the reading column."""

from __future__ import annotations

from textual.message import Message
from textual.widgets import Input

from reader.ui.keys import bindings


class FindBar(Input):
    """Shown by `/` in the reading pane, as `less` and `vim` show their prompt.

    | Key | Command id | Does |
    |---|---|---|
    | typing | (Input) | marks the matches and shows the first from the caret |
    | `enter` | (Input) | the caret goes there; `n`/`N` walk the matches |
    | `escape` | `reader.find.cancel` | back to the article as it was |
    """

    BINDINGS = bindings("reader.find.cancel")

    DEFAULT_CSS = """
    FindBar {
        display: none;
        height: 1;
        border: none;
        padding: 0 1;
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
            placeholder="/ find in the article: enter goes there, n/N walk, esc cancels",
            id="find",
            select_on_focus=False,
        )

    def action_cancel(self) -> None:
        self.post_message(self.Cancelled())

    def on_blur(self) -> None:
        self.post_message(self.Left())
