"""The screen side of the reading pane: the article laid out for its width, and what each row shows.

`ReadingPane` composes one `PaneView`, lending it the models it draws (the `Cursor`, the
`HighlightLayer`, the `Matches`). The view lays the article out once per width, keeps the marks
drawn over the text, answers which rows a change touched so only those are redrawn, scrolls to
follow the caret, and draws a row when Textual asks (`LinePainter`).
"""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

from reader.core.article import Article
from reader.core.reading.cursor import Cursor
from reader.core.reading.highlights import HighlightLayer
from reader.core.reading.layout import Line
from reader.core.reading.matches import Matches
from reader.store.bookmarks import Bookmark
from reader.store.config import DEFAULT_MEASURE
from reader.ui.widgets import reading_messages as messages
from reader.ui.widgets.article_list import meta_line
from reader.ui.widgets.reading_layout import Layouts, first_rows, rows_estimate
from reader.ui.widgets.reading_lines import LinePainter
from reader.ui.widgets.reading_marks import Overlay, build_marks, match_title

#: The widest text column, in cells, unless the config file says otherwise: long lines are
#: tiring to read.
MEASURE = DEFAULT_MEASURE

#: How long a resize must settle before a long article is laid out again.
RELAYOUT_DELAY = 0.08
#: Laid-out lines from which an article is long: laid out again only once a resize settles.
LONG_LAYOUT = 2000

#: Words read in a minute, for the time left in the border.
WORDS_PER_MINUTE = 230

#: Above this many changed passages, a change of highlights redraws the whole pane.
MAX_PASSAGES_REDRAWN = 40


def header_meta(article: Article) -> str:
    """The line under the title: who wrote it, where, when, how long."""
    parts = [part for part in (article.meta.byline, meta_line(article.meta)) if part]
    return " · ".join(parts)


