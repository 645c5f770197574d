"""The caret and the selection of the reading pane, as plain Python: where each motion goes.

The reading pane draws; this model answers "where does `w`, `)`, `}`, `j` or a page go", holds
the caret and the selection's other end (both body offsets, so they survive a change of width),
and says what `h` and `a` act on: the selection widened to whole words, else the sentence under
the caret. Like Textual's `TextArea` over its document navigator, the widget composes one
`Cursor` and asks it; nothing here knows about Textual, so every rule is unit-tested directly.

With no article loaded the model is empty, and every motion answers "nowhere to go" (None):
a key pressed in the reading pane before anything is open does nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len

from reader.core.annotate.highlight import Highlight
from reader.core.annotate.quote import markdown_quote
from reader.core.article import Article
from reader.core.reading.caret import (
    Blocks,
    TextMap,
    next_token_start,
    prev_token_start,
    snap_to_words,
)
from reader.core.reading.layout import Line
from reader.core.reading.motion import TextIndex


class Cursor:
    """The caret (`caret`), the selection's other end (`anchor`) and the line moves' column.

    `go` is the one way the caret moves; the motion methods only say where it would go.
    """

    def __init__(self) -> None:
        self.article: Article | None = None
        self.blocks = Blocks([])
        self.map = TextMap([])
        self._motions: TextIndex | None = None
        #: Body offset of the caret: always a character of a block (see `Blocks`).
        self.caret = 0
        #: Where a selection started, or None when not selecting.
        self.anchor: int | None = None
        #: The column line and page moves aim for, kept while moving up and down.
        self.goal: int | None = None

    # What it works on.

    def load(self, article: Article, caret: int = 0) -> None:
        """A new article: the caret at `caret` (made legal), nothing selected."""
        self.article = article
        self.blocks = Blocks.of(article)
        self._motions = None
        self.anchor = None
        self.goal = None
        self.caret = self.blocks.clamp(caret)

    def unload(self) -> None:
        """No article, as before the first one."""
        self.article = None
        self.blocks, self.map, self._motions = Blocks([]), TextMap([]), None
        self.caret, self.anchor, self.goal = 0, None, None

    def lay_out(self, lines: Sequence[Line]) -> None:
        """The article was laid out (again): rows and columns come from these lines."""
        self.map = TextMap(lines)

    def provide_motions(self, article_id: str, motions: TextIndex) -> None:
        """Word, sentence and block boundaries of `article_id`, found in a thread while it
        opened (kept only if that article is still the one loaded)."""
        if self.article is not None and self.article.id == article_id and self._motions is None:
            self._motions = motions

    @property
    def motions(self) -> TextIndex:
        """The boundaries for sentence and paragraph moves; found now if a key came first."""
        if self._motions is None:
            blocks = self.article.blocks if self.article is not None else ()
            self._motions = TextIndex.from_blocks([block.text for block in blocks] or [""])
        return self._motions

    @property
    def body(self) -> str:
        return self.article.body if self.article is not None else ""

    # Where motions go: a body offset, or None when there is nowhere to go.

    def where(self, motion: str) -> int | None:
        """Where `motion` takes the caret: "left"/"right" by character, "word_next"/"word_prev"
        by whitespace-separated word (a reader's `w` steps over punctuation), "sentence_next"/
        "sentence_prev", "paragraph_next"/"paragraph_prev", "start" or "end"."""
        if self.article is None:
            return None
        caret = self.caret
        match motion:
            case "left" | "right":
                return self.blocks.step(caret, -1 if motion == "left" else 1)
            case "word_next":
                return next_token_start(self.body, caret)
            case "word_prev":
                return prev_token_start(self.body, caret)
            case "sentence_next":
                return self.motions.next_sentence_start(caret)
            case "sentence_prev":
                return self.motions.prev_sentence_start(caret)
            case "paragraph_next":
                return self.motions.next_paragraph_start(caret)
            case "paragraph_prev":
                return self.motions.prev_paragraph_start(caret)
            case "start":
                return 0
            case "end":
                return self.blocks.last
        raise ValueError(f"unknown motion: {motion!r}")

    def rows_away(self, rows: int) -> int | None:
        """`rows` lines below (above, when negative) the caret's, at the goal column: `j`,
        `k` and pages keep their column across short lines."""
        if self.article is None:
            return None
        return self.map.move_rows(self.caret, rows, self._goal_column())

    def offset_at(self, row: int, cells: int) -> int | None:
        """The offset drawn `cells` cells right of where the text starts, on `row` (a click);
        a decoration row gives the nearest text below it."""
        if self.article is None or not self.map.body_rows:
            return None
        row = self.map.nearest_body_row(row)
        line = self.map.lines[row]
        return self.map.offset_at(row, max(0, cells - cell_len(line.prefix)))

    def _goal_column(self) -> int:
        return self.goal if self.goal is not None else self.map.column_of(self.caret)

    # Moving and selecting.

    def go(self, offset: int, *, vertical: bool = False) -> None:
        """Puts the caret at `offset` (made legal); a `vertical` move keeps the goal column."""
        if self.article is None:
            return
        self.goal = self._goal_column() if vertical else None
        self.caret = self.blocks.clamp(offset)

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected body offsets [start, end), caret included; None when not selecting."""
        if self.anchor is None:
            return None
        start, end = sorted((self.anchor, self.caret))
        return start, min(end + 1, self.blocks.last + 1)

    def toggle_selection(self) -> None:
        """`v`: a selection starts at the caret, or the one in progress is dropped."""
        if self.article is not None:
            self.anchor = None if self.anchor is not None else self.caret

    def select_from_caret(self) -> None:
        """A drag began: the selection starts where the caret is, unless one is under way."""
        if self.article is not None and self.anchor is None:
            self.anchor = self.caret

    def drop_selection(self) -> None:
        self.anchor = None

    def target(self) -> tuple[int, int] | None:
        """What `h` and `a` act on: the selection made whole words, else the caret's sentence."""
        if self.article is None:
            return None
        selection = self.selection
        if selection is not None:
            return snap_to_words(self.body, *selection)
        return self.motions.sentence_at(self.caret)

    def quote(self, under: Highlight | None) -> tuple[str, str] | None:
        """What `y` copies, as a Markdown quote, and what it is: the selection (whole words),
        else the highlight `under` the caret with its note; None when there is neither."""
        article, selection = self.article, self.selection
        if article is None:
            return None
        if selection is not None:
            start, end = snap_to_words(article.body, *selection)
            note, what = None, "the selection"
        elif under is not None:
            start, end, note = under.start, under.end, under.note or None
            what = "the highlight" + (" and its note" if note else "")
        else:
            return None
        source = article.meta.source or None
        text = markdown_quote(
            article.body[start:end], title=article.title, note=note, source=source
        )
        return text, what

    def settle_into(self, start: int, end: int) -> None:
        """The caret moves into [start, end) (a passage just highlighted), so `a`, `y` or a
        colour key act on it next."""
        if self.article is not None and end > start:
            self.go(min(max(self.caret, start), end - 1))

    def rows_touched(self) -> tuple[int, int]:
        """The first and last rows the caret and the selection are drawn on."""
        row = self.map.row_of(self.caret)
        selection = self.selection
        if selection is None:
            return row, row
        return self.map.row_of(selection[0]), self.map.row_of(max(selection[0], selection[1] - 1))
