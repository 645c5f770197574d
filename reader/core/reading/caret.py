"""Where the caret is on screen, and where it goes when it moves by character, line or page.

The caret is a body offset (like every position in `reader`); the screen is the laid-out lines of
`reader.core.reading.layout`. `TextMap` is built once per layout and answers "which row holds this
offset", "which column is it in" and "what offset is at this row and column" with binary searches,
so a caret move in a 1 MB article costs the same as in a short one.

Valid caret positions are the characters of the blocks: the paragraph separator between two
blocks is never a place to stand, so stepping right off the end of a paragraph lands on the first
character of the next one.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from reader.core.article import PARAGRAPH_SEPARATOR, Article
from reader.core.reading.lines import Line


def block_spans(article: Article) -> list[tuple[int, int]]:
    """(start, end) body offsets of each block, end exclusive."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for block in article.blocks:
        spans.append((offset, offset + len(block.text)))
        offset += len(block.text) + len(PARAGRAPH_SEPARATOR)
    return spans


class Blocks:
    """The caret's legal ground: the characters of each block, never the gaps between them."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self.spans = spans
        self._starts = [start for start, _ in spans]

    @classmethod
    def of(cls, article: Article) -> Blocks:
        return cls(block_spans(article))

    @property
    def last(self) -> int:
        """The last position the caret can take (the last character of the last block)."""
        for start, end in reversed(self.spans):
            if end > start:
                return end - 1
        return 0

    def index_of(self, offset: int) -> int:
        """Index of the block holding `offset`, or the block just before a gap."""
        return max(0, bisect_right(self._starts, offset) - 1)

    def clamp(self, offset: int) -> int:
        """The nearest legal position at or after `offset` (or the very last one)."""
        if not self.spans:
            return 0
        offset = max(0, offset)
        index = self.index_of(offset)
        start, end = self.spans[index]
        if start <= offset < end:
            return offset
        for next_start, next_end in self.spans[index + 1 :]:
            if next_end > next_start:
                return next_start
        return self.last

    def step(self, offset: int, delta: int) -> int:
        """One character forwards (+1) or backwards (-1), jumping over paragraph gaps."""
        if not self.spans:
            return 0
        index = self.index_of(offset)
        start, end = self.spans[index]
        target = offset + delta
        if start <= target < end:
            return target
        if delta > 0:
            for next_start, next_end in self.spans[index + 1 :]:
                if next_end > next_start:
                    return next_start
            return offset
        for previous_start, previous_end in reversed(self.spans[:index]):
            if previous_end > previous_start:
                return previous_end - 1
        return offset


class TextMap:
    """Rows and columns of a laid-out article, for one layout width."""

    def __init__(self, lines: Sequence[Line]) -> None:
        self.lines = lines
        self.body_rows = [row for row, line in enumerate(lines) if line.is_body]
        self._starts = [lines[row].start for row in self.body_rows]

    def row_of(self, offset: int) -> int:
        """The row whose text holds `offset`; a space where a line wraps belongs to the line
        it ends (the caret is drawn just after its last character)."""
        if not self.body_rows:
            return 0
        index = max(0, bisect_right(self._starts, offset) - 1)
        return self.body_rows[index]

    def column_of(self, offset: int) -> int:
        """Cells from the start of the line's text to `offset`; 0 with no text laid out."""
        if not self.body_rows:
            return 0
        line = self.lines[self.row_of(offset)]
        return line.column_of(offset) if line.is_body else 0

    def offset_at(self, row: int, cells: int) -> int | None:
        """The body offset drawn at `cells` into the text of `row`; None for a decoration row.

        A column past the end of the text gives the line's last character, so moving down
        from a long line to a short one keeps the caret on text.
        """
        if not 0 <= row < len(self.lines):
            return None
        line = self.lines[row]
        return line.offset_at(cells) if line.is_body else None

    def move_rows(self, offset: int, rows: int, goal: int) -> int:
        """The offset `rows` body lines below (or above) the caret's, at column `goal`."""
        if not self.body_rows:
            return offset
        here = bisect_right(self._starts, offset) - 1
        target = min(len(self.body_rows) - 1, max(0, here + rows))
        found = self.offset_at(self.body_rows[target], goal)
        return offset if found is None else found

    def nearest_body_row(self, row: int) -> int:
        """The first body row at or after `row` (or the last one), for clicks on decorations."""
        if not self.body_rows:
            return 0
        index = bisect_right(self.body_rows, row - 1)
        return self.body_rows[min(index, len(self.body_rows) - 1)]


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char in "'’-"


def snap_to_words(body: str, start: int, end: int) -> tuple[int, int]:
    """A selection made by hand, widened or narrowed to whole words, as a highlighter pen would.

    A selection made with `v` and word motions ends on the first character of the next word;
    that character is dropped. A selection that cuts a word elsewhere is widened to take all of it.
    Whitespace at either end is left out. An empty result gives the input back.
    """
    start, end = max(0, start), min(len(body), end)
    if end - start >= 2 and body[end - 2].isspace():
        end -= 1
    while start > 0 and start < len(body) and _is_word_char(body[start]):
        if not _is_word_char(body[start - 1]):
            break
        start -= 1
    while 0 < end < len(body) and _is_word_char(body[end - 1]) and _is_word_char(body[end]):
        end += 1
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else (start, max(end, start + 1))


def next_token_start(body: str, offset: int) -> int:
    """The start of the next whitespace-separated word ("U.S.", "“enough.”" are one word each):
    a reader's `w` steps over punctuation instead of stopping on it."""
    index = offset
    while index < len(body) and not body[index].isspace():
        index += 1
    while index < len(body) and body[index].isspace():
        index += 1
    return index if index < len(body) else offset


def prev_token_start(body: str, offset: int) -> int:
    """The start of the word before the caret (or of the word the caret is inside)."""
    index = min(offset, len(body))
    while index > 0 and body[index - 1].isspace():
        index -= 1
    while index > 0 and not body[index - 1].isspace():
        index -= 1
    return index
