"""Word-wrapping an article into screen lines that remember where they came from.

The reading pane draws one line at a time (Textual's line API), so it needs the whole article laid
out as lines up front. Each line keeps the character offsets it covers in `Article.body`: reading
positions, search matches and highlights are all stored as body offsets, and this is the one place
that turns them into rows. Kept free of Textual so it is fast to test and reusable by the CLI.
"""

from __future__ import annotations

from rich.cells import cell_len, chop_cells

from reader.core.article import PARAGRAPH_SEPARATOR, Article, Block, BlockKind
from reader.core.reading.lines import Line, styles_by_line, wrap_spans
from reader.core.reading.tables import table_lines

__all__ = ["PREFIXES", "Line", "layout_body", "layout_header", "wrap_spans"]

#: Cells taken by the prefix drawn before quote and list-item lines.
PREFIXES: dict[str, str] = {BlockKind.QUOTE: "▌ ", BlockKind.ITEM: "• ", BlockKind.CODE: "  "}


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


def layout_body(article: Article, width: int, rows: int | None = None) -> list[Line]:
    """Lays out the body blocks, with a blank line between blocks (only the blocks that make
    the first `rows` lines, when given)."""
    lines: list[Line] = []
    offset = 0
    for index, block in enumerate(article.blocks):
        if rows is not None and len(lines) >= rows:
            break
        if index:
            lines.append(Line("", -1, -1, "blank"))
        if block.kind is BlockKind.TABLE:
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
    styles = styles_by_line(block, offset, spans)
    return [
        Line(
            _display(text[start:end]),
            offset + start,
            offset + end,
            kind,
            index,
            prefix,
            styles=styled,
        )
        for (start, end), styled in zip(spans, styles, strict=True)
    ]


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
