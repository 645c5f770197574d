"""Screen lines that remember where they came from, and the word wrap that cuts them.

Each line keeps the character offsets it covers in `Article.body`, the styles over them and the
blank cells drawn between them (a table's columns), and answers the two questions the caret and
the mouse ask: at which column an offset is drawn, and which offset is drawn at a column.
`layout` builds the lines of an article; `tables` those of a table block.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right

from msgspec import Struct
from rich.cells import cell_len, chop_cells

from reader.core.article import Block

_WORD = re.compile(r"\S+")

#: A styled stretch of a line: body offsets and a `SpanKind` value.
Style = tuple[int, int, str]


class Line(Struct, frozen=True):
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
    ascii_only = text.isascii()  # (then a word is as wide as it is long: no cell widths)
    for match in _WORD.finditer(text):
        start, end = match.span()
        word_width = end - start if ascii_only else _width_of(match.group())
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


def styles_by_line(
    block: Block, offset: int, lines: list[tuple[int, int]]
) -> list[tuple[Style, ...]]:
    """The block's spans over each of its `lines` ((start, end) in the block's text, in order),
    in body offsets (`offset`: the block's). Each span is cut into the lines it crosses."""
    found: list[list[Style]] = [[] for _ in lines]
    starts = [start for start, _ in lines]
    for left, right, kind in block.spans:
        row = max(0, bisect_right(starts, left) - 1)
        while row < len(lines) and lines[row][0] < right:
            start, end = lines[row]
            if left < end:
                found[row].append((offset + max(start, left), offset + min(end, right), kind.value))
            row += 1
    return [tuple(styles) for styles in found]
