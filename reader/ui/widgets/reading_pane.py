"""The reading pane: an article laid out to a comfortable measure, drawn line by line, with a caret.

Line-based drawing keeps a 1 MB article as cheap to show as a short one: the layout is computed
once per width (`reader.core.reading.layout`), rows and columns are found by binary search, and
only visible lines are styled. The widget composes three plain models of the core: a `Cursor`
(caret, selection and where each motion goes), the article's `HighlightLayer` and its search
`Matches`; it draws them (`LinePainter`) and redraws only the lines a change touched. What a
highlight, a note or a deletion means is decided by whoever owns the store: the pane posts a
message named for what the user asked for, and is handed the article's highlights back.
"""

from __future__ import annotations

from typing import ClassVar, TypeAlias

from textual import events, on
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.core.annotate.highlight import COLORS, Highlight
from reader.core.article import Article
from reader.core.reading.cursor import Cursor
from reader.core.reading.highlights import HighlightLayer
from reader.core.reading.matches import Matches
from reader.ui.keys import bindings
from reader.ui.widgets import reading_messages as messages
from reader.ui.widgets.reading_find import ArticleFind
from reader.ui.widgets.reading_lines import COMPONENTS, PANE_CSS
from reader.ui.widgets.reading_marks import HIGHLIGHT_CSS
from reader.ui.widgets.reading_pointer import Pointer
from reader.ui.widgets.reading_queue import OpeningKeys, after_opening
from reader.ui.widgets.reading_view import MEASURE, PaneView


