"""The note of the highlight under the caret, shown below the text while the caret is in it.

Shown only for articles that have notes, and then always at the same height: a panel that came
and went as the caret moved would reflow the reading pane on every page turn (slow, and the text
would jump). A note longer than the panel is cut with a pointer to `a`, which shows all of it.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from reader.core.annotate.highlight import Highlight
from reader.core.text.sanitize import sanitize

#: Lines of a note shown before it is cut.
MAX_LINES = 3


class NotePeek(Static):
    """Shows a highlight's note (as text, never markup)."""

    DEFAULT_CSS = """
    NotePeek {
        display: none;
        height: 5;
        border: round $accent;
        border-title-color: $accent;
        padding: 0 1;
        background: $surface;
        &.-shown { display: block; }
    }
    """

    _showing: tuple[bool, str, int] | None = None

    def show_note(self, highlight: Highlight | None, notes_in_article: int) -> None:
        """Shows `highlight`'s note; with none under the caret, says how to find the others."""
        note = sanitize(highlight.note).strip() if highlight is not None else ""
        wanted = (notes_in_article > 0, note, notes_in_article)
        if wanted == self._showing:
            return  # an update asks for a layout of the whole screen: only when it changes
        self._showing = wanted
        self.set_class(notes_in_article > 0, "-shown")
        if not note:
            self.border_title = "✎ Notes"
            plural = "s" if notes_in_article != 1 else ""
            hint = (
                f"{notes_in_article} note{plural} in this article: ] and [ jump between highlights."
            )
            self.update(Content.styled(hint, "$text-muted"))
            return
        lines = note.splitlines()
        if len(lines) > MAX_LINES:
            lines = [*lines[: MAX_LINES - 1], "… (press a to read all of it)"]
        self.border_title = "✎ Note"
        self.update(Content("\n".join(lines)))
