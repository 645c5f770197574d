"""The note of the highlight under the caret, shown below the text while the caret is in it.

Shown only for articles that have notes, and then small: one line saying how many notes the
article has and how to reach them, so the page keeps its height. Only while the caret is in a
noted highlight does it open, over a few lines, to show the note (fewer on a short screen); the
reading pane keeps the caret in view when it does. A note longer than that is cut with a pointer
to `a`, which shows all of it.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from reader.core.annotate.highlight import Highlight
from reader.core.text.sanitize import sanitize

#: Lines of a note shown before it is cut, and on a screen shorter than `SHORT_SCREEN` rows.
MAX_LINES = 3
SHORT_MAX_LINES = 1
SHORT_SCREEN = 20


class NotePeek(Static):
    """Shows a highlight's note (as text, never markup), or one line about the article's."""

    DEFAULT_CSS = """
    NotePeek {
        display: none;
        height: 1;
        padding: 0 1;
        background: $surface;
        color: $text-muted;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        &.-shown { display: block; }
        &.-open {
            height: auto;
            border: round $accent;
            border-title-color: $accent;
            max-height: 5;
            color: $text;
            text-wrap: wrap;
        }
        &.-open.-short { max-height: 3; }
    }
    """

    _showing: tuple[str, int, int] | None = None

    def show_note(self, highlight: Highlight | None, notes_in_article: int) -> None:
        """Shows `highlight`'s note; with none under the caret, says how to find the others."""
        note = sanitize(highlight.note).strip() if highlight is not None else ""
        short = self.screen.size.height < SHORT_SCREEN if self.is_attached else False
        limit = SHORT_MAX_LINES if short else MAX_LINES
        wanted = (note, notes_in_article, limit)
        if wanted == self._showing:
            return  # an update asks for a layout of the whole screen: only when it changes
        self._showing = wanted
        self.set_class(notes_in_article > 0, "-shown")
        self.set_class(bool(note), "-open")
        self.set_class(short, "-short")
        if not note:
            self.border_title = None
            plural = "s" if notes_in_article != 1 else ""
            self.update(
                Content(f"✎ {notes_in_article} note{plural} in this article · ] [ jump to them")
            )
            return
        lines = note.splitlines()
        if len(lines) > limit:
            lines = [*lines[: limit - 1], f"{lines[limit - 1]} … (a reads all of it)"]
        self.border_title = "✎ Note"
        self.update(Content("\n".join(lines)))
