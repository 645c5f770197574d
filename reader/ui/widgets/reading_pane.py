"""The reading pane: an article laid out to a comfortable measure, drawn line by line, with a caret.

Line-based drawing keeps a 1 MB article as cheap to show as a short one: the layout is computed
once per width (`reader.core.reading.layout`), rows and columns are found by binary search
(`reader.core.reading.caret.TextMap`), and only visible lines are styled. The caret, the
selection and the highlights are body offsets, like everything else, so they survive a change of
width.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip
from textual.timer import Timer

from reader.core.annotate.highlight import Highlight
from reader.core.article import Article, SpanKind
from reader.core.reading.caret import Blocks, TextMap
from reader.core.reading.layout import Line, layout_body, layout_header
from reader.core.reading.marks import Mark, MarkSet
from reader.core.reading.motion import TextIndex
from reader.ui.keys import bindings
from reader.ui.widgets.article_list import meta_line
from reader.ui.widgets.reading_caret import CaretPane
from reader.ui.widgets.reading_marks import LAYERS, build_marks, highlight_marks, layered

#: The widest text column, in cells: long lines are tiring to read.
MEASURE = 76

#: How long a resize must settle before a long article is laid out again.
RELAYOUT_DELAY = 0.08

#: Drawn in the left margin beside the first line of a highlight that has a note.
NOTE_MARK = "✎"


def header_meta(article: Article) -> str:
    """The line under the title: who wrote it, where, when, how long."""
    parts = [part for part in (article.meta.byline, meta_line(article.meta)) if part]
    return " · ".join(parts)


class ReadingPane(CaretPane, can_focus=True):
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
    | `x` / `u` | `reader.read.delete` / `undo` | delete the highlight / undo |
    | `]` / `[` | `reader.read.highlight_next` / `highlight_prev` | next / previous highlight |
    | `y` | `reader.read.copy` | copy the selection or highlight (OSC 52) |
    | `m` | `reader.read.bookmark` | bookmark the article at the caret |
    | `n` / `N` | `reader.read.next_match` / `prev_match` | next / previous search match |
    """

    BINDINGS = bindings(
        "reader.read.left",
        "reader.read.right",
        "reader.read.down",
        "reader.read.up",
        "reader.read.word_next",
        "reader.read.word_prev",
        "reader.read.sentence_next",
        "reader.read.sentence_prev",
        "reader.read.paragraph_next",
        "reader.read.paragraph_prev",
        "reader.read.start",
        "reader.read.end",
        "reader.read.page_down",
        "reader.read.page_up",
        "reader.read.select",
        "reader.read.unselect",
        "reader.read.highlight",
        "reader.read.note",
        "reader.read.delete",
        "reader.read.undo",
        "reader.read.highlight_next",
        "reader.read.highlight_prev",
        "reader.read.copy",
        "reader.read.bookmark",
        "reader.read.next_match",
        "reader.read.prev_match",
        *(f"reader.read.color_{number}" for number in range(1, 6)),
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
        "reading-pane--note-mark",
        "reading-pane--table-head",
        *(f"reading-pane--{kind}" for kind in SpanKind),
        *(f"reading-pane--{kind}" for kind in LAYERS),
        "reading-pane--caret-idle",
    }

    # Highlight colours are solid, like a highlighter pen, with dark text: readable on dark and
    # light themes, and they fall back to the nearest of the 16 ANSI colours. Without colour
    # (NO_COLOR), highlights are underlined and the selection is reversed.
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
        & > .reading-pane--table-head { text-style: bold; }
        & > .reading-pane--emphasis { text-style: italic; }
        & > .reading-pane--strong { text-style: bold; }
        & > .reading-pane--link { text-style: underline; }
        & > .reading-pane--prefix { color: $text-muted; }
        & > .reading-pane--rule { color: $primary-muted; }
        & > .reading-pane--empty { color: $text-muted; text-style: italic; }
        & > .reading-pane--note-mark { color: $accent; text-style: bold; }
        & > .reading-pane--hl-yellow { background: #f0d060; color: #1a1a1a; }
        & > .reading-pane--hl-green { background: #8fd18f; color: #1a1a1a; }
        & > .reading-pane--hl-blue { background: #8cc4f0; color: #1a1a1a; }
        & > .reading-pane--hl-pink { background: #f4a6c8; color: #1a1a1a; }
        & > .reading-pane--hl-purple { background: #c9a6f4; color: #1a1a1a; }
        & > .reading-pane--match { background: $warning 40%; text-style: underline; }
        & > .reading-pane--match-current { background: $warning; color: $background; }
        & > .reading-pane--selection { background: $accent; color: $text; }
        & > .reading-pane--caret { text-style: reverse; }
        & > .reading-pane--caret-idle { text-style: underline; }
    }
    ReadingPane:nocolor {
        & > .reading-pane--hl-yellow, & > .reading-pane--hl-green, & > .reading-pane--hl-blue,
        & > .reading-pane--hl-pink, & > .reading-pane--hl-purple {
            text-style: underline;
        }
        & > .reading-pane--selection { text-style: reverse; }
        & > .reading-pane--caret { text-style: reverse bold; }
    }
    """

    class PositionChanged(Message):
        """The reader scrolled: `offset` is the body offset of the top line on screen."""

        def __init__(self, article_id: str, offset: int, fraction: float) -> None:
            super().__init__()
            self.article_id = article_id
            self.offset = offset
            self.fraction = fraction

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.article: Article | None = None
        self._lines: list[Line] = []
        self._map = TextMap([])
        self._blocks = Blocks([])
        self._motions: TextIndex | None = None
        self._body = ""
        self._layout_width = 0
        self._relayout_timer: Timer | None = None
        self._pending_offset: int | None = None
        self.empty_message = "Choose an article and press Enter to read it."
        self._matches: list[tuple[int, int]] = []
        self._current_match = -1
        self._highlights: list[Highlight] = []
        self._marks = MarkSet()
        self._highlight_marks: list[Mark] | None = None
        self._styles: dict[str, Style] = {}
        self._noted_starts: set[int] = set()
        self.caret = 0
        self.selection_anchor: int | None = None
        self._goal_column: int | None = None
        self._caret_highlight: str | None = None

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
        self.article = article
        self._blocks = Blocks.of(article)
        self._motions = None
        self._body = article.body
        self._highlights = list(highlights or [])
        self._highlight_marks = None
        self._layout_width = 0
        self._pending_offset = offset
        self.caret = self._blocks.clamp(offset)
        self.selection_anchor = None
        self._goal_column = None
        self._matches = sorted(matches or [])
        self._current_match = -1
        if self._matches:
            after = [i for i, (start, _) in enumerate(self._matches) if start >= offset]
            self._current_match = after[0] if after else 0
            self.caret = self._blocks.clamp(self._matches[self._current_match][0])
        self._relayout()
        self._update_marks()
        if self._current_match >= 0:
            self._reveal(self._matches[self._current_match][0])
        self._caret_changed()

    def provide_motions(self, article_id: str, motions: TextIndex) -> None:
        """The sentence and word boundaries, found in a thread after the article was shown."""
        if self.article is not None and self.article.id == article_id and self._motions is None:
            self._motions = motions

    def set_highlights(self, highlights: list[Highlight]) -> None:
        """The article's highlights changed (here or in another session): repaint them."""
        self._highlights = list(highlights)
        self._highlight_marks = None
        self._update_marks()
        self._caret_changed(force=True)

    def add_highlight(self, highlight: Highlight, rows: tuple[int, int] | None = None) -> None:
        """One new highlight: only its lines (and `rows`, where a selection was) are redrawn,
        so marking a passage costs a few lines of output, not a screen."""
        self._highlights.append(highlight)
        self._highlight_marks = None
        self._update_marks(repaint=False)
        first, last = self._map.row_of(highlight.start), self._map.row_of(highlight.end - 1)
        if rows is not None:
            first, last = min(first, rows[0]), max(last, rows[1])
        self.refresh_lines(first, last - first + 1)
        self._caret_changed(force=True)

    @property
    def highlights(self) -> list[Highlight]:
        return self._highlights

    def clear_matches(self) -> None:
        """The search was left: its matches are no longer marked or walked."""
        self._matches = []
        self._current_match = -1
        self.border_title = "Reading"
        self._update_marks()

    def _update_marks(self, repaint: bool = True) -> None:
        """Rebuilds what is drawn over the text; `repaint=False` leaves redrawing to the caller
        (a caret move redraws only the lines it touched)."""
        if self._highlight_marks is None:  # the highlights or the layout changed
            self._highlight_marks = highlight_marks(self._highlights)
            self._noted_starts = {
                self._map.row_of(item.start)
                for item in self._highlights
                if item.note and item.attached
            }
        self._marks = build_marks(
            self._highlight_marks,
            self._matches,
            self._current_match,
            self.selection,
            self.caret if self.article is not None else None,
        )
        self._update_title()
        if repaint:
            self.refresh()
            self.refresh_bindings()

    def _update_title(self) -> None:
        """The border says what mode the pane is in: selecting, walking matches, or reading.

        Set only when it changes: setting a border title, even to the same text, redraws the
        whole pane, and this runs on every caret move.
        """
        if self.selection is not None:
            title = "Reading · selecting: h highlight · y copy · esc drop"
        elif self._matches and self._current_match >= 0:
            number, count = self._current_match + 1, len(self._matches)
            title = f"Reading · match {number} of {count}"
        elif self.border_title != "Opening…":
            title = "Reading"
        else:
            return
        if self.border_title != title:
            self.border_title = title

    @property
    def current_match(self) -> tuple[int, int] | None:
        if 0 <= self._current_match < len(self._matches):
            return self._matches[self._current_match]
        return None

    def clear(self) -> None:
        self.article = None
        self._lines = []
        self._map = TextMap([])
        self._highlights = []
        self._highlight_marks = None
        self.selection_anchor = None
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
        caret_was_visible = self._caret_on_screen()
        self._pending_offset = None
        article = self.article
        lines = layout_header(article.title, header_meta(article), width)
        lines.extend(layout_body(article, width))
        self._lines = lines
        self._map = TextMap(lines)
        self._highlight_marks = None  # the note marks sit on rows of this layout
        self._layout_width = width
        self.virtual_size = Size(width, len(lines))
        row = self._map.row_of(keep) if keep > 0 else 0
        self.scroll_to(y=row, animate=False, force=True, immediate=True)
        if caret_was_visible:
            self._follow_caret()
        self._update_marks()
        self._update_position()

    def _caret_on_screen(self) -> bool:
        if not self._lines:
            return True
        row = self._map.row_of(self.caret)
        return self.scroll_y <= row < self.scroll_y + self.scrollable_content_region.height

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

    # Drawing.

    def _style(self, component: str) -> Style:
        """The widget's own style ("") or a component's, computed once per style change:
        asking Textual on every line costs more than drawing the line."""
        style = self._styles.get(component)
        if style is None:
            style = self.get_component_rich_style(component) if component else self.rich_style
            self._styles[component] = style
        return style

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()

    def on_focus(self) -> None:
        self._styles.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._styles.clear()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self._style("")
        if self.article is None:
            if y == 1:
                style = base + self._style("reading-pane--empty")
                return Strip([Segment("  " + self.empty_message, style)]).crop_extend(
                    0, width, base
                )
            return Strip.blank(width, base)
        row = int(self.scroll_y) + y
        if row >= len(self._lines):
            return Strip.blank(width, base)
        line = self._lines[row]
        margin = self._left_margin(self._layout_width)
        if row in self._noted_starts and margin >= 2:
            mark_style = base + self._style("reading-pane--note-mark")
            gutter = [Segment(" " * (margin - 2), base), Segment(NOTE_MARK, mark_style)]
            gutter.append(Segment(" ", base))
        else:
            gutter = [Segment(" " * margin, base)]
        segments = [*gutter, *self._line_segments(row, line, base)]
        return Strip(segments).crop_extend(0, width, base)

    def _line_segments(self, row: int, line: Line, base: Style) -> list[Segment]:
        if line.kind == "rule":
            style = base + self._style("reading-pane--rule")
            return [Segment("─" * min(self._layout_width, 24), style)]
        component = {
            "title": "reading-pane--title",
            "meta": "reading-pane--meta",
            "heading": "reading-pane--heading",
            "quote": "reading-pane--quote",
            "code": "reading-pane--code",
            "table-head": "reading-pane--table-head",
            "table-rule": "reading-pane--rule",
        }.get(line.kind)
        style = base + self._style(component) if component else base
        segments = []
        if line.prefix:
            prefix_style = base + self._style("reading-pane--prefix")
            segments.append(Segment(line.prefix, prefix_style))
        if line.is_body:
            for start, end, kinds in self._marks.pieces(line.start, line.end):
                segments.extend(self._runs(line, start, end, style, kinds))
            if self.caret >= line.end and self._map.row_of(self.caret) == row:
                # The caret on the space where the line wraps (or on an empty line).
                segments.append(Segment(" ", self._style_for(style, ("caret",))))
        else:
            segments.append(Segment(line.text, style))
        if line.kind == "code":
            used = sum(cell_len(segment.text) for segment in segments)
            segments.append(Segment(" " * max(0, self._layout_width - used), style))
        return segments

    def _runs(
        self, line: Line, start: int, end: int, style: Style, kinds: tuple[str, ...]
    ) -> list[Segment]:
        """Body text [start, end) under the same marks: its styles (emphasis, strong, code,
        links) and a table's column padding drawn beside the text, never in it."""
        if not line.styles and not line.pads:
            piece = line.text[start - line.start : end - line.start]
            return [Segment(piece, self._style_for(style, kinds))]
        segments = []
        for left, right, styles, pad in line.runs(start, end):
            styled = style
            for name in styles:
                styled += self._style(f"reading-pane--{name}")
            if pad:  # the caret is on the character, not on the padding before it
                around = tuple(kind for kind in kinds if kind != "caret")
                segments.append(Segment(" " * pad, self._style_for(style, around)))
            piece = line.text[left - line.start : right - line.start]
            segments.append(Segment(piece, self._style_for(styled, kinds)))
        return segments

    def _style_for(self, style: Style, kinds: tuple[str, ...]) -> Style:
        for kind in layered(kinds):
            if kind == "caret" and not self.has_focus:
                kind = "caret-idle"
            style += self._style(f"reading-pane--{kind}")
        return style
