"""A yes/no question in a small dialog, answered with y/n, enter/escape, or the buttons."""

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
    """Asks `question`; dismisses with True for yes.

    | Key | Command id | Does |
    |---|---|---|
    | `y` | `reader.confirm.yes` | yes |
    | `n`, `escape` | `reader.confirm.no` | no |
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings("reader.confirm.yes", "reader.confirm.no")

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-body"):
            yield Static(Content(self.question), id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                yield Button(Content(f"{self.yes} (y)"), id="yes", variant="warning")
                yield Button(Content(f"{self.no} (n)"), id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)
