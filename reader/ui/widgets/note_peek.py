"""The note of the highlight under the caret, shown below the text while the caret is in it.

Hidden otherwise, so reading is not crowded; its height follows the note, up to a third of the
reading area, and a longer note is cut with a pointer to `a`, where all of it can be read.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from reader.core.sanitize import sanitize
from reader.store.highlights import Highlight

#: Lines of a note shown before it is cut.
MAX_LINES = 6


class NotePeek(Static):
    """Shows a highlight's note (as text, never markup)."""

    DEFAULT_CSS = """
    NotePeek {
        display: none;
        height: auto;
        max-height: 33%;
        border: round $accent;
        border-title-color: $accent;
        padding: 0 1;
        background: $surface;
        &.-shown { display: block; }
    }
    """

    def show_note(self, highlight: Highlight | None) -> None:
        note = sanitize(highlight.note).strip() if highlight is not None else ""
        self.set_class(bool(note), "-shown")
        if not note:
            self.update("")
            return
        lines = note.splitlines()
        if len(lines) > MAX_LINES:
            lines = [*lines[: MAX_LINES - 1], "… (press a to read all of it)"]
        self.border_title = "✎ Note"
        self.update(Content("\n".join(lines)))
