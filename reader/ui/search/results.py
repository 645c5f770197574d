"""Search results: title and a snippet of why each article matched, the matches emphasised.

Drawn line by line like the article list, so a long result list costs only what is on screen.
What it shows is an `Answer`: the results together with the query they answer, so a result is
never taken for one of a newer query. The search worker lays an answer's rows out for the
list's width (`laid_out`), so the app's thread only draws them: it lays them out itself only
when the width changed meanwhile.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import zip_longest
from typing import TYPE_CHECKING, ClassVar

from msgspec import Struct
from msgspec.structs import replace
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.ui.search.rows import Row, Spans, answer_rows

if TYPE_CHECKING:
    from reader.core.search.query import SearchResult


class Layout(Struct, frozen=True):
    """An answer's rows laid out for `width` cells, and the first row of each result."""

    width: int
    rows: tuple[Row, ...]
    starts: tuple[int, ...]


class Answer(Struct, frozen=True):
    """The results of one query, best first, and a message when there are none; `layout`, when
    given, is their rows for a width (made beside the search, off the app's thread)."""

    query: str
    results: Sequence[SearchResult] = ()
    message: str = ""
    layout: Layout | None = None


def laid_out(answer: Answer, width: int) -> Answer:
    """`answer` with its rows laid out for `width` (`ResultList.text_width`)."""
    rows, starts = answer_rows(answer.results, answer.message, width)
    return replace(answer, layout=Layout(width, tuple(rows), tuple(starts)))


#: What the list shows before any search.
NO_ANSWER = Answer("")
#: Rows by which the list's scrollable height moves (see `scroll_height`).
HEIGHT_STEP = 16


