"""The article list: one three-line row per article, drawn line by line.

What each row says is `article_rows`' business (state, title, tags, source, date, progress);
this widget owns the cursor and the selection, and draws only the rows on screen.

A `ScrollView` with `render_line` rather than `ListView`/`OptionList`: it draws only the rows on
screen, so a library of 100,000 articles costs no more to show than one of five.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

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
from reader.core.library.view import ids_of
from reader.core.shelf import ArticleState
from reader.core.text.cells import cut_to_cells
from reader.ui.keys import bindings
from reader.ui.widgets.article_rows import ROW_HEIGHT, UNREAD, Piece, row_lines

__all__ = ["ROW_HEIGHT", "ArticleList", "meta_line"]

#: Rows whose drawn lines are kept; past this the keeping starts again.
KEPT_ROWS = 2000


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
    | `space` | `reader.list.select` | select the article (or not), then the next one |
    | `v` | `reader.list.range` | select a range: the motions extend it (`v` again ends it) |
    | `escape` | `reader.list.unselect` | drop the selection |
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
        "reader.list.select",
        "reader.list.range",
        "reader.list.unselect",
    )

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--title",
        "article-list--read",
        "article-list--meta",
        "article-list--tags",
        "article-list--cursor",
        "article-list--selected",
        "article-list--unread",
        "article-list--mark",
        "article-list--missing",
        "article-list--empty",
    }

    DEFAULT_CSS = """
    ArticleList {
        background: $surface;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
        & > .article-list--title { text-style: bold; }
        & > .article-list--read { color: $text-muted; }
        & > .article-list--meta { color: $text-muted; }
        & > .article-list--tags { color: $secondary; }
        & > .article-list--selected { color: $accent; text-style: bold; }
        & > .article-list--missing { color: $error; }
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

    class SelectionChanged(Message):
        """The articles selected changed (`selected`): the screen says how many."""

    class BookmarkToggled(Message):
        """The user asked to bookmark or un-bookmark an article from the list."""

        def __init__(self, meta: ArticleMeta) -> None:
            super().__init__()
            self.meta = meta

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._articles: Sequence[ArticleMeta] = ()
        #: The articles' ids, in order, once asked for (found without decoding the rows).
        self._ids: Sequence[str] | None = None
        self._marks: Mapping[str, ArticleState] = {}
        self._missing: frozenset[str] = frozenset()
        #: The articles chosen for an action on many at once (`space`, `v`), by id.
        self.selected: set[str] = set()
        #: While `v` selects a range: where it began, and what was selected before it.
        self._range: tuple[str, set[str]] | None = None
        #: Drawn rows by (article id, width), with the meta and marks they were drawn for.
        self._rows: dict[
            tuple[str, int], tuple[ArticleMeta, ArticleState, bool, list[list[Piece]]]
        ] = {}
        self.empty_message = "Loading the library…"
        #: The list's own style, kept between lines (worked out from every ancestor's).
        self._base_style: Style | None = None

    # State flows down from the screen.

    @property
    def articles(self) -> Sequence[ArticleMeta]:
        return self._articles

    @property
    def current(self) -> ArticleMeta | None:
        if 0 <= self.cursor < len(self._articles):
            return self._articles[self.cursor]
        return None

    def _row_of(self, article_id: str) -> int | None:
        """Where the article is in the list (its ids are searched, no row decoded)."""
        if self._ids is None:
            self._ids = ids_of(self._articles)
        try:
            return self._ids.index(article_id)
        except ValueError:
            return None

    def set_articles(self, articles: Sequence[ArticleMeta], cursor: int = 0) -> None:
        """Another list (a view, a sort): drawn from `cursor`. `articles` may be rows decoded
        only when drawn (`Picked`): only the rows on screen are asked for."""
        self._articles, self._ids = articles, None
        self.virtual_size = Size(self.size.width, len(articles) * ROW_HEIGHT)
        self.cursor = max(0, min(cursor, len(articles) - 1))
        self.refresh()

    def update_articles(self, articles: Sequence[ArticleMeta]) -> None:
        """The same list, changed (files came, changed or went): the cursor stays on its
        article (if it went, where it was). At the top of the list the top stays in view, so
        what arrived shows; further down that article keeps its screen row, so nothing jumps."""
        current, row = self.current, self.cursor - int(self.scroll_y) // ROW_HEIGHT
        at_top = int(self.scroll_y) == 0
        self._articles, self._ids = articles, None
        where = self.cursor
        if current is not None and (found := self._row_of(current.id)) is not None:
            where = found
        self.virtual_size = Size(self.size.width, len(articles) * ROW_HEIGHT)
        self.set_reactive(ArticleList.cursor, self.validate_cursor(where))
        shown = max(1, self.scrollable_content_region.height // ROW_HEIGHT)
        if not (at_top and self.cursor < shown):
            self.scroll_to(y=max(0, (self.cursor - row) * ROW_HEIGHT), animate=False, force=True)
        self.refresh()

    def set_marks(
        self, marks: Mapping[str, ArticleState], missing: frozenset[str] = frozenset()
    ) -> None:
        """Each article's state (an article not in `marks` is in the Inbox, unread, bare) and
        which files are missing. Only the rows on screen are drawn again, and only those whose
        state changed are built again, so a list of 50,000 stays cheap."""
        before, gone = self._marks, self._missing
        self._marks, self._missing = marks, missing
        top = int(self.scroll_y) // ROW_HEIGHT
        for row in range(top, min(len(self._articles), top + self.size.height // ROW_HEIGHT + 2)):
            key = self._articles[row].id
            if before.get(key) != marks.get(key) or (key in gone) != (key in missing):
                self.refresh_lines(row * ROW_HEIGHT, ROW_HEIGHT)

    def show_indexing(self, parsed: int) -> None:
        """A first (uncached) reading of the library is under way: how far it got."""
        self.empty_message = f"Indexing the library… {parsed:,} files read"
        self.refresh()

    def marks_of(self, article_id: str) -> ArticleState:
        return self._marks.get(article_id, UNREAD)

    def select_id(self, article_id: str) -> None:
        if (row := self._row_of(article_id)) is not None:
            self.cursor = row

    # Reacting.

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, len(self._articles) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        if self._range is not None:
            self._extend_range()
        self.refresh()
        if self.is_mounted:
            self.scroll_to_region(
                Region(0, new * ROW_HEIGHT, 1, ROW_HEIGHT), animate=False, force=True
            )

    def on_resize(self, event: events.Resize) -> None:
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

    # Selecting many.

    def selection(self) -> list[ArticleMeta]:
        """The articles selected, in list order; none selected: the one under the cursor."""
        if not self.selected:
            return [self.current] if self.current is not None else []
        if self._ids is None:
            self._ids = ids_of(self._articles)
        chosen = self.selected
        return [self._articles[row] for row, key in enumerate(self._ids) if key in chosen]

    def action_toggle_select(self) -> None:
        if (meta := self.current) is None:
            return
        self._range = None
        self.selected ^= {meta.id}
        self.post_message(self.SelectionChanged())
        self.cursor += 1

    def action_range_select(self) -> None:
        if self._range is not None:
            self._range = None  # `v` again: the range stays selected
            return
        if (meta := self.current) is not None:
            self._range = (meta.id, set(self.selected))
            self._extend_range()

    def _extend_range(self) -> None:
        assert self._range is not None
        start_id, before = self._range
        start = self._row_of(start_id)
        if start is None:
            self._range = None
            return
        low, high = sorted((start, self.cursor))
        assert self._ids is not None  # (`_row_of` found them)
        self.selected = before | set(self._ids[low : high + 1])
        self.post_message(self.SelectionChanged())

    def on_article_list_selection_changed(self) -> None:
        count = len(self.selected)
        self.border_subtitle = f"{count:,} selected" if count else ""

    def clear_selection(self) -> None:
        self._range = None
        if self.selected:
            self.selected = set()
            self.post_message(self.SelectionChanged())
            self.refresh()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "unselect":  # otherwise escape goes on to the screen (back)
            return bool(self.selected) or self._range is not None
        return True

    def action_unselect(self) -> None:
        self.clear_selection()

    # Drawing.

    def _row(self, meta: ArticleMeta, width: int) -> list[list[Piece]]:
        key, marks = (meta.id, width), self._marks.get(meta.id, UNREAD)
        missing = meta.id in self._missing
        kept = self._rows.get(key)
        if kept is not None and kept[0] is meta and kept[1] is marks and kept[2] == missing:
            return kept[3]
        if len(self._rows) > KEPT_ROWS:
            self._rows.clear()
        lines = row_lines(meta, marks, missing, width)
        self._rows[key] = (meta, marks, missing, lines)
        return lines

    def notify_style_update(self) -> None:
        self._base_style = None
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if (base := self._base_style) is None:
            base = self._base_style = self.rich_style
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
        gutter = Segment(" ", background)
        if meta.id in self.selected:
            gutter = Segment(
                "▌", background + self.get_component_rich_style("article-list--selected")
            )
        pieces = self._row(meta, width - 2)[part]
        segments = [Segment(text, self._style(name, background)) for text, name in pieces]
        return Strip([gutter, *segments]).adjust_cell_length(width, background)

    def _style(self, name: str, background: Style) -> Style:
        if name == "gap":
            return background
        if name == "dot":
            name = "unread"
        return background + self.get_component_rich_style(f"article-list--{name}")
