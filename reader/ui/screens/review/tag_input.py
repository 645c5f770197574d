"""Name a tag for the highlight under review: one it lacks is put on, one it has taken off.

A line to type in, completing from the tags the library has (`tab`, or `right` at the end);
`enter` names the tag, `escape` closes without one. The highlight's tags are shown above it.
Names are the user's, so they are drawn as `Content`, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from reader.core.text.sanitize import sanitize_line


class TagInput(ModalScreen[str | None]):
    """Dismissed with the tag typed (stripped), or None.

    | Key | Does |
    |---|---|
    | letters | the tag's name (completed from the library's tags: `tab` takes it) |
    | `enter` | put it on, or take it off if the highlight has it |
    | `escape` | close, changing nothing |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", show=False),
        Binding("tab", "complete", "Complete", show=False),
    ]

    DEFAULT_CSS = """
    TagInput { align: center middle; }
    #tag-body {
        width: 60;
        max-width: 100%;
        height: auto;
        border: round $accent;
        border-title-color: $accent;
        background: $surface;
        padding: 0 1;
    }
    #tag-now { color: $text-muted; }
    """

    def __init__(self, has: Sequence[str], names: Sequence[str]) -> None:
        super().__init__()
        self._has = list(has)
        self._names = list(names)

    def compose(self) -> ComposeResult:
        with Vertical(id="tag-body") as body:
            body.border_title = "Tag the highlight"
            body.border_subtitle = "enter put on / take off · esc close"
            shown = "  ".join(f"#{sanitize_line(name)}" for name in self._has) or "no tags yet"
            yield Static(Content(shown), id="tag-now")
            yield Input(
                placeholder="a tag",
                suggester=SuggestFromList(self._names, case_sensitive=False),
                id="tag-name",
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _named(self, event: Input.Submitted) -> None:
        name = sanitize_line(event.value).strip()
        self.dismiss(name or None)

    def action_complete(self) -> None:
        """`tab`: take the completion offered (as `right` does at the end of the line)."""
        self.query_one(Input).action_cursor_right()

    def action_close(self) -> None:
        self.dismiss(None)