class PaneView:
    """Layout, marks, scrolling and drawing of one `ReadingPane`."""

    def __init__(
        self,
        pane: ScrollView,
        cursor: Cursor,
        layer: HighlightLayer,
        matches: Matches,
        laid_out: Callable[[], None],
    ) -> None:
        self._pane = pane
        self._laid_out = laid_out
        #: The widest text column, in cells (the config file's `measure`).
        self.measure = MEASURE
        self._cursor = cursor
        self._layer = layer
        self._matches = matches
        self.painter = LinePainter(pane)
        #: The laid-out lines of the article, for `width`.
        self.lines: list[Line] = []
        #: The width of the text column the lines were laid out for (0: not laid out yet).
        self.width = 0
        #: Everything drawn over the text now.
        self.marks = Overlay()
        self._noted_rows: set[int] | None = None
        #: The article's bookmarks, and the rows they are on (worked out when first drawn).
        self.bookmarks: list[Bookmark] = []
        self._bookmarked_rows: set[int] | None = None
        self._pending_offset: int | None = None
        self._relayout_timer: Timer | None = None
        self._height = 0  # rows of the pane at the last resize
        self._at_once = False
        self._coming = 0  # the width inside its border the pane is about to have (0: as now)
        self._rest_of: Article | None = None  # laid out from its first screens: the rest due
        self._layouts = Layouts()
        self._laid_for = 0  # the text column asked for (`width` may be a scrollbar narrower)
        #: The offset the last layout put at the top, and the scroll that gave: kept by the
        #: next layout while the view has not moved (a passage opened stays at the top).
        self._anchor: tuple[int, float] = (0, 0.0)
        #: The tags of an article, as the library names them ("#a  #b"), for the border.
        self.tags: tuple[str, str] = ("", "")

    def reset(self, offset: int) -> None:
        """A new article: laid out at the next `relayout`, with `offset`'s line at the top."""
        self.width = self._laid_for = 0
        self.lines = []
        self._cursor.lay_out(self.lines)
        self._pending_offset = offset
        self._noted_rows = self._bookmarked_rows = None
        self.bookmarks = []

    def set_bookmarks(self, bookmarks: list[Bookmark]) -> None:
        """The open article's bookmarks, marked in the margin."""
        if bookmarks != self.bookmarks:
            self.bookmarks, self._bookmarked_rows = bookmarks, None
            self._pane.refresh()

    def bookmark_at(self, offset: int) -> Bookmark | None:
        """The bookmark on the line of body `offset`, if any."""
        if not self.lines:
            return None
        row = self._cursor.map.row_of(offset)
        return next((b for b in self.bookmarks if self._cursor.map.row_of(b.position) == row), None)

    def clear(self) -> None:
        """No article: the pane says how to choose one, as before the first."""
        self._cursor.unload()
        self.bookmarks, self._bookmarked_rows = [], None
        self._layer.replace([])
        self._matches.reset()
        self.lines, self.width, self._laid_for, self._noted_rows = [], 0, 0, None
        pane = self._pane
        pane.virtual_size = Size(0, 0)
        pane.scroll_to(y=0, animate=False, immediate=True)
        pane.border_title, pane.border_subtitle = "Reading", ""
        self.update_marks()
        pane.post_message(messages.CaretMoved(None, 0))

    def update_marks(self, repaint: bool = True) -> None:
        """Works out what is drawn over the text, from the highlights (marked once per change
        of them), the search matches, the selection and the caret; `repaint=False` leaves the
        redrawing to the caller (a caret move redraws only the lines it touched)."""
        cursor, pane = self._cursor, self._pane
        caret = cursor.caret if cursor.article is not None else None
        self.marks = build_marks(self._layer.marks, self._matches, cursor.selection, caret)
        self.update_title()
        if repaint:
            pane.refresh()
            pane.refresh_bindings()

    def update_title(self) -> None:
        """The border says what mode the pane is in: selecting, walking matches, or reading.

        Set only when it changes: setting a border title, even to the same text, redraws the
        whole pane, and this runs on every caret move.
        """
        pane = self._pane
        if self._cursor.selection is not None:
            title = "Reading · selecting: h highlight · y copy · esc drop"
        elif (found := match_title(self._matches)) is not None:
            title = f"Reading · {found}"
        elif pane.border_title != "Opening…":
            article, (tagged, tags) = self._cursor.article, self.tags
            shown = tags and article is not None and article.id == tagged
            title = f"Reading · {tags}" if shown else "Reading"
        else:
            return
        content = Content(title)
        if pane.border_title != content.markup:
            pane.border_title = content

    def highlights_changed(self, passages: list[tuple[int, int]]) -> None:
        """The highlights of these (start, end) passages changed: only their lines are redrawn."""
        if not passages:
            return
        self._noted_rows = None
        self.update_marks(repaint=False)
        if len(passages) > MAX_PASSAGES_REDRAWN:
            self._pane.refresh()
            return
        for start, end in passages:
            self.redraw(start, max(start, end - 1))

    def moved(self, rows_before: tuple[int, int], scroll_before: float) -> None:
        """The caret moved from `rows_before`: the view follows it, and only the lines the caret
        (and a selection) left and reached are redrawn, unless the view scrolled. That keeps a
        keystroke cheap for the app, the terminal and the SSH link."""
        self.update_marks(repaint=False)
        self.follow_caret()
        if self._pane.scroll_y != scroll_before:
            self._pane.refresh()
            return
        first, last = self._cursor.rows_touched()
        self.refresh_rows(min(first, rows_before[0]), max(last, rows_before[1]))

    # Layout.

    @property
    def fits(self) -> bool:
        """Laid out for the pane's width, or the pane has none to lay out in (hidden)."""
        return self._pane.scrollable_content_region.width <= 0 or self._current()

    def _current(self) -> bool:
        """The lines are laid out for the text column now (or one scrollbar narrower, for the
        scrollbar they need and Textual has not shown yet)."""
        width = self.text_width()
        shown = self._pane.show_vertical_scrollbar
        return width == self.width or (width == self._laid_for and not shown)

    def text_width(self) -> int:
        return max(1, min(self.measure, self._region_width() - 4))

    def _region_width(self) -> int:
        return self._coming or self._pane.scrollable_content_region.width

    def left_margin(self) -> int:
        return max(2, (self._pane.scrollable_content_region.width - self.width) // 2)

    @property
    def top_offset(self) -> int:
        """Body offset of the first body line on screen, 0 before the body starts."""
        for line in self.lines[int(self._pane.scroll_y) :]:
            if line.is_body:
                return line.start
        return 0

    def relayout_at_once(self, region_width: int = 0) -> None:
        """The screen is about to change the pane's width (full width, the list shown or
        hidden), to `region_width` columns inside its border when it knows: laid out for it
        now, so the first frame at the new width is the finished one (scrollbar and border
        too); else laid out before it is drawn at the new width, even a long article."""
        self._at_once, self._coming = True, region_width  # (until drawn at its new size)
        if region_width > 0:
            self.relayout()  # (an article opening meanwhile is laid out for it too)

    def resized(self) -> None:
        """The pane changed size: a long article is laid out again once resizing settles."""
        if self._relayout_timer is not None:
            self._relayout_timer.stop()
        height, was = self._pane.scrollable_content_region.height, self._height
        self._height = height
        at_once, self._at_once, self._coming = self._at_once, False, 0
        if self._cursor.article is None:
            return
        if height < was and self.lines and not self.caret_on_screen():
            row, top = self._cursor.map.row_of(self._cursor.caret), self._pane.scroll_y
            if top <= row < top + was:  # the caret was on screen: the note below opened
                self.follow_caret()
        if len(self.lines) < LONG_LAYOUT or at_once:
            self.relayout()
        else:
            self._relayout_timer = self._pane.set_timer(RELAYOUT_DELAY, self.relayout)

    def scrollbar_changed(self, shown: bool) -> None:
        """The scrollbar took a column or gave it back (no Resize says so); Textual moves its
        thumb only while it is shown, so it is put where the view is."""
        self.resized()
        if shown:
            self._pane.vertical_scrollbar.position = self._pane.scroll_y

    def relayout(self, first_screen: bool = False) -> None:
        """Lays the article out for the pane's width, keeping the same text at the top and the
        caret in view if it was (`first_screen`: a long article just opened at its top is laid
        out from its first screens, the rest once they are drawn)."""
        pane, article = self._pane, self._cursor.article
        if article is None or not pane.is_mounted:
            return
        if self._region_width() <= 0:
            self._laid_out()  # hidden (too small a window): laid out once it has a size
            return
        if self._current() and self._pending_offset is None:
            return
        width = self._laid_for = self.text_width()
        keep, scrolled = self._anchor
        if self._pending_offset is not None or scrolled != pane.scroll_y:
            keep = self._pending_offset if self._pending_offset is not None else self.top_offset
        caret_was_visible = self.caret_on_screen()
        rows = first_rows(pane, article) if first_screen and self._pending_offset == 0 else None
        self._pending_offset = None
        meta = header_meta(article)
        width, lines = self._layouts.lines(pane, article, meta, width, self._region_width(), rows)
        self.lines = lines
        self._cursor.lay_out(lines)
        self._noted_rows = self._bookmarked_rows = None  # the marks sit on rows of this layout
        self.width = width
        pane.virtual_size = Size(width, rows_estimate(article, width, len(lines), rows))
        row = self._cursor.map.row_of(keep) if keep > 0 else 0
        self.scroll_to(row)
        self._anchor = (keep, pane.scroll_y)
        if caret_was_visible:
            self.follow_caret()
        self.update_marks()
        self.report_position()
        self._rest_of = article if rows else None
        if rows:  # (the keys typed meanwhile wait for the rest)
            pane.call_after_refresh(self._lay_out_rest)
        else:
            self._laid_out()

    def _lay_out_rest(self) -> None:
        """The whole of a long article whose first screens are drawn (unless another article
        or another layout came first)."""
        if self._rest_of is not None and self._rest_of is self._cursor.article:
            self._rest_of, self._pending_offset = None, self.top_offset
            self.relayout()

    def report_position(self) -> None:
        """The border says how far through the article the view is; the screen is told where
        reading is (`PositionChanged`), to remember it."""
        pane, article = self._pane, self._cursor.article
        if article is None:
            return
        height = max(1, pane.scrollable_content_region.height)
        total = max(1, len(self.lines) - height)
        fraction = 1.0 if len(self.lines) <= height else min(1.0, pane.scroll_y / total)
        minutes_left = max(0, round(round(article.meta.words * (1 - fraction)) / WORDS_PER_MINUTE))
        pane.border_subtitle = f"{round(fraction * 100)}% · {minutes_left} min left"
        pane.post_message(messages.PositionChanged(article.id, self.top_offset, fraction))

    # Scrolling.

    def scroll_to(self, row: float) -> None:
        """Scrolls now, even before Textual has given the pane the scrollbar a new layout needs
        (keys kept for an article opening act right after it is laid out)."""
        self._pane.scroll_to(y=row, animate=False, force=True, immediate=True)

    def page_height(self) -> int:
        return max(1, self._pane.scrollable_content_region.height - 1)

    def caret_on_screen(self) -> bool:
        if not self.lines:
            return True
        pane = self._pane
        row = self._cursor.map.row_of(self._cursor.caret)
        return pane.scroll_y <= row < pane.scroll_y + pane.scrollable_content_region.height

    def reveal(self, offset: int) -> None:
        """Scrolls so the line holding `offset` is on screen, a third of the way down."""
        pane = self._pane
        row = self._cursor.map.row_of(offset)
        height = pane.scrollable_content_region.height
        if not pane.scroll_y <= row < pane.scroll_y + height:
            self.scroll_to(max(0, row - height // 3))

    def follow_caret(self) -> None:
        """The view follows the caret: the least scroll that puts its line on screen."""
        pane = self._pane
        row = self._cursor.map.row_of(self._cursor.caret)
        height = max(1, pane.scrollable_content_region.height)
        top = int(pane.scroll_y)
        if row < top:
            self.scroll_to(row)
        elif row >= top + height:
            self.scroll_to(row - height + 1)

    # Redrawing only what changed.

    def refresh_rows(self, first: int, last: int) -> None:
        self._pane.refresh_lines(first, last - first + 1)

    def redraw(self, *offsets: int) -> None:
        """Redraws the rows from the first to the last of `offsets`' rows."""
        rows = [self._cursor.map.row_of(offset) for offset in offsets]
        self.refresh_rows(min(rows), max(rows))

    # Drawing.

    def render_line(self, y: int, empty_message: str) -> Strip:
        pane, cursor, self._coming = self._pane, self._cursor, 0  # drawn: its size is known
        width = pane.scrollable_content_region.width
        # Drawn at a new width before the resize reached the pane: laid out first (a long
        # article only when the screen asked, not at every step of a terminal's resize).
        stale = self.width and not self._current()
        if stale and (len(self.lines) < LONG_LAYOUT or self._at_once):
            self._at_once = False
            self.relayout()
        if cursor.article is None:
            if y == 1:
                return self.painter.message(empty_message, width)
            return self.painter.blank(width)
        row = int(pane.scroll_y) + y
        if row >= len(self.lines):
            return self.painter.blank(width)
        if self._noted_rows is None:
            self._noted_rows = {cursor.map.row_of(at) for at in self._layer.noted_starts()}
        if self._bookmarked_rows is None:
            self._bookmarked_rows = {cursor.map.row_of(mark.position) for mark in self.bookmarks}
        line, caret = self.lines[row], cursor.caret
        return self.painter.line(
            line,
            self.marks,
            margin=self.left_margin(),
            measure=self.width,
            width=width,
            noted=row in self._noted_rows,
            bookmarked=row in self._bookmarked_rows,
            caret_after=line.is_body and caret >= line.end and cursor.map.row_of(caret) == row,
        )

    def pointer_offset(self, x: int, y: int) -> int | None:
        """The body offset under the pointer at content cell (x, y)."""
        return self._cursor.offset_at(int(self._pane.scroll_y) + y, x - self.left_margin())
