"""What the reading pane tells the screen: what happened, and what the user asked for.

The messages of `ReadingPane`, reached as `ReadingPane.HighlightRequested` and so on, and handled
as `on_reading_pane_highlight_requested` or `@on(ReadingPane.HighlightRequested)`: the namespace
gives them the pane's name, as if they were written inside its class (kept here so the widget's
module stays about keys and drawing). None of them has been acted on: the screen decides what a
request means against the store, and hands the article's highlights back down to the pane.
"""

from __future__ import annotations

from textual.message import Message

from reader.core.annotate.highlight import Highlight


class PositionChanged(Message, namespace="reading_pane"):
    """The reader scrolled: `offset` is the body offset of the top line on screen."""

    def __init__(self, article_id: str, offset: int, fraction: float) -> None:
        super().__init__()
        self.article_id = article_id
        self.offset = offset
        self.fraction = fraction


class CaretMoved(Message, namespace="reading_pane"):
    """The caret moved into or out of a highlight: the note beside the text may change.
    `notes` is how many of the article's highlights have one."""

    def __init__(self, highlight: Highlight | None, notes: int) -> None:
        super().__init__()
        self.highlight = highlight
        self.notes = notes


class BookmarkRequested(Message, namespace="reading_pane"):
    """The user asked to bookmark the article at the caret."""

    def __init__(self, article_id: str, offset: int) -> None:
        super().__init__()
        self.article_id = article_id
        self.offset = offset


class UnbookmarkRequested(Message, namespace="reading_pane"):
    """The user asked to delete the bookmark on the caret's line (`offset` is the caret's)."""

    def __init__(self, article_id: str, offset: int) -> None:
        super().__init__()
        self.article_id = article_id
        self.offset = offset


class HighlightRequested(Message, namespace="reading_pane"):
    """Highlight body offsets [start, end) of the article in `color`."""

    def __init__(self, article_id: str, start: int, end: int, color: str) -> None:
        super().__init__()
        self.article_id = article_id
        self.start = start
        self.end = end
        self.color = color


class NoteRequested(Message, namespace="reading_pane"):
    """Edit the note of `highlight`; when it is None, of the highlight of [start, end),
    made first if there is none (the one just asked for, if the answer is still coming)."""

    def __init__(
        self, article_id: str, highlight: Highlight | None, start: int, end: int, color: str
    ) -> None:
        super().__init__()
        self.article_id = article_id
        self.highlight = highlight
        self.start = start
        self.end = end
        self.color = color


class DeleteRequested(Message, namespace="reading_pane"):
    """Delete `highlight` (and its note)."""

    def __init__(self, highlight: Highlight) -> None:
        super().__init__()
        self.highlight = highlight


class ColorRequested(Message, namespace="reading_pane"):
    """Give `highlight` another colour."""

    def __init__(self, highlight: Highlight, color: str) -> None:
        super().__init__()
        self.highlight = highlight
        self.color = color


class UndoRequested(Message, namespace="reading_pane"):
    """Undo the last annotation change of this session."""


class CopyRequested(Message, namespace="reading_pane"):
    """Put `text` on the user's clipboard; `what` says what it is, for the notice."""

    def __init__(self, text: str, what: str) -> None:
        super().__init__()
        self.text = text
        self.what = what


class FindRequested(Message, namespace="reading_pane"):
    """`/`: the user wants to find a phrase in the article (the find bar is not the pane's)."""


#: What the user can ask of the open article's annotations.
AnnotationRequest = (
    BookmarkRequested
    | UnbookmarkRequested
    | HighlightRequested
    | NoteRequested
    | DeleteRequested
    | ColorRequested
    | UndoRequested
    | CopyRequested
)
