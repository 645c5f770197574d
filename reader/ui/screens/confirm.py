"""A yes/no question in a small dialog, answered with y/n, enter (the focused answer), escape.

Used before anything that cannot be taken back or that leaves the reader: discarding a changed
note, opening a link in a browser, copying a link. The question and the detail (a URL, say) are
untrusted text, so both are drawn as `Content`, never markup. Nothing is answered by a timeout.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from reader.ui.keys import bindings


class ConfirmScreen(ModalScreen[bool]):
    """Asks `question` (with an optional `detail` below it); dismisses with True for yes.

    `default_yes` puts the focus on the yes button, so enter answers yes; otherwise enter
    answers no (the safe answer for "discard your note?").

    | Key | Command id | Does |
    |---|---|---|
    | `y` | `reader.confirm.yes` | yes |
    | `n`, `escape` | `reader.confirm.no` | no |
    | `enter` | | the focused answer |
    """

    # (its own styles: parsed when the screen is first opened, not at start-up)
    DEFAULT_CSS = """
    ConfirmScreen {
        align: center middle;
    }
    #confirm-body {
        width: 56;
        max-width: 100%;
        height: auto;
        border: round $warning;
        background: $surface;
        padding: 1 2;
    }
    #confirm-buttons {
        height: auto;
        margin-top: 1;
        align-horizontal: right;
    }
    #confirm-buttons Button {
        margin-left: 2;
    }
    #confirm-detail {
        color: $text-muted;
        margin: 1 0 0 0;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings("reader.confirm.yes", "reader.confirm.no")

    def __init__(
        self,
        question: str,
        detail: str = "",
        yes: str = "Yes",
        *,
        no: str = "No",
        default_yes: bool = False,
    ) -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes = yes
        self.no = no
        self.default_yes = default_yes

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-body") as body:
            body.border_title = "Confirm"
            yield Static(Content(self.question), id="confirm-question")
            if self.detail:
                yield Static(Content(self.detail), id="confirm-detail")
            with Horizontal(id="confirm-buttons"):
                yield Button(Content(f"{self.yes} (y)"), id="yes", variant="warning")
                yield Button(Content(f"{self.no} (n)"), id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#yes" if self.default_yes else "#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if self.is_active:  # a second press on its way finds the dialog answered already
            self.dismiss(event.button.id == "yes")

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)
