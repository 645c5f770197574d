"""The reading pane: an article laid out to a comfortable measure, drawn line by line.

Line-based drawing keeps a 1 MB article as cheap to show as a short one: the layout is computed
once per width (`reader.core.layout`) and only visible lines are styled.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

from reader.core.article import Article
from reader.core.layout import Line, layout_body, layout_header, line_for_offset
from reader.core.marks import Mark, MarkSet
from reader.ui.keys import bindings
from reader.ui.widgets.article_list import meta_line

#: The widest text column, in cells: long lines are tiring to read.
MEASURE = 76

#: How long a resize must settle before a long article is laid out again.
RELAYOUT_DELAY = 0.08


def header_meta(article: Article) -> str:
    """The line under the title: who wrote it, where, when, how long."""
    parts = [part for part in (article.meta.byline, meta_line(article.meta)) if part]
    return " · ".join(parts)


class ReadingPane(ScrollView, can_focus=True):
    """Shows one article.

    | Key | Command id | Does |
    |---|---|---|
    | `j`/`down`, `k`/`up` | `reader.read.down`/`up` | scroll a line |
    | `g`/`home`, `G`/`end` | `reader.read.start`/`end` | start / end |
    | `space`/`pagedown`, `pageup` | `reader.read.page_down`/`page_up` | a page |
    | `m` | `reader.read.bookmark` | bookmark the article at this position |
    | `n` / `N` | `reader.read.next_match` / `prev_match` | next / previous search match |
    """

    BINDINGS = bindings(
        "reader.read.down",
        "reader.read.up",
        "reader.read.start",
        "reader.read.end",
        "reader.read.page_down",
        "reader.read.page_up",
        "reader.read.bookmark",
        "reader.read.next_match",
        "reader.read.prev_match",
    )

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reading-pane--title",
        "reading-pane--meta",
        "reading-pane--heading",
        "reading-pane--quote",
        "reading-pane--code",
        "reading-pane--prefix",
        "reading-pane--rule",
        "reading-pane--empty",
        "reading-pane--match",
        "reading-pane--match-current",
    }

    DEFAULT_CSS = """
    ReadingPane {
        background: $surface;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
        & > .reading-pane--title { text-style: bold; color: $text-accent; }
        & > .reading-pane--meta { color: $text-muted; text-style: italic; }
        & > .reading-pane--heading { text-style: bold; }
        & > .reading-pane--quote { text-style: italic; }
        & > .reading-pane--code { background: $boost; }
        & > .reading-pane--prefix { color: $text-muted; }
        & > .reading-pane--rule { color: $primary-muted; }
        & > .reading-pane--empty { color: $text-muted; text-style: italic; }
        & > .reading-pane--match { background: $warning 40%; text-style: underline; }
        & > .reading-pane--match-current { background: $warning; color: $background; }
    }
    """

    class PositionChanged(Message):
        """The reader scrolled: `offset` is the body offset of the top line on screen."""

        def __init__(self, article_id: str, offset: int, fraction: float) -> None:
            super().__init__()
            self.article_id = article_id
            self.offset = offset
            self.fraction = fraction

    class BookmarkRequested(Message):
        """The user asked to bookmark the article at the current position."""

        def __init__(self, article_id: str, offset: int) -> None:
            super().__init__()
            self.article_id = article_id
            self.offset = offset

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.article: Article | None = None
        self._lines: list[Line] = []
        self._layout_width = 0
        self._relayout_timer: Timer | None = None
        self._pending_offset: int | None = None
        self.empty_message = "Choose an article and press Enter to read it."
        self._matches: list[tuple[int, int]] = []
        self._current_match = -1
        self._marks = MarkSet()

    # State flows down.

    def show(
        self, article: Article, offset: int = 0, matches: list[tuple[int, int]] | None = None
    ) -> None:
        """Displays `article` with the line holding body `offset` at the top.

        `matches` are (start, end) body offsets of search matches, marked in the text and walked
        with n/N; the one at or after `offset` becomes the current match.
        """
        self.article = article
        self._layout_width = 0
        self._pending_offset = offset
        self._matches = sorted(matches or [])
        self._current_match = -1
        if self._matches:
            after = [i for i, (start, _) in enumerate(self._matches) if start >= offset]
            self._current_match = after[0] if after else 0
        self._update_marks()
        self._relayout()
        if self._current_match >= 0:
            self._reveal(self._matches[self._current_match][0])

    def clear_matches(self) -> None:
        """The search was left: its matches are no longer marked or walked."""
        self._matches = []
        self._current_match = -1
        self.border_title = "Reading"
        self._update_marks()

    def _update_marks(self) -> None:
        marks = [Mark(start, end, "match") for start, end in self._matches]
        if self._current_match >= 0:
            start, end = self._matches[self._current_match]
            marks.append(Mark(start, end, "match-current"))
        self._marks = MarkSet(marks)
        self.refresh()
        self.refresh_bindings()

    def _reveal(self, offset: int) -> None:
        """Scrolls so the line holding `offset` is on screen, a third of the way down."""
        row = line_for_offset(self._lines, offset)
        height = self.scrollable_content_region.height
        if not self.scroll_y <= row < self.scroll_y + height:
            self.scroll_to(y=max(0, row - height // 3), animate=False, immediate=True)

    @property
    def current_match(self) -> tuple[int, int] | None:
        if 0 <= self._current_match < len(self._matches):
            return self._matches[self._current_match]
        return None

    def clear(self) -> None:
        self.article = None
        self._lines = []
        self.virtual_size = Size(0, 0)
        self.border_subtitle = ""
        self.refresh()

    @property
    def top_offset(self) -> int:
        """Body offset of the first body line on screen, 0 before the body starts."""
        for line in self._lines[int(self.scroll_y) :]:
            if line.is_body:
                return line.start
        return 0

    @property
    def lines(self) -> list[Line]:
        return self._lines

    # Layout.

    def _text_width(self) -> int:
        return max(1, min(MEASURE, self.scrollable_content_region.width - 4))

    def _left_margin(self, width: int) -> int:
        return max(2, (self.scrollable_content_region.width - width) // 2)

    def _relayout(self) -> None:
        if self.article is None or not self.is_mounted:
            return
        width = self._text_width()
        if width == self._layout_width and self._pending_offset is None:
            return
        keep = self._pending_offset if self._pending_offset is not None else self.top_offset
        self._pending_offset = None
        article = self.article
        lines = layout_header(article.title, header_meta(article), width)
        lines.extend(layout_body(article, width))
        self._lines = lines
        self._layout_width = width
        self.virtual_size = Size(width, len(lines))
        row = line_for_offset(lines, keep) if keep > 0 else 0
        self.scroll_to(y=row, animate=False, force=True, immediate=True)
        self.refresh()
        self._update_position()

    def on_resize(self, event: events.Resize) -> None:
        if self._relayout_timer is not None:
            self._relayout_timer.stop()
        if self.article is None:
            return
        if len(self._lines) < 2000:
            self._relayout()
        else:
            self._relayout_timer = self.set_timer(RELAYOUT_DELAY, self._relayout)

    def on_mount(self) -> None:
        self._relayout()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value):
            self._update_position()

    def _update_position(self) -> None:
        if self.article is None:
            return
        height = max(1, self.scrollable_content_region.height)
        total = max(1, len(self._lines) - height)
        fraction = 1.0 if len(self._lines) <= height else min(1.0, self.scroll_y / total)
        words_left = round(self.article.meta.words * (1 - fraction))
        minutes_left = max(0, round(words_left / 230))
        self.border_subtitle = f"{round(fraction * 100)}% · {minutes_left} min left"
        self.post_message(self.PositionChanged(self.article.id, self.top_offset, fraction))

    # Actions.

    def action_line_down(self) -> None:
        self.scroll_to(y=self.scroll_y + 1, animate=False)

    def action_line_up(self) -> None:
        self.scroll_to(y=self.scroll_y - 1, animate=False)

    def action_start(self) -> None:
        self.scroll_home(animate=False)

    def action_end(self) -> None:
        self.scroll_end(animate=False)

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """n/N only exist while there are matches to walk (and only then show in the key bar)."""
        if action in {"next_match", "prev_match"}:
            return bool(self._matches)
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
        self._update_marks()
        self._reveal(self._matches[self._current_match][0])
        count = len(self._matches)
        self.border_title = f"Reading · match {self._current_match + 1} of {count}"

    def action_bookmark_here(self) -> None:
        if self.article is not None:
            self.post_message(self.BookmarkRequested(self.article.id, self.top_offset))

    # Drawing.

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if self.article is None:
            if y == 1:
                style = base + self.get_component_rich_style("reading-pane--empty")
                return Strip([Segment("  " + self.empty_message, style)]).crop_extend(
                    0, width, base
                )
            return Strip.blank(width, base)
        row = int(self.scroll_y) + y
        if row >= len(self._lines):
            return Strip.blank(width, base)
        line = self._lines[row]
        margin = self._left_margin(self._layout_width)
        segments = [Segment(" " * margin, base), *self._line_segments(line, base)]
        return Strip(segments).crop_extend(0, width, base)

    def _line_segments(self, line: Line, base: Style) -> list[Segment]:
        if line.kind == "rule":
            style = base + self.get_component_rich_style("reading-pane--rule")
            return [Segment("─" * min(self._layout_width, 24), style)]
        component = {
            "title": "reading-pane--title",
            "meta": "reading-pane--meta",
            "heading": "reading-pane--heading",
            "quote": "reading-pane--quote",
            "code": "reading-pane--code",
        }.get(line.kind)
        style = base + self.get_component_rich_style(component) if component else base
        segments = []
        if line.prefix:
            prefix_style = base + self.get_component_rich_style("reading-pane--prefix")
            segments.append(Segment(line.prefix, prefix_style))
        if self._marks and line.is_body:
            for start, end, kinds in self._marks.pieces(line.start, line.end):
                piece = line.text[start - line.start : end - line.start]
                piece_style = style
                for kind in kinds:
                    piece_style += self.get_component_rich_style(f"reading-pane--{kind}")
                segments.append(Segment(piece, piece_style))
        else:
            segments.append(Segment(line.text, style))
        if line.kind == "code":
            pad = self._layout_width - cell_len(line.prefix) - cell_len(line.text)
            segments.append(Segment(" " * max(0, pad), style))
        return segments