class ReadingPane(ScrollView, can_focus=True):
    """Shows one article, with a caret to read, select and annotate by.

    | Key | Command id | Does |
    |---|---|---|
    | arrows, `j`/`k` | `reader.read.left`/`right`/`down`/`up` | caret by character / line |
    | `w` / `b` | `reader.read.word_next` / `word_prev` | next / previous word |
    | `)` / `(` | `reader.read.sentence_next` / `sentence_prev` | next / previous sentence |
    | `}` / `{` | `reader.read.paragraph_next` / `paragraph_prev` | next / previous paragraph |
    | `g`/`home`, `G`/`end` | `reader.read.start`/`end` | start / end |
    | `space`/`pagedown`, `pageup` | `reader.read.page_down`/`page_up` | a page |
    | `v` | `reader.read.select` | start or cancel a selection |
    | `h` | `reader.read.highlight` | highlight the selection, or the sentence |
    | `1`-`5` | `reader.read.color_*` | colour of the highlight under the caret (and of new ones) |
    | `a` | `reader.read.note` | add or edit the note of the highlight under the caret |
    | `x` / `u` | `reader.read.delete` / `undo` | delete the highlight (or bookmark) / undo |
    | `]` / `[` | `reader.read.highlight_next` / `highlight_prev` | next / previous highlight |
    | `y` | `reader.read.copy` | copy the selection or highlight (OSC 52) |
    | `m` | `reader.bookmark` | bookmark the place at the caret |
    | `/` | `reader.read.find` | find in the article (the column under it shows the bar) |
    | `n` / `N` | `reader.read.next_match` / `prev_match` | next / previous match |
    | `escape` | `reader.read.clear_find` | clear the find's marks (`n`/`N` bring them back) |

    Keys typed while an article is on its way act on it once it is laid out (`OpeningKeys`).
    """

    BINDINGS = bindings(
        *(
            f"reader.read.{name}"
            for name in (  # noqa: SIM905 (the ids in the order of the key bar, as words)
                "left right down up word_next word_prev sentence_next sentence_prev "
                "paragraph_next paragraph_prev start end page_down page_up select unselect "
                "highlight note delete undo highlight_next highlight_prev copy "
                "find next_match prev_match clear_find"
            ).split()
        ),
        "reader.bookmark",
        *(f"reader.read.color_{number}" for number in range(1, 6)),
    )

    COMPONENT_CLASSES: ClassVar[set[str]] = COMPONENTS

    DEFAULT_CSS = PANE_CSS + HIGHLIGHT_CSS

    # Events up, named for what happened (`on_reading_pane_*`): see `reading_messages`.
    PositionChanged: TypeAlias = messages.PositionChanged
    CaretMoved: TypeAlias = messages.CaretMoved
    BookmarkRequested: TypeAlias = messages.BookmarkRequested
    UnbookmarkRequested: TypeAlias = messages.UnbookmarkRequested
    HighlightRequested: TypeAlias = messages.HighlightRequested
    NoteRequested: TypeAlias = messages.NoteRequested
    DeleteRequested: TypeAlias = messages.DeleteRequested
    ColorRequested: TypeAlias = messages.ColorRequested
    UndoRequested: TypeAlias = messages.UndoRequested
    CopyRequested: TypeAlias = messages.CopyRequested
    FindRequested: TypeAlias = messages.FindRequested

    def __init__(
        self, *, id: str | None = None, classes: str | None = None, measure: int = MEASURE
    ) -> None:
        super().__init__(id=id, classes=classes)
        #: The caret, the selection and where motions go.
        self.cursor = Cursor()
        self._layer = HighlightLayer()
        self._matches = Matches()
        #: Keys typed for an article still on its way (whoever opens one says so).
        self.opening_keys = OpeningKeys(self, lambda: self.view.fits)
        #: Layout, marks, scrolling and drawing.
        self.view = PaneView(
            self, self.cursor, self._layer, self._matches, self.opening_keys.laid_out
        )
        self.view.measure = measure
        #: Finding in the article (`/`, `n`, `N`).
        self.finding = ArticleFind(self, self.cursor, self._matches, self.view, self.move_caret)
        self._pointer = Pointer(self, self.cursor, self.view, self.move_caret)
        self._caret_highlight: object = None
        self.empty_message = "Choose an article and press Enter to read it."
        #: The colour new highlights get; `1`-`5` change it.
        self.color = COLORS[0]

    # State flows down.

    def show(
        self,
        article: Article,
        offset: int = 0,
        matches: list[tuple[int, int]] | None = None,
        highlights: list[Highlight] | None = None,
    ) -> None:
        """Displays `article` with the line holding body `offset` at the top, the caret there.

        `matches` are (start, end) body offsets of search matches, marked in the text and walked
        with n/N; the one at or after `offset` becomes the current match.
        """
        self.cursor.load(article, offset)
        self._layer.replace(highlights or [])
        self.view.reset(offset)
        self._matches.reset(matches or [], offset)
        self.finding.article_shown(article)
        current = self._matches.current
        if current is not None:
            self.cursor.go(current[0])
        self.view.relayout(first_screen=current is None)
        self.view.update_marks()
        if current is not None:
            self.view.reveal(current[0])
        self._caret_changed()

    def set_highlights(self, highlights: list[Highlight]) -> None:
        """The article's highlights as they are now: only passages that look different are
        redrawn."""
        self.view.highlights_changed(self._layer.replace(highlights))
        self._caret_changed(force=True)

    def add_highlight(self, highlight: Highlight) -> None:
        """One new highlight of the article: only its lines are redrawn."""
        if self.article is not None and highlight.article_id == self.article.id:
            self._layer.add(highlight)
            self.view.highlights_changed([(highlight.start, highlight.end)])
            self._caret_changed(force=True)

    def clear_matches(self) -> None:
        """The search was left: its matches are no longer marked or walked (a find's stay)."""
        if self._matches.phrase is None:
            self._matches.reset()
            self.view.update_marks()

    # What it shows now.

    @property
    def article(self) -> Article | None:
        return self.cursor.article

    @property
    def caret(self) -> int:
        return self.cursor.caret

    @property
    def selection(self) -> tuple[int, int] | None:
        return self.cursor.selection

    @property
    def highlights(self) -> list[Highlight]:
        return self._layer.items

    @property
    def highlight_under_caret(self) -> Highlight | None:
        return self._layer.at(self.cursor.caret)

    @property
    def current_match(self) -> tuple[int, int] | None:
        return self._matches.current

    def _caret_changed(self, force: bool = False) -> None:
        """Tells the screen when the caret enters or leaves a highlight (for the note view)."""
        under = self.highlight_under_caret
        key = (self._layer.notes, under and (under.id, under.revision, under.note))
        if force or key != self._caret_highlight:
            self._caret_highlight = key
            self.post_message(self.CaretMoved(under, self._layer.notes))

    # Moving the caret.

    def move_caret(self, offset: int | None, *, vertical: bool = False) -> None:
        """Puts the caret at `offset` (None: nowhere to go), extends a selection, follows it."""
        if offset is None or self.article is None:
            return
        rows_before, scroll_before = self.cursor.rows_touched(), self.scroll_y
        self.cursor.go(offset, vertical=vertical)
        self.view.moved(rows_before, scroll_before)
        self._caret_changed()

    @after_opening
    def action_move(self, motion: str) -> None:
        """`w`, `b`, `)`, `(`, `}`, `{`, arrows, `G`: see `Cursor.where`."""
        self.move_caret(self.cursor.where(motion))

    @after_opening
    def action_line(self, rows: int) -> None:
        """`j`/`k`: a line down or up, keeping the column."""
        self.move_caret(self.cursor.rows_away(rows), vertical=True)

    @after_opening
    def action_start(self) -> None:
        if self.article is not None:
            self.move_caret(0)
            self.view.scroll_to(0)

    @after_opening
    def action_page(self, direction: int) -> None:
        """A page: the view and the caret move together, the caret keeping its place on screen."""
        if self.article is None:
            return
        height = self.view.page_height()
        self.view.scroll_to(self.scroll_y + direction * height)
        self.move_caret(self.cursor.rows_away(direction * height), vertical=True)

    @after_opening
    def action_jump_highlight(self, direction: int) -> None:
        """`]`/`[`: the next or previous highlight, round at either end."""
        target = self._layer.next_start(self.cursor.caret, direction)
        self._jump(target, "No highlights in this article yet: press h to make one.")

    @after_opening
    def action_step_match(self, step: int) -> None:
        """`n`/`N`: the next or previous match, round at either end (the last phrase found,
        in an article opened since)."""
        self._jump(self.finding.step(step), "No matches in this article.")

    def action_find(self) -> None:
        """`/`: the column under the pane shows the find bar; it hands the phrase down."""
        self.post_message(self.FindRequested())

    @after_opening
    def action_clear_find(self) -> None:
        """`escape` after a find: its marks go; `n`/`N` bring them back."""
        self._matches.shown = False
        self.view.update_marks()

    def _jump(self, target: int | None, nothing: str) -> None:
        if target is None:
            self.notify(nothing, severity="information")
            return
        self.move_caret(target)
        self.view.reveal(target)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """n/N only while there are matches; escape drops a selection, else clears a find's
        marks, else goes back. While an article opens, what was typed before decides."""
        keys = self.opening_keys
        if action == "step_match":
            return keys.opening or self.finding.can_step
        if action == "unselect":
            return keys.kept("action_select") if keys.opening else self.cursor.anchor is not None
        if action == "find":  # with nothing to find in, `/` searches the library
            return keys.opening or self.article is not None
        if action == "clear_find":
            matches = self._matches
            return not keys.opening and matches.shown and matches.phrase is not None
        return True

    # Selecting and annotating.

    @after_opening
    def action_select(self) -> None:
        """`v`: start a selection at the caret, or drop the one in progress."""
        self.cursor.toggle_selection()
        self.view.update_marks()

    @after_opening
    def action_unselect(self) -> None:
        self.cursor.drop_selection()
        self.view.update_marks()

    @after_opening
    def action_highlight(self) -> None:
        """`h`: asks for the selection, or the sentence, to be highlighted; the caret stays in
        it, so `a`, `y` or a colour key act on it next."""
        target = self.cursor.target()
        if target is None or self.article is None:
            return
        (start, end), before = target, self.cursor.rows_touched()
        self.cursor.drop_selection()
        self.cursor.settle_into(start, end)
        self.view.moved(before, self.scroll_y)
        self.refresh_bindings()
        if end > start:
            # Whoever owns the store answers (`add_highlight`), or says it is there already.
            self._layer.requested = (start, end)
            self.post_message(self.HighlightRequested(self.article.id, start, end, self.color))

    @after_opening
    def action_note(self) -> None:
        """`a`: the note of the highlight under the caret, else of a new one of the selection
        or sentence (or of the one `h` just asked for, even if it is not back yet)."""
        if self.article is None:
            return
        cursor = self.cursor
        under, start, end = self._layer.note_passage(
            cursor.caret, cursor.selection is not None, cursor.target
        )
        self.cursor.drop_selection()
        self.view.update_marks()
        self.post_message(self.NoteRequested(self.article.id, under, start, end, self.color))

    @after_opening
    def action_delete(self) -> None:
        """`x`: the highlight under the caret, else the bookmark on its line."""
        under = self.highlight_under_caret
        if under is not None:
            self.post_message(self.DeleteRequested(under))
        elif self.article is not None:
            self.post_message(self.UnbookmarkRequested(self.article.id, self.cursor.caret))

    def action_undo(self) -> None:
        self.post_message(self.UndoRequested())

    @after_opening
    def action_color(self, number: int) -> None:
        """`1`-`5`: the colour of the highlight under the caret, and of the next ones."""
        self.color = COLORS[max(0, min(len(COLORS), number) - 1)]
        under = self.highlight_under_caret
        if under is not None:
            self.post_message(self.ColorRequested(under, self.color))
        else:
            self.notify(f"New highlights will be {self.color}.", severity="information")

    @after_opening
    def action_copy(self) -> None:
        """`y`: the selection, or the highlight under the caret with its note, as a quote."""
        if self.article is None:
            return
        copied = self.cursor.quote(self.highlight_under_caret)
        if copied is None:
            self.notify("Nothing to copy: select with v, or move into a highlight.")
            return
        self.cursor.drop_selection()
        self.view.update_marks()
        self.post_message(self.CopyRequested(*copied))

    @after_opening
    def action_bookmark(self) -> None:
        if self.article is not None:
            self.post_message(self.BookmarkRequested(self.article.id, self.cursor.caret))

    # The mouse: click to put the caret, drag to select (then `h` highlights the selection).

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self._pointer.down(event)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._pointer.moved(event)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        self._pointer.up()

    # Layout and drawing.

    def on_mount(self) -> None:
        self.view.relayout()

    def on_resize(self, event: events.Resize) -> None:
        self.view.resized()

    def watch_show_vertical_scrollbar(self, shown: bool) -> None:
        self.view.scrollbar_changed(shown)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value):
            self.view.report_position()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.view.painter.forget_styles()

    @on(events.Focus)
    @on(events.Blur)
    def _focus_changed(self) -> None:
        self.view.painter.forget_styles()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        return self.view.render_line(y, self.empty_message)
