"""A table block laid out as aligned columns, or one row per line when it is too wide.

A table's text is its rows on lines and its cells between tabs (`BlockKind.TABLE`), and that
text is what offsets count, so alignment is drawn, never written: each tab is drawn as `│`, and
the padding that lines the columns up is a `pad` of blank cells before a character. When the
columns cannot fit the width, each row is wrapped like a paragraph, its cells still separated
by `│` with a space either side. The header row (the first) has a line of its own kind, and in
columns a rule under it.
"""

from __future__ import annotations

import re

from rich.cells import cell_len

from reader.core.article import Block
from reader.core.reading.lines import Line, styles_by_line, wrap_spans

_WORD = re.compile(r"[^\s]+")
#: Cells between two columns: a space, the `│` the tab is drawn as, a space.
GUTTER = 3


def table_lines(block: Block, offset: int, width: int, index: int) -> list[Line]:
    """The lines of a table block whose text starts at body offset `offset`."""
    rows = _rows(block.text)
    widths = _column_widths(block.text, rows)
    if sum(widths) + GUTTER * (len(widths) - 1) <= width:
        return _aligned(block, offset, rows, widths, index)
    return _wrapped(block, offset, rows, width, index)


def _rows(text: str) -> list[tuple[int, int]]:
    """(start, end) of each row in the block's text."""
    rows = []
    start = 0
    for row in text.split("\n"):
        rows.append((start, start + len(row)))
        start += len(row) + 1
    return rows


def _column_widths(text: str, rows: list[tuple[int, int]]) -> list[int]:
    widths: list[int] = []
    for start, end in rows:
        for column, cell in enumerate(text[start:end].split("\t")):
            if column == len(widths):
                widths.append(0)
            widths[column] = max(widths[column], cell_len(cell))
    return widths


def _aligned(
    block: Block, offset: int, rows: list[tuple[int, int]], widths: list[int], index: int
) -> list[Line]:
    lines = []
    text = block.text
    for number, (start, end) in enumerate(rows):
        pads: dict[int, int] = {}
        cell_start = start
        for column, cell in enumerate(text[start:end].split("\t")[:-1]):
            tab = cell_start + len(cell)
            pads[offset + tab] = widths[column] - cell_len(cell) + 1
            pads[offset + tab + 1] = pads.get(offset + tab + 1, 0) + 1
            cell_start = tab + 1
        lines.append(_line(block, offset, start, end, index, number, pads))
        if number == 0 and len(rows) > 1:
            rule = "─┼─".join("─" * cells for cells in widths)
            lines.append(Line(rule, -1, -1, "table-rule", index))
    return lines


def _wrapped(
    block: Block, offset: int, rows: list[tuple[int, int]], width: int, index: int
) -> list[Line]:
    lines = []
    text = block.text
    for number, (row_start, row_end) in enumerate(rows):
        for start, end in _wrap_row(text, row_start, row_end, width) or [(row_start, row_start)]:
            pads: dict[int, int] = {}
            for at in range(start, end):
                if text[at] == "\t":
                    pads[offset + at] = 1
                    if at + 1 < end:
                        pads[offset + at + 1] = pads.get(offset + at + 1, 0) + 1
            lines.append(_line(block, offset, start, end, index, number, pads))
    return lines


def _wrap_row(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap of a row, where a gap holding a tab costs the `GUTTER` it is drawn as."""
    spans: list[tuple[int, int]] = []
    line_start = line_end = -1
    used = 0
    for match in _WORD.finditer(text, start, end):
        left, right = match.span()
        cells = cell_len(match.group())
        gap = GUTTER if "\t" in text[line_end:left] else 1
        if line_start >= 0 and used + gap + cells <= width:
            line_end, used = right, used + gap + cells
            continue
        if line_start >= 0:
            spans.append((line_start, line_end))
        pieces = [(left + a, left + b) for a, b in wrap_spans(match.group(), width)]
        spans.extend(pieces[:-1])
        line_start, line_end = pieces[-1]
        used = cell_len(text[line_start:line_end])
    if line_start >= 0:
        spans.append((line_start, line_end))
    return spans


def _line(
    block: Block, offset: int, start: int, end: int, index: int, row: int, pads: dict[int, int]
) -> Line:
    kept = tuple((at, cells) for at, cells in sorted(pads.items()) if at < offset + end)
    return Line(
        block.text[start:end].replace("\t", "│"),
        offset + start,
        offset + end,
        "table-head" if row == 0 else "table",
        index,
        styles=styles_by_line(block, offset, [(start, end)])[0] if block.spans else (),
        pads=kept,
    )
