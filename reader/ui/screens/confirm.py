"""A small yes/no dialog, for actions that leave the reader (opening a link, copying it).

The question and the detail (a URL, say) are untrusted text, so both are drawn as `Content`.
Enter or `y` answers yes, escape or `n` answers no; nothing is the default by timeout.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


class ConfirmScreen(ModalScreen[bool]):
    """Asks one question; dismisses with True (yes) or False (no).

    | Key | Does |
    |---|---|
    | `enter`, `y` | yes |
    | `escape`, `n` | no |
    """

    DEFAULT_CSS = """
    ConfirmScreen {
        align: center middle;
    }
    #confirm-body {
        width: 72;
        max-width: 100%;
        height: auto;
        border: round $accent;
        padding: 0 1;
        background: $surface;
    }
    #confirm-detail {
        color: $text-muted;
        margin: 1 0;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,y", "answer(True)", "Yes"),
        Binding("escape,n", "answer(False)", "No"),
    ]

    def __init__(self, question: str, detail: str, yes: str = "Yes") -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-body") as body:
            body.border_title = "Confirm"
            yield Static(Content(self.question), id="confirm-question")
            yield Static(Content(self.detail), id="confirm-detail")
            yield Static(
                Content.assemble(
                    ("enter", "bold"), f" {self.yes}   ", ("escape", "bold"), " Cancel"
                ),
                id="confirm-keys",
            )

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
