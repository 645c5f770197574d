"""The article list: one three-line row per article, drawn line by line.

A `ScrollView` with `render_line` rather than `ListView`/`OptionList`: it draws only the rows on
screen, so a library of 100,000 articles costs no more to show than one of five.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.core.article import ArticleMeta
from reader.core.library.pending import NOT_FETCHED, is_pending
from reader.core.reading.layout import wrap_spans
from reader.core.text.cells import cut_to_cells
from reader.ui.keys import bindings

#: Screen lines per article: up to two lines of title, then the meta line.
ROW_HEIGHT = 3


def meta_line(meta: ArticleMeta) -> str:
    """Source, date and reading time, the second thing a reader scans for."""
    parts = [part for part in (meta.source, meta.date or "") if part]
    parts.append(NOT_FETCHED if is_pending(meta) else f"{meta.reading_minutes} min")
    return " · ".join(parts)


class ArticleList(ScrollView, can_focus=True):
    """The library's articles, with a cursor.

    | Key | Command id | Does |
    |---|---|---|
    | `j`/`down`, `k`/`up` | `reader.list.down`/`up` | move the cursor |
    | `g`/`home`, `G`/`end` | `reader.list.first`/`last` | first / last article |
    | `pageup`, `pagedown` | `reader.list.page_up`/`page_down` | move by a screenful |
    | `enter` | `reader.open` | open the article |
    | `m` | `reader.bookmark` | bookmark / un-bookmark the article |
    """

    BINDINGS = bindings(
        "reader.list.down",
        "reader.list.up",
        "reader.list.first",
        "reader.list.last",
        "reader.list.page_down",
        "reader.list.page_up",
        "reader.open",
        "reader.bookmark",
    )

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--title",
        "article-list--meta",
        "article-list--cursor",
        "article-list--unread",
        "article-list--mark",
        "article-list--empty",
    }

    DEFAULT_CSS = """
    ArticleList {
        background: $surface;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
        & > .article-list--title { text-style: bold; }
        & > .article-list--meta { color: $text-muted; }
        & > .article-list--cursor { background: $boost; }
        &:focus > .article-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
        }
        & > .article-list--unread { color: $accent; text-style: bold; }
        & > .article-list--mark { color: $warning; }
        & > .article-list--empty { color: $text-muted; text-style: italic; }
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True)
    """Index of the article under the cursor; the screen restores it after a search."""

    class Opened(Message):
        """The user asked to read the article under the cursor."""

        def __init__(self, meta: ArticleMeta) -> None:
            super().__init__()
            self.meta = meta

    class BookmarkToggled(Message):
        """The user asked to bookmark or un-bookmark an article from the list."""

        def __init__(self, meta: ArticleMeta) -> None:
            super().__init__()
            self.meta = meta

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._articles: Sequence[ArticleMeta] = ()
        self._unread: set[str] = set()
        self._bookmarked: set[str] = set()
        self._highlights: dict[str, int] = {}
        self._titles: dict[tuple[int, int], list[str]] = {}
        self.empty_message = "No articles here."

    # State flows down from the screen.

    @property
    def articles(self) -> Sequence[ArticleMeta]:
        return self._articles

    @property
    def current(self) -> ArticleMeta | None:
        if 0 <= self.cursor < len(self._articles):
            return self._articles[self.cursor]
        return None

    def set_articles(self, articles: Sequence[ArticleMeta], cursor: int = 0) -> None:
        self._articles = articles
        self._titles.clear()
        self.virtual_size = Size(self.size.width, len(articles) * ROW_HEIGHT)
        self.cursor = max(0, min(cursor, len(articles) - 1))
        self.refresh()

    def set_marks(self, unread: set[str], bookmarked: set[str], highlights: dict[str, int]) -> None:
        """New read/bookmark/highlight marks; only the rows whose marks changed are redrawn
        (a highlight made while reading changes one row, and a list of 10,000 stays cheap)."""
        before = (self._unread, self._bookmarked, self._highlights)
        self._unread, self._bookmarked, self._highlights = unread, bookmarked, highlights
        changed = (
            (before[0] ^ unread)
            | (before[1] ^ bookmarked)
            | {
                key
                for key in before[2].keys() | highlights.keys()
                if before[2].get(key) != highlights.get(key)
            }
        )
        if not changed:
            return
        rows = [index for index, meta in enumerate(self._articles) if meta.id in changed]
        if len(rows) > 8:
            self.refresh()
            return
        for index in rows:
            self.refresh_lines(index * ROW_HEIGHT, ROW_HEIGHT)

    def select_id(self, article_id: str) -> None:
        for index, meta in enumerate(self._articles):
            if meta.id == article_id:
                self.cursor = index
                return

    # Reacting.

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, len(self._articles) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh()
        if self.is_mounted:
            self.scroll_to_region(
                Region(0, new * ROW_HEIGHT, 1, ROW_HEIGHT), animate=False, force=True
            )

    def on_resize(self, event: events.Resize) -> None:
        self._titles.clear()
        self.virtual_size = Size(event.size.width, len(self._articles) * ROW_HEIGHT)
        self.call_after_refresh(self.watch_cursor, self.cursor, self.cursor)

    def on_click(self, event: events.Click) -> None:
        row = (event.y + int(self.scroll_y)) // ROW_HEIGHT
        if not 0 <= row < len(self._articles):
            return
        if row == self.cursor or event.chain > 1:
            self.cursor = row
            self.action_open()
        else:
            self.cursor = row

    # Actions.

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self._articles) - 1

    def action_page_down(self) -> None:
        self.cursor += max(1, self.scrollable_content_region.height // ROW_HEIGHT)

    def action_page_up(self) -> None:
        self.cursor -= max(1, self.scrollable_content_region.height // ROW_HEIGHT)

    def action_open(self) -> None:
        if (meta := self.current) is not None:
            self.post_message(self.Opened(meta))

    def action_bookmark(self) -> None:
        if (meta := self.current) is not None:
            self.post_message(self.BookmarkToggled(meta))

    # Drawing.

    def _title_lines(self, index: int, width: int) -> list[str]:
        key = (index, width)
        if (lines := self._titles.get(key)) is None:
            title = self._articles[index].title
            spans = wrap_spans(title, width)
            lines = [title[start:end] for start, end in spans[:2]] or [""]
            if len(spans) > 2:
                lines[1] = cut_to_cells(title[spans[1][0] :], width)
            self._titles[key] = lines
        return lines

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if not self._articles:
            if y == 1:
                style = self.get_component_rich_style("article-list--empty")
                return Strip(
                    [Segment(" " + cut_to_cells(self.empty_message, width - 2), style)]
                ).extend_cell_length(width, base)
            return Strip.blank(width, base)
        row, part = divmod(int(self.scroll_y) + y, ROW_HEIGHT)
        if row >= len(self._articles):
            return Strip.blank(width, base)
        meta = self._articles[row]
        background = base
        if row == self.cursor:
            background = base + self.get_component_rich_style("article-list--cursor")
        segments = self._row_segments(row, meta, part, width - 2, background)
        return Strip([Segment(" ", background), *segments]).adjust_cell_length(width, background)

    def _row_segments(
        self, row: int, meta: ArticleMeta, part: int, width: int, background: Style
    ) -> list[Segment]:
        titles = self._title_lines(row, max(1, width - 2))
        title_style = background + self.get_component_rich_style("article-list--title")
        if part == 0:
            unread = meta.id in self._unread
            dot = Segment(
                "● " if unread else "  ",
                background + self.get_component_rich_style("article-list--unread"),
            )
            return [dot, Segment(titles[0], title_style)]
        if part == 1 and len(titles) > 1:
            return [Segment("  ", background), Segment(titles[1], title_style)]
        if (part == 1 and len(titles) == 1) or (part == 2 and len(titles) > 1):
            marks = self._marks(meta)
            meta_style = background + self.get_component_rich_style("article-list--meta")
            text = cut_to_cells(meta_line(meta), max(0, width - 2 - cell_len(marks) - 1))
            segments = [Segment("  ", background), Segment(text, meta_style)]
            if marks:
                gap = max(1, width - 2 - cell_len(text) - cell_len(marks))
                mark_style = background + self.get_component_rich_style("article-list--mark")
                segments += [Segment(" " * gap, background), Segment(marks, mark_style)]
            return segments
        return []

    def _marks(self, meta: ArticleMeta) -> str:
        marks = []
        if meta.id in self._bookmarked:
            marks.append("★")
        if count := self._highlights.get(meta.id, 0):
            marks.append(f"✎{count}")
        return " ".join(marks)