def scroll_height(kept: int, rows: int, view: int) -> int:
    """The list's scrollable height for `rows` rows seen through `view` lines, `kept` the one
    it has. A change of it lays the whole screen out again and redraws the scrollbar (a few ms
    on every key, as each prefix's answer has a few rows more or less), so it moves by whole
    steps: `view` while the rows fit (no scrollbar), else `kept` while the rows fit in it with
    less than two steps to spare (blank rows past the last result), else the rows rounded up to
    a step."""
    if rows <= view:
        return view
    if rows <= kept < rows + 2 * HEIGHT_STEP:
        return kept
    return -(-rows // HEIGHT_STEP) * HEIGHT_STEP


class ResultList(ScrollView, can_focus=False):
    """Results of the current search; the search bar keeps the focus and steers the cursor.

    Each result takes as many rows as its title and snippet need at the list's width
    (`rows.answer_rows`); only the rows on screen are drawn, and a new answer redraws only the
    rows that look different from the previous one's.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "result-list--title",
        "result-list--snippet",
        "result-list--match",
        "result-list--cursor",
        "result-list--message",
    }

    DEFAULT_CSS = """
    ResultList {
        background: $surface;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
        & > .result-list--title { text-style: bold; }
        & > .result-list--snippet { color: $text-muted; }
        & > .result-list--match { color: $text-warning; text-style: bold underline; }
        & > .result-list--cursor { background: $block-cursor-blurred-background; }
        & > .result-list--message { color: $text-muted; text-style: italic; }
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True)
    """Index of the chosen result."""

    class Chosen(Message):
        """A result was clicked: open it (`query` is the query it answers)."""

        def __init__(self, result: SearchResult, query: str) -> None:
            super().__init__()
            self.result = result
            self.query = query

    class Moved(Message):
        """Another result is the chosen one (`None`: none is): the reading pane previews it."""

        def __init__(self, result: SearchResult | None, query: str) -> None:
            super().__init__()
            self.result = result
            self.query = query

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._answer = NO_ANSWER
        self._rows: Sequence[Row] = ()
        self._starts: Sequence[int] = ()  # the first row of each result
        self._laid_out_for = 0  # the width the rows were laid out for
        #: (text width, view height, width) as last shown: Textual gives a hidden widget no
        #: size, and the first answer of a search is laid out before the list is shown.
        self._measured = (0, 0, 0)
        self._looks: dict[tuple[str, bool], tuple[Style, Style, Style]] = {}

    @property
    def answer(self) -> Answer:
        """What is shown: the results and the query they answer."""
        return self._answer

    @property
    def results(self) -> Sequence[SearchResult]:
        return self._answer.results

    @property
    def current(self) -> SearchResult | None:
        if 0 <= self.cursor < len(self.results):
            return self.results[self.cursor]
        return None

    def show(self, answer: Answer) -> None:
        """Shows `answer`, the first result chosen; rows that look the same are not redrawn."""
        self._answer = answer
        before, chosen = self._rows, self._rows_of(self.cursor)
        self._lay_out()
        self.set_reactive(ResultList.cursor, 0)
        self.scroll_to(y=0, animate=False, immediate=True)
        self._redraw_changed(before)
        self.refresh_lines(*chosen)  # the rows of the result chosen before, not chosen now
        self.refresh_lines(*self._rows_of(0))
        self.post_message(self.Moved(self.current, answer.query))

    def _lay_out(self) -> None:
        width, view, outer = self._measure()
        width = max(8, width)  # (0 before the list was ever shown: laid out again then)
        answer, layout = self._answer, self._answer.layout
        if layout is not None and layout.width == width:  # laid out by the search worker
            self._rows, self._starts = layout.rows, layout.starts
        else:
            self._rows, self._starts = answer_rows(answer.results, answer.message, width)
        self._laid_out_for = width
        if self._rows:  # none: the search was left (the list is hidden); the height is kept,
            # so the next search's first answer does not bring the scrollbar back (a column
            # less: every row laid out again on the app's thread)
            height = scroll_height(self.virtual_size.height, len(self._rows) + 1, view)
            self.virtual_size = Size(outer, height)

    def _measure(self) -> tuple[int, int, int]:
        """(text width, view height, width) of the list now, or as last shown while it is
        hidden (a search's first answer is laid out in the hidden list, which is shown with
        it: laid out for its own width, the first frame is the finished one)."""
        if self.size.width:
            region = self.scrollable_content_region
            self._measured = (self._text_width(), region.height, self.size.width)
        return self._measured

    @property
    def text_width(self) -> int:
        """The width results are laid out for: the last one known while the list is hidden
        (before the first search, 0: not known yet)."""
        return self._measure()[0]

    def _text_width(self) -> int:
        return max(8, self.scrollable_content_region.width - 2)

    def _redraw_changed(self, before: Sequence[Row]) -> None:
        """Redraws the rows on screen that differ from `before` (all of them if it scrolled)."""
        changed = [
            number
            for number, (old, new) in enumerate(zip_longest(before, self._rows))
            if old != new
        ]
        if changed:
            self.refresh_lines(changed[0], changed[-1] - changed[0] + 1)

    def on_resize(self) -> None:
        if self._text_width() != self._laid_out_for:
            self._lay_out()
            self.refresh()

    def watch_show_vertical_scrollbar(self) -> None:
        self.on_resize()  # the scrollbar took a column, or gave it back: no Resize says so

    def _rows_of(self, result: int) -> tuple[int, int]:
        """First row and number of rows of a result (without the gap after it)."""
        if not 0 <= result < len(self._starts):
            return 0, 0
        start = self._starts[result]
        end = self._starts[result + 1] - 1 if result + 1 < len(self._starts) else len(self._rows)
        return start, max(1, end - start)

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, len(self.results) - 1))

    def watch_cursor(self, old: int, cursor: int) -> None:
        for result in {old, cursor}:
            self.refresh_lines(*self._rows_of(result))
        if self.is_mounted and self._starts:
            start, height = self._rows_of(cursor)
            self.scroll_to_region(Region(0, start, 1, height + 1), animate=False, force=True)
        if old != cursor:
            self.post_message(self.Moved(self.current, self._answer.query))

    def on_click(self, event: events.Click) -> None:
        row = event.y + int(self.scroll_y)
        if 0 <= row < len(self._rows) and (result := self._rows[row].result) >= 0:
            self.cursor = result
            self.post_message(self.Chosen(self.results[result], self._answer.query))

    def notify_style_update(self) -> None:
        self._looks.clear()
        super().notify_style_update()

    def _look(self, kind: str, chosen: bool) -> tuple[Style, Style, Style]:
        """(background, plain, strong) of a row of `kind`, on the cursor or not: kept until the
        styles change (`rich_style` walks every ancestor: once per row was a third of a key)."""
        look = self._looks.get((kind, chosen))
        if look is None:
            background = self.rich_style
            if chosen:
                background += self.get_component_rich_style("result-list--cursor")
            plain = background
            if kind != "gap":
                plain += self.get_component_rich_style(f"result-list--{kind}")
            strong = plain + self.get_component_rich_style("result-list--match")
            look = self._looks[kind, chosen] = (background, plain, strong)
        return look

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        number = int(self.scroll_y) + y
        if number >= len(self._rows):
            return Strip.blank(width, self._look("gap", False)[0])
        row = self._rows[number]
        if row.kind == "gap":
            return Strip.blank(width, self._look("gap", False)[0])
        background, plain, strong = self._look(
            row.kind, row.result >= 0 and row.result == self.cursor
        )
        segments = [Segment(" ", background), *_emphasised(row.text, row.spans, plain, strong)]
        return Strip(segments).adjust_cell_length(width, background)


def _emphasised(text: str, spans: Spans, plain: Style, strong: Style) -> list[Segment]:
    """`text` as segments, the `spans` in `strong`."""
    segments: list[Segment] = []
    position = 0
    for start, end in sorted(spans):
        start, end = max(start, position), min(end, len(text))
        if start >= end:
            continue
        if start > position:
            segments.append(Segment(text[position:start], plain))
        segments.append(Segment(text[start:end], strong))
        position = end
    if position < len(text):
        segments.append(Segment(text[position:], plain))
    return segments
