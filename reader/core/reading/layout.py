"""Word-wrapping an article into screen lines that remember where they came from.

The reading pane draws one line at a time (Textual's line API), so it needs the whole article laid
out as lines up front. Each line keeps the character offsets it covers in `Article.body`: reading
positions, search matches and highlights are all stored as body offsets, and this is the one place
that turns them into rows. Kept free of Textual so it is fast to test and reusable by the CLI.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from rich.cells import cell_len, chop_cells

from reader.core.article import PARAGRAPH_SEPARATOR, Article, Block, BlockKind

_WORD = re.compile(r"\S+")

#: A styled stretch of a line: body offsets and a `SpanKind` value.
Style = tuple[int, int, str]

#: Line kinds that are not article body text (they carry start == end == -1).
DECORATION_KINDS = frozenset({"title", "meta", "blank", "rule", "table-rule"})

#: Cells taken by the prefix drawn before quote and list-item lines.
PREFIXES: dict[str, str] = {BlockKind.QUOTE: "▌ ", BlockKind.ITEM: "• ", BlockKind.CODE: "  "}


@dataclass(frozen=True, slots=True)
class Line:
    """One screen line of a laid-out article.

    `start`/`end` are offsets into `Article.body` (end exclusive); decorations use -1. `text` is
    the body's text over them, one character for one (line breaks and tabs drawn as one cell).
    `prefix` is drawn before the text and is not part of the body (a quote bar, a bullet).
    `styles` are the block's spans over this line, in body offsets ((start, end, kind), kind a
    `SpanKind` value); `pads` are blank cells drawn before the character at a body offset (a
    table's columns), so that styling and alignment never add a character to the text.
    """

    text: str
    start: int
    end: int
    kind: str
    block: int = -1
    prefix: str = ""
    styles: tuple[Style, ...] = ()
    pads: tuple[tuple[int, int], ...] = ()

    @property
    def is_body(self) -> bool:
        return self.start >= 0

    def column_of(self, offset: int) -> int:
        """Cells from the start of the text to where `offset` is drawn."""
        cells = cell_len(self.text[: max(0, offset - self.start)])
        return cells + sum(cells for at, cells in self.pads if at <= offset)

    def offset_at(self, cells: int) -> int:
        """The offset drawn at `cells` into the text; past the end, the last character."""
        if self.end <= self.start:
            return self.start
        used = 0
        pads = dict(self.pads)
        for index, char in enumerate(self.text):
            used += pads.get(self.start + index, 0)
            width = cell_len(char)
            if used + width > cells:
                return self.start + index
            used += width
        return self.end - 1

    def runs(self, start: int, end: int) -> list[tuple[int, int, tuple[str, ...], int]]:
        """[start, end) of this line cut where a style or a pad begins or ends: each run with
        the styles over it and the blank cells drawn before it."""
        if not self.styles and not self.pads:
            return [(start, end, (), 0)]
        cuts = {start, end}
        for left, right, _ in self.styles:
            cuts.update(cut for cut in (left, right) if start < cut < end)
        pads = {at: cells for at, cells in self.pads if start <= at < end}
        cuts.update(pads)
        edges = sorted(cuts)
        return [
            (
                left,
                right,
                tuple(kind for a, b, kind in self.styles if a <= left and b >= right),
                pads.get(left, 0),
            )
            for left, right in itertools.pairwise(edges)
        ]


def _width_of(word: str) -> int:
    return len(word) if word.isascii() else cell_len(word)


def wrap_spans(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap of `text` into (start, end) spans no wider than `width` cells.

    Whitespace between words is where lines break and is left out of the spans; a word wider
    than the line is cut into pieces rather than overflowing.
    """
    width = max(1, width)
    spans: list[tuple[int, int]] = []
    line_start = -1
    line_end = -1
    used = 0
    for match in _WORD.finditer(text):
        start, end = match.span()
        word_width = _width_of(match.group())
        if line_start >= 0 and used + 1 + word_width <= width:
            line_end = end
            used += 1 + word_width
            continue
        if line_start >= 0:
            spans.append((line_start, line_end))
            line_start = -1
        if word_width <= width:
            line_start, line_end, used = start, end, word_width
            continue
        # A word longer than a whole line: cut it by cells, keep the last piece open.
        offset = start
        # Characters of no width (controls, lone combining marks) give no pieces: keep the word.
        pieces = chop_cells(match.group(), width)
        if not pieces or sum(map(len, pieces)) != len(match.group()):
            pieces = [match.group()]
        for piece in pieces[:-1]:
            spans.append((offset, offset + len(piece)))
            offset += len(piece)
        line_start, line_end, used = offset, end, _width_of(pieces[-1])
    if line_start >= 0:
        spans.append((line_start, line_end))
    return spans


def _code_spans(text: str, width: int) -> list[tuple[int, int]]:
    """Code keeps its own line breaks; over-long lines are cut, never re-flowed."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for raw in text.split("\n"):
        if not raw:
            spans.append((offset, offset))
        pos = offset
        for piece in chop_cells(raw, max(1, width)) if raw else []:
            spans.append((pos, pos + len(piece)))
            pos += len(piece)
        offset += len(raw) + 1
    return spans


def _display(text: str) -> str:
    """Line breaks and tabs inside a span draw as single spaces, so offsets stay 1:1."""
    return text.replace("\n", " ").replace("\t", " ")


def layout_body(article: Article, width: int) -> list[Line]:
    """Lays out the body blocks, with a blank line between blocks."""
    lines: list[Line] = []
    offset = 0
    for index, block in enumerate(article.blocks):
        if index:
            lines.append(Line("", -1, -1, "blank"))
        if block.kind is BlockKind.TABLE:
            from reader.core.reading.tables import table_lines  # it builds on `Line`

            lines.extend(table_lines(block, offset, width, index))
        else:
            lines.extend(_block_lines(block, offset, width, index))
        offset += len(block.text) + len(PARAGRAPH_SEPARATOR)
    return lines


def _block_lines(block: Block, offset: int, width: int, index: int) -> list[Line]:
    prefix = PREFIXES.get(block.kind, "")
    inner = max(1, width - cell_len(prefix))
    if block.kind is BlockKind.CODE:
        spans = _code_spans(block.text, inner)
    else:
        spans = wrap_spans(block.text, inner)
    kind = block.kind.value
    text = block.text
    if not block.spans:
        return [
            Line(_display(text[start:end]), offset + start, offset + end, kind, index, prefix)
            for start, end in spans
        ]
    return [
        Line(
            _display(text[start:end]),
            offset + start,
            offset + end,
            kind,
            index,
            prefix,
            styles=styles_between(block, offset, start, end),
        )
        for start, end in spans
    ]


def styles_between(block: Block, offset: int, start: int, end: int) -> tuple[Style, ...]:
    """The block's spans over its text [start, end), in body offsets (`offset`: the block's)."""
    return tuple(
        (offset + max(start, left), offset + min(end, right), kind.value)
        for left, right, kind in block.spans
        if left < end and right > start
    )


def layout_header(title: str, meta: str, width: int) -> list[Line]:
    """The title (wrapped) and the byline/source/date line above the body."""
    lines = [
        Line(_display(title[start:end]), -1, -1, "title") for start, end in wrap_spans(title, width)
    ]
    if meta:
        lines.extend(
            Line(_display(meta[start:end]), -1, -1, "meta")
            for start, end in wrap_spans(meta, width)
        )
    lines.append(Line("", -1, -1, "rule"))
    return lines


def line_for_offset(lines: list[Line], offset: int) -> int:
    """Index of the first body line that contains or follows `offset` (binary search)."""
    body_rows = [row for row, line in enumerate(lines) if line.is_body]
    if not body_rows:
        return 0
    low, high = 0, len(body_rows) - 1
    while low < high:
        middle = (low + high) // 2
        if lines[body_rows[middle]].end < offset:
            low = middle + 1
        else:
            high = middle
    return body_rows[low]
