"""What one row of the article list says, as plain pieces of text and the style each takes.

A row is three screen lines, and tells an article's state at a glance: unread in bold with a
dot, read dimmed, a missing file marked as such; then the title (two lines when there are no
tags to show), the tags, and a line with the source and date on the left, and on the right the
bookmark, the number of highlights and how far it was read. Kept apart from the widget, which
only turns these pieces into segments: what a row says can be tested without a screen, and it
fits 80 columns (a list 27 cells wide) as well as a wide one.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len

from reader.core.article import ArticleMeta
from reader.core.library.pending import NOT_FETCHED, is_pending
from reader.core.reading.layout import wrap_spans
from reader.core.shelf import ArticleState
from reader.core.text.cells import cut_to_cells

#: Screen lines per article.
ROW_HEIGHT = 3


#: The state of an article the store never saw: in the Inbox, unread.
UNREAD = ArticleState("")


class Piece(NamedTuple):
    """Text and the name of its style (`title`, `read`, `dot`, `meta`, `tags`, `mark`,
    `missing`, `gap`)."""

    text: str
    style: str


def title_lines(title: str, width: int, lines: int) -> list[str]:
    """`title` wrapped to `width` cells, in at most `lines` lines (the last cut with "…")."""
    spans = wrap_spans(title, width)
    shown = [title[start:end] for start, end in spans[:lines]] or [""]
    if len(spans) > lines:
        shown[-1] = cut_to_cells(title[spans[lines - 1][0] :], width)
    return shown


def date_of(meta: ArticleMeta) -> str:
    """The published date, as a day (a time of day tells nothing in a list)."""
    return (meta.date or "")[:10]


def meta_text(meta: ArticleMeta, missing: bool, width: int = 1_000) -> str:
    """Source, date and reading time in `width` cells, or that the file is missing. What gives
    way first is the reading time, then the end of the source: the date stays whole."""
    if missing:
        return cut_to_cells("file missing · annotations kept", width)
    date = date_of(meta)
    minutes = NOT_FETCHED if is_pending(meta) else f"{meta.reading_minutes} min"
    for parts in ((meta.source, date, minutes), (meta.source, date)):
        text = " · ".join(part for part in parts if part)
        if cell_len(text) <= width:
            return text
    if not date:
        return cut_to_cells(meta.source, width)
    room = width - cell_len(date) - 3
    if room < 4:
        return cut_to_cells(date, width)
    return f"{cut_to_cells(meta.source, room)} · {date}" if meta.source else date


def right_marks(marks: ArticleState) -> str:
    """Bookmark, highlights and progress, at the right end of the meta line."""
    shown = []
    if marks.bookmarked:
        shown.append("★")
    if marks.highlights:
        shown.append(f"✎{marks.highlights}")
    if 0 < marks.progress < 100 or (marks.progress >= 100 and not marks.read):
        shown.append(f"{min(marks.progress, 100)}%")
    return " ".join(shown)


def tags_text(tags: tuple[str, ...], width: int) -> str:
    """The tags as `#name`, as many as fit in `width`, then how many more there are (`+3`)."""
    shown: list[str] = []
    for count, tag in enumerate(tags):
        rest = len(tags) - count - 1
        candidate = " ".join([*shown, f"#{tag}"]) + (f" +{rest}" if rest else "")
        if cell_len(candidate) > width:
            if not shown:
                return cut_to_cells(candidate, width)
            return " ".join(shown) + f" +{len(tags) - count}"  # it fit one tag ago
        shown.append(f"#{tag}")
    return " ".join(shown)


def row_lines(
    meta: ArticleMeta, marks: ArticleState, missing: bool, width: int
) -> list[list[Piece]]:
    """The three lines of `meta`'s row in `width` cells (after the one-cell selection gutter);
    `marks` is its state, `missing` whether its file is gone."""
    inner = max(1, width - 2)
    title_style = "read" if marks.read else "title"
    titles = title_lines(meta.title, inner, 1 if marks.tags else 2)
    dot = "✗ " if missing else ("  " if marks.read else "● ")
    lines = [[Piece(dot, "missing" if missing else "dot"), Piece(titles[0], title_style)]]
    if len(titles) > 1:
        lines.append([Piece("  ", "gap"), Piece(titles[1], title_style)])
    if marks.tags:
        lines.append([Piece("  ", "gap"), Piece(tags_text(marks.tags, inner), "tags")])
    lines.append(_meta_line(meta, marks, missing, inner))
    return lines + [[]] * (ROW_HEIGHT - len(lines))


def _meta_line(meta: ArticleMeta, marks: ArticleState, missing: bool, width: int) -> list[Piece]:
    right = right_marks(marks)
    room = width - cell_len(right) - 1 if right else width
    text = meta_text(meta, missing, max(0, room))
    pieces = [Piece("  ", "gap"), Piece(text, "missing" if missing else "meta")]
    if right:
        gap = max(1, width - cell_len(text) - cell_len(right))
        pieces += [Piece(" " * gap, "gap"), Piece(right, "mark")]
    return pieces
