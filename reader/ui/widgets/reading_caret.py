"""The reading pane's commands: caret motions, selection, and the annotation requests they make.

The base of `ReadingPane`, kept apart so the widget file stays about drawing. Motions only move the
caret and the view; what a highlight, a note or a deletion means is decided by the screen, which
owns the store: the pane posts a message named for what the user asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual import events
from textual.message import Message
from textual.scroll_view import ScrollView

from reader.core.annotate.highlight import COLORS, Highlight
from reader.core.annotate.quote import markdown_quote
from reader.core.reading.caret import next_token_start, prev_token_start, snap_to_words
from reader.ui.widgets.reading_marks import highlight_at

if TYPE_CHECKING:
    from reader.core.article import Article
    from reader.core.reading.caret import Blocks, TextMap
    from reader.core.reading.motion import TextIndex


class CaretPane(ScrollView):
    """Caret, selection and annotation commands; `ReadingPane` adds layout and drawing.

    The caret (`caret`) and the selection's other end (`anchor`) are body offsets.
    """

    article: Article | None
    caret: int
    selection_anchor: int | None
    _goal_column: int | None
    _map: TextMap
    _blocks: Blocks
    _motions: TextIndex | None
    _body: str
    _highlights: list[Highlight]
    _caret_highlight: str | None
    _matches: list[tuple[int, int]]
    _current_match: int
    _layout_width: int
    _dragging = False
    #: Rows the caret and selection covered when a highlight was asked for (to redraw).
    redraw_rows: tuple[int, int] | None = None

    def _left_margin(self, width: int) -> int:
        """Cells left of the text column (provided by the drawing widget)."""
        raise NotImplementedError

    @property
    def motions(self) -> TextIndex:
        """Word, sentence and paragraph boundaries: usually found in a thread while the article
        opened; a key pressed before that finds them now."""
        if self._motions is None:
            from reader.core.reading.motion import TextIndex

            blocks = self.article.blocks if self.article is not None else ()
            self._motions = TextIndex.from_blocks([block.text for block in blocks] or [""])
        return self._motions

    def _update_marks(self, repaint: bool = True) -> None:
        """Repaints what is drawn over the text (provided by the drawing widget)."""
        raise NotImplementedError

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected body offsets [start, end), caret included; None when not selecting."""
        if self.selection_anchor is None:
            return None
        start, end = sorted((self.selection_anchor, self.caret))
        return start, min(end + 1, self._blocks.last + 1)

    @property
    def highlight_under_caret(self) -> Highlight | None:
        return highlight_at(self._highlights, self.caret)

    def _page_height(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _reveal(self, offset: int) -> None:
        """Scrolls so the line holding `offset` is on screen, a third of the way down."""
        row = self._map.row_of(offset)
        height = self.scrollable_content_region.height
        if not self.scroll_y <= row < self.scroll_y + height:
            self.scroll_to(y=max(0, row - height // 3), animate=False, immediate=True)

    def _follow_caret(self) -> None:
        """The view follows the caret: the least scroll that puts its line on screen."""
        row = self._map.row_of(self.caret)
        height = max(1, self.scrollable_content_region.height)
        top = int(self.scroll_y)
        if row < top:
            self.scroll_to(y=row, animate=False, immediate=True)
        elif row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False, immediate=True)

    def _caret_changed(self, force: bool = False) -> None:
        """Tells the screen when the caret enters or leaves a highlight (for the note view)."""
        under = self.highlight_under_caret
        key = None if under is None else f"{under.id}:{under.revision}:{under.note}"
        if force or key != self._caret_highlight:
            self._caret_highlight = key
            self.post_message(self.CaretMoved(under))

    class CaretMoved(Message):
        """The caret moved into or out of a highlight: the note beside the text may change."""

        def __init__(self, highlight: Highlight | None) -> None:
            super().__init__()
            self.highlight = highlight

    class BookmarkRequested(Message):
        """The user asked to bookmark the article at the caret."""

        def __init__(self, article_id: str, offset: int) -> None:
            super().__init__()
            self.article_id = article_id
            self.offset = offset

    #: The colour new highlights get; `1`-`5` change it.
    color = COLORS[0]

    class HighlightRequested(Message):
        """Highlight body offsets [start, end) of the article in `color`."""

        def __init__(self, article_id: str, start: int, end: int, color: str) -> None:
            super().__init__()
            self.article_id = article_id
            self.start = start
            self.end = end
            self.color = color

    class NoteRequested(Message):
        """Edit the note of `highlight`, or of a new highlight of [start, end) when it is None."""

        def __init__(
            self, article_id: str, highlight: Highlight | None, start: int, end: int, color: str
        ) -> None:
            super().__init__()
            self.article_id = article_id
            self.highlight = highlight
            self.start = start
            self.end = end
            self.color = color

    class DeleteRequested(Message):
        """Delete `highlight` (and its note)."""

        def __init__(self, highlight: Highlight) -> None:
            super().__init__()
            self.highlight = highlight

    class ColorRequested(Message):
        """Give `highlight` another colour."""

        def __init__(self, highlight: Highlight, color: str) -> None:
            super().__init__()
            self.highlight = highlight
            self.color = color

    class UndoRequested(Message):
        """Undo the last annotation change of this session."""

    class CopyRequested(Message):
        """Put `text` on the user's clipboard; `what` says what it is, for the notice."""

        def __init__(self, text: str, what: str) -> None:
            super().__init__()
            self.text = text
            self.what = what

    # Moving the caret.

    def move_caret(self, offset: int, *, keep_goal: bool = False) -> None:
        """Puts the caret at `offset` (made legal), extends a selection, and follows it."""
        if self.article is None:
            return
        rows_before = self._rows_touched()
        scroll_before = self.scroll_y
        self.caret = self._blocks.clamp(offset)
        if not keep_goal:
            self._goal_column = None
        self._update_marks(repaint=False)
        self._follow_caret()
        if self.scroll_y == scroll_before:
            # Only the lines the caret (and a selection) left and reached change: redrawing
            # just those keeps a keystroke cheap for the app, the terminal and the SSH link.
            first, last = self._rows_touched()
            first, last = min(first, rows_before[0]), max(last, rows_before[1])
            self.refresh_lines(first, last - first + 1)
        else:
            self.refresh()
        self._caret_changed()

    def _rows_touched(self) -> tuple[int, int]:
        """The first and last rows the caret and the selection are drawn on."""
        row = self._map.row_of(self.caret)
        selection = self.selection
        if selection is None:
            return row, row
        return self._map.row_of(selection[0]), self._map.row_of(max(selection[0], selection[1] - 1))

    def action_left(self) -> None:
        self.move_caret(self._blocks.step(self.caret, -1))

    def action_right(self) -> None:
        self.move_caret(self._blocks.step(self.caret, 1))

    def _move_rows(self, rows: int) -> None:
        if self._goal_column is None:
            self._goal_column = self._map.column_of(self.caret)
        self.move_caret(self._map.move_rows(self.caret, rows, self._goal_column), keep_goal=True)

    def action_line_down(self) -> None:
        self._move_rows(1)

    def action_line_up(self) -> None:
        self._move_rows(-1)

    def action_word_next(self) -> None:
        self.move_caret(next_token_start(self._body, self.caret))

    def action_word_prev(self) -> None:
        self.move_caret(prev_token_start(self._body, self.caret))

    def action_sentence_next(self) -> None:
        self.move_caret(self.motions.next_sentence_start(self.caret))

    def action_sentence_prev(self) -> None:
        self.move_caret(self.motions.prev_sentence_start(self.caret))

    def action_paragraph_next(self) -> None:
        self.move_caret(self.motions.next_paragraph_start(self.caret))

    def action_paragraph_prev(self) -> None:
        self.move_caret(self.motions.prev_paragraph_start(self.caret))

    def action_start(self) -> None:
        self.move_caret(0)
        self.scroll_to(y=0, animate=False, immediate=True)

    def action_end(self) -> None:
        self.move_caret(self._blocks.last)

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    def _page(self, direction: int) -> None:
        """A page: the view and the caret move together, the caret keeping its place on screen."""
        height = self._page_height()
        self.scroll_to(y=self.scroll_y + direction * height, animate=False, immediate=True)
        self._move_rows(direction * height)

    # Selecting and annotating.

    def action_select(self) -> None:
        """`v`: start a selection at the caret, or drop the one in progress."""
        self.selection_anchor = None if self.selection_anchor is not None else self.caret
        self._update_marks()

    def action_unselect(self) -> None:
        self.selection_anchor = None
        self._update_marks()

    def _target(self) -> tuple[int, int]:
        """What `h` and `a` act on: the selection, else the sentence under the caret."""
        selection = self.selection
        if selection is not None and self.article is not None:
            return snap_to_words(self._body, *selection)
        return self.motions.sentence_at(self.caret)

    def action_highlight(self) -> None:
        if self.article is None:
            return
        start, end = self._target()
        self.redraw_rows = self._rows_touched()
        self.selection_anchor = None
        # The caret stays inside the new highlight, so `a`, `y` or a colour key act on it next.
        # Nothing is redrawn yet: the screen answers the request by handing the highlights
        # back (or by refreshing), so the selection and the new colour change in one frame.
        self.caret = self._blocks.clamp(min(max(self.caret, start), end - 1))
        self._goal_column = None
        self._update_marks(repaint=False)
        self.post_message(self.HighlightRequested(self.article.id, start, end, self.color))

    def action_note(self) -> None:
        if self.article is None:
            return
        under = None if self.selection is not None else self.highlight_under_caret
        start, end = (under.start, under.end) if under else self._target()
        self.selection_anchor = None
        self._update_marks()
        self.post_message(self.NoteRequested(self.article.id, under, start, end, self.color))

    def action_delete(self) -> None:
        under = self.highlight_under_caret
        if under is None:
            self.notify("The caret is not in a highlight.", severity="information")
            return
        self.post_message(self.DeleteRequested(under))

    def action_undo(self) -> None:
        self.post_message(self.UndoRequested())

    def action_color(self, number: int) -> None:
        """`1`-`5`: the colour of the highlight under the caret, and of the next ones."""
        self.color = COLORS[max(0, min(len(COLORS), number) - 1)]
        under = self.highlight_under_caret
        if under is not None:
            self.post_message(self.ColorRequested(under, self.color))
        else:
            self.notify(f"New highlights will be {self.color}.", severity="information")

    def action_highlight_next(self) -> None:
        self._jump_highlight(1)

    def action_highlight_prev(self) -> None:
        self._jump_highlight(-1)

    def _jump_highlight(self, direction: int) -> None:
        starts = sorted({item.start for item in self._highlights if item.attached})
        if not starts:
            self.notify("No highlights in this article yet: press h to make one.")
            return
        if direction > 0:
            found = [start for start in starts if start > self.caret]
            target = found[0] if found else starts[0]
        else:
            found = [start for start in starts if start < self.caret]
            target = found[-1] if found else starts[-1]
        self.move_caret(target)
        self._reveal(target)

    def action_copy(self) -> None:
        """`y`: the selection, or the highlight under the caret with its note, as a quote."""
        if self.article is None:
            return
        selection = self.selection
        under = self.highlight_under_caret
        if selection is not None:
            start, end = self._target()
            note = None
            what = "the selection"
        elif under is not None:
            start, end, note = under.start, under.end, under.note or None
            what = "the highlight" + (" and its note" if note else "")
        else:
            self.notify("Nothing to copy: select with v, or move into a highlight.")
            return
        text = markdown_quote(
            self._body[start:end],
            title=self.article.title,
            note=note,
            source=self.article.meta.source or None,
        )
        self.selection_anchor = None
        self._update_marks()
        self.post_message(self.CopyRequested(text, what))

    def action_bookmark_here(self) -> None:
        if self.article is not None:
            self.post_message(self.BookmarkRequested(self.article.id, self.caret))

    # Search matches.

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """n/N only while there are matches; escape drops a selection, else goes back."""
        if action in {"next_match", "prev_match"}:
            return bool(self._matches)
        if action == "unselect":
            return self.selection_anchor is not None
        return True

    def action_next_match(self) -> None:
        self._step_match(1)

    def action_prev_match(self) -> None:
        self._step_match(-1)

    def _step_match(self, step: int) -> None:
        if not self._matches:
            self.notify("No search matches in this article.", severity="information")
            return
        self._current_match = (self._current_match + step) % len(self._matches)
        start = self._matches[self._current_match][0]
        self.move_caret(start)
        self._reveal(start)

    # The mouse: click to put the caret, drag to select (then `h` highlights the selection).

    def _offset_at_pointer(self, event: events.MouseEvent) -> int | None:
        where = event.get_content_offset_capture(self)
        if self.article is None or not self._map.body_rows:
            return None
        x, y = where
        row = self._map.nearest_body_row(int(self.scroll_y) + y)
        line = self._map.lines[row]
        column = x - self._left_margin(self._layout_width) - cell_len(line.prefix)
        return self._map.offset_at(row, max(0, column))

    def on_mouse_down(self, event: events.MouseDown) -> None:
        offset = self._offset_at_pointer(event)
        if offset is None or event.button != 1:
            return
        self.focus()
        self.selection_anchor = None
        self.move_caret(offset)
        self._dragging = True
        self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if not self._dragging:
            return
        offset = self._offset_at_pointer(event)
        if offset is None:
            return
        if self.selection_anchor is None and offset != self.caret:
            self.selection_anchor = self.caret
        self.move_caret(offset)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._dragging:
            self._dragging = False
            self.release_mouse()
