"""The note editor: a multi-line note for one highlight, saved with ctrl+s, never lost by escape.

Dismisses with the new note text, or None when the user cancelled. Escape on a changed note asks
first: a note can take minutes to write, and one stray key must not throw it away.
"""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from reader.core.text.cells import cut_to_cells
from reader.core.text.sanitize import sanitize, sanitize_line
from reader.ui.dialogs import OnTop
from reader.ui.keys import bindings
from reader.ui.screens.confirm import ConfirmScreen
from reader.ui.screens.dialog_frame import framed_body

#: How much of the highlighted passage the editor shows above the note, in cells.
QUOTE_PREVIEW = 240
#: Below this many rows the editor takes the whole screen and the quote one line.
SHORT_SCREEN = 20


class NoteEditor(ModalScreen[str | None]):
    """Edits the note of a highlight.

    | Key | Command id | Does |
    |---|---|---|
    | `ctrl+s` | `reader.note.save` | save the note and close |
    | `escape` | `reader.note.cancel` | close without saving (asks if the note changed) |
    """

    # (its own styles: parsed when the screen is first opened, not at start-up)
    DEFAULT_CSS = (
        framed_body("#note-body")
        + """
    NoteEditor {
        align: center middle;
    }
    #note-quote {
        color: $text-muted;
        text-style: italic;
        max-height: 5;
        margin-bottom: 1;
    }
    #note-text {
        height: 1fr;
        min-height: 3;
    }
    NoteEditor.-short #note-body {
        height: 100%;
    }
    NoteEditor.-short #note-quote {
        max-height: 1;
        margin-bottom: 0;
    }
    """
    )

    BINDINGS: ClassVar[list[BindingType]] = bindings("reader.note.save", "reader.note.cancel")

    def __init__(self, quote: str, note: str, *, title: str = "Note") -> None:
        super().__init__()
        self.quote = quote
        self.original = note
        self.title_text = title
        self._on_top = OnTop(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="note-body") as body:
            body.border_title = Content(sanitize_line(self.title_text))
            body.border_subtitle = "ctrl+s save · esc cancel"
            preview = cut_to_cells(sanitize_line(self.quote), QUOTE_PREVIEW)
            yield Static(Content(f"“{preview}”"), id="note-quote")
            yield TextArea(self.original, id="note-text", soft_wrap=True, show_line_numbers=False)

    def on_resize(self) -> None:
        """On a short screen the quote takes one line, so the note has the room."""
        self.set_class(self.size.height < SHORT_SCREEN, "-short")

    def on_mount(self) -> None:
        self.on_resize()
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @property
    def text(self) -> str:
        return sanitize(self.query_one(TextArea).text).strip()

    def action_save(self) -> None:
        self.dismiss(self.text)

    def action_cancel(self) -> None:
        if self.text == self.original.strip():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:  # once on top: a palette opened meanwhile is not the one to close
                self._on_top.run(partial(self.dismiss, None))

        self.app.push_screen(
            ConfirmScreen("Discard the changes to this note?", yes="Discard", no="Keep editing"),
            answered,
        )
