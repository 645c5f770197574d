"""Search results laid out for a width: each title whole, then a few lines of its snippet.

Kept apart from the widget that draws them (`results.ResultList`) so the rules for what fits are
plain functions of a result and a width: a title is wrapped, never cut (up to `TITLE_LINES`);
the snippet starts a few words before its first match, so the words that explain the result are
on its first line, and fills up to `SNIPPET_LINES` lines; every line carries the spans of the
matched words in it, for emphasis.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from msgspec import Struct

from reader.core.reading.layout import wrap_spans
from reader.core.text.cells import ELLIPSIS, cut_to_cells

if TYPE_CHECKING:
    from reader.core.search.query import SearchResult

#: Lines of a title before it is cut (a title is a line or two; this bounds a pathological one).
TITLE_LINES = 6
#: Lines of snippet under each title.
SNIPPET_LINES = 3
#: Words of context kept before a snippet's first match, at most.
LEAD_WORDS = 3

Spans = tuple[tuple[int, int], ...]


class Row(Struct, frozen=True):
    """One screen line of the result list: part of result `result` (-1: none), its `kind`
    (`title`, `snippet`, `gap` between two results, or `message`), its text and the spans of
    `text` to emphasise."""

    result: int
    kind: str
    text: str = ""
    spans: Spans = ()


def wrapped(text: str, spans: Spans, width: int, limit: int) -> list[tuple[str, Spans]]:
    """`text` wrapped to `width` cells in at most `limit` lines (the last cut with "…"), each
    line with the part of `spans` it holds, relative to the line."""
    lines: list[tuple[str, Spans]] = []
    pieces = wrap_spans(text, width)
    for number, (start, end) in enumerate(pieces[:limit]):
        line = text[start:end]
        if number == limit - 1 < len(pieces) - 1:
            line = cut_to_cells(line + ELLIPSIS, width)  # more follows
        inside = tuple(
            (max(a, start) - start, min(b, end) - start) for a, b in spans if a < end and b > start
        )
        lines.append((line, inside))
    return lines


def lead_in(snippet: str, spans: Spans) -> tuple[str, Spans]:
    """The snippet from a few words before its first match ("…" where it was cut), so the match
    is on the first line, however narrow the column."""
    if not spans:
        return snippet, spans
    first = min(start for start, _ in spans)
    starts = [i for i in range(1, first) if snippet[i - 1] == " " and snippet[i] != " "]
    if len(starts) <= LEAD_WORDS:
        return snippet, spans
    cut = starts[-LEAD_WORDS]
    shift = cut - len(ELLIPSIS)
    return ELLIPSIS + snippet[cut:], tuple((a - shift, b - shift) for a, b in spans)


def result_rows(index: int, result: SearchResult, width: int) -> list[Row]:
    """The rows of one result: its title, then its snippet (when it has one)."""
    rows = [
        Row(index, "title", text, spans)
        for text, spans in wrapped(result.title, result.title_spans, width, TITLE_LINES)
    ]
    snippet, spans = lead_in(result.snippet, result.snippet_spans)
    rows.extend(
        Row(index, "snippet", text, line_spans)
        for text, line_spans in wrapped(snippet, spans, width, SNIPPET_LINES)
    )
    return rows


def answer_rows(
    results: Sequence[SearchResult], message: str, width: int
) -> tuple[list[Row], list[int]]:
    """Every row of an answer, a gap between two results, and the first row of each result."""
    rows: list[Row] = []
    starts: list[int] = []
    for index, result in enumerate(results):
        starts.append(len(rows))
        rows.extend(result_rows(index, result, width))
        rows.append(Row(-1, "gap"))
    if message:
        rows.append(Row(-1, "message", cut_to_cells(message, width)))
    return rows, starts
