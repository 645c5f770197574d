"""One block's text built piece by piece, with its styles kept beside it as spans.

The format front ends (Markdown, HTML through trafilatura) walk a tree of inline elements; each
piece of text arrives with the styles open around it. `StyledText` turns that into the reader's
model: plain text already squashed (every whitespace run one space, no space at the edges), plus
`Span`s over it. Styles never insert a character: what is searched, highlighted and bookmarked
is exactly the text. Sanitising stays where it is for every format, at the boundary
(`parse.safe_block`), which drops the spans of the rare block whose text it has to change (a
character reference to a control character), so no offset is ever wrong.
"""

from __future__ import annotations

from bisect import bisect_right

from reader.core.article import Block, BlockKind, Span, SpanKind
from reader.core.text.clean import squash

#: Characters `squash` trims at the edges that `str.split` does not count as whitespace.
_ZERO_WIDTH = "\u200b\u2060\ufeff"


class StyledText:
    """A block under construction: text pieces, open styles, finished spans."""

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self._parts: list[str] = []
        self._starts: list[int] = []  # where each part starts
        self._length = 0
        self._gap = False  # whitespace seen since the last word: one space before the next
        self._open: list[tuple[SpanKind, int]] = []
        self._spans: list[Span] = []

    @property
    def length(self) -> int:
        """Characters so far: where a span or a link opened now would start."""
        return self._length

    def since(self, start: int) -> str:
        """The text from offset `start` on (a link's text, just closed: a few parts back)."""
        index = max(0, bisect_right(self._starts, start) - 1)
        tail = "".join(self._parts[index:])
        return tail[start - self._starts[index] :] if self._starts else ""

    def add(self, text: str) -> None:
        """Append text; whitespace runs (across pieces too) become one space."""
        if not text:
            return
        words = text.split()
        if words:
            gap = self._gap or text[0].isspace()
            joined = " ".join(words)
            self._emit(
                " " + joined if gap and self._length and not self._at_separator() else joined
            )
        self._gap = text[-1].isspace() or (self._gap and not words)

    def separator(self, char: str) -> None:
        """A structural break kept as it is (a table's cell `\\t` or row `\\n`)."""
        self._emit(char)
        self._gap = False

    def open(self, kind: SpanKind) -> None:
        self._open.append((kind, self._length))

    def close(self, kind: SpanKind) -> None:
        """Close the innermost open `kind` (a stray close is ignored)."""
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] is kind:
                _, start = self._open.pop(index)
                if self._length > start:
                    self._spans.append(Span(start, self._length, kind))
                return

    def block(self, kind: BlockKind) -> Block | None:
        """The finished block (None when no text was added), and a fresh start for the next."""
        while self._open:
            self.close(self._open[-1][0])
        text = "".join(self._parts)
        spans = self._spans
        self._reset()
        if not text.strip():
            return None
        if kind is not BlockKind.TABLE and (text[0] in _ZERO_WIDTH or text[-1] in _ZERO_WIDTH):
            squashed = squash(text)  # only zero-width characters at the edges are left to trim
            if squashed != text:
                lead = text.find(squashed)
                spans = _shifted(spans, lead, len(squashed)) if lead >= 0 else []
                text = squashed
        return Block(text, kind, _trimmed(text, spans))

    def _emit(self, piece: str) -> None:
        self._starts.append(self._length)
        self._parts.append(piece)
        self._length += len(piece)

    def _at_separator(self) -> bool:
        return self._parts[-1] in ("\t", "\n")


def _shifted(spans: list[Span], lead: int, length: int) -> list[Span]:
    return [Span(max(0, start - lead), min(length, end - lead), kind) for start, end, kind in spans]


def _trimmed(text: str, spans: list[Span]) -> tuple[Span, ...]:
    """Spans without the spaces at their edges, in text order; empty ones dropped."""
    kept = []
    for start, end, kind in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            kept.append(Span(start, end, kind))
    kept.sort()
    return tuple(kept)
