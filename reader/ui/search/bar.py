"""The fuzzy search bar: an `Input` that also steers the results below it."""

from __future__ import annotations

from textual.message import Message
from textual.widgets import Input

from reader.ui.keys import bindings


class SearchBar(Input):
    """Typing searches as you type: the screen hands each query to the search panel.

    | Key | Command id | Does |
    |---|---|---|
    | `down` / `up` | `reader.search.down` / `up` | move through the results |
    | `enter` | (Input) | open the chosen result |
    | `escape` | `reader.search.cancel` | clear the search and go back to the list |
    """

    BINDINGS = bindings("reader.search.down", "reader.search.up", "reader.search.cancel")

    DEFAULT_CSS = """
    SearchBar {
        dock: top;
        height: 1;
        border: none;
        padding: 0 1;
        background: $boost;
        &:focus { border: none; background: $primary 20%; }
    }
    """

    class Moved(Message):
        """The user asked for the next (+1) or previous (-1) result."""

        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    class Cancelled(Message):
        """The user left the search (the bar is cleared): give the list back."""

    def __init__(self) -> None:
        super().__init__(
            placeholder='/ to search: words (typos forgiven), "a phrase", is:unread, is:bookmarked',
            id="search",
            select_on_focus=False,
        )

    @property
    def content_width(self) -> int:
        """At least the bar's own width: `Input` makes this its virtual width, and one that
        grew with every character typed made Textual lay the whole screen out again on each
        key (then drew it all). Wider than the bar only once the text is."""
        return max(super().content_width, self.scrollable_content_region.width)

    def action_result_down(self) -> None:
        self.post_message(self.Moved(1))

    def action_result_up(self) -> None:
        self.post_message(self.Moved(-1))

    def action_cancel(self) -> None:
        self.value = ""
        self.post_message(self.Cancelled())
