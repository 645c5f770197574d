"""The articles of an index as the app sees them: a sequence decoded one line at a time.

`Articles` is what `LibraryIndex.articles` holds once the index comes from `load_index` or
the cache: a `Sequence[ArticleMeta]` over the index's lines (see `records`), newest first. The
article list asks for the rows it draws, so a library of 100,000 articles decodes a screenful
to show its first screen; `ids` gives every id from the lines' fixed places without decoding.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import overload

from reader.core.article import ArticleMeta
from reader.core.library.records import ID, decode_article

#: What a line that cannot be decoded is shown as (the next check of the library reads the file
#: again and replaces it).
DAMAGED_TITLE = "(this entry of the library index is damaged; it is being read again)"


class Articles(Sequence[ArticleMeta]):
    """Articles recorded as lines, decoded when first asked for and then kept.

    Two `Articles` are equal when their lines are, and equal to a list of the same metadata.
    The decoded metadata is shared with the views made from this one (`with_lines`), so an
    index updated by one file does not decode its other articles again.
    """

    __slots__ = ("_decoded", "_ids", "_lines")

    def __init__(self, lines: list[str], decoded: dict[str, ArticleMeta] | None = None) -> None:
        self._lines = lines
        self._decoded: dict[str, ArticleMeta] = {} if decoded is None else decoded
        self._ids: list[str] | None = None

    @property
    def lines(self) -> list[str]:
        """The lines, in the order shown (do not change them: make a new view instead)."""
        return self._lines

    def with_lines(self, lines: list[str]) -> Articles:
        """Another view, sharing what was decoded so far."""
        return Articles(lines, self._decoded)

    def ids(self) -> list[str]:
        """Every article's id, in order, without decoding a single line."""
        if self._ids is None:
            start, end = ID.start, ID.stop  # (`records.line_id`, without a call per line)
            self._ids = [line[start:end] for line in self._lines]
        return self._ids

    def __len__(self) -> int:
        return len(self._lines)

    @overload
    def __getitem__(self, index: int) -> ArticleMeta: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[ArticleMeta]: ...

    def __getitem__(self, index: int | slice) -> ArticleMeta | Sequence[ArticleMeta]:
        if isinstance(index, slice):
            return [self._meta(line) for line in self._lines[index]]
        return self._meta(self._lines[index])

    def __iter__(self) -> Iterator[ArticleMeta]:
        return map(self._meta, self._lines)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Articles):
            return self._lines == other._lines
        if isinstance(other, Sequence) and not isinstance(other, str | bytes):
            return len(self) == len(other) and list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Articles({len(self._lines)} lines)"

    def _meta(self, line: str) -> ArticleMeta:
        meta = self._decoded.get(line)
        if meta is None:
            try:
                meta = decode_article(line)[0]
            except ValueError:
                return ArticleMeta(id=line[ID], path="", title=DAMAGED_TITLE)
            self._decoded[line] = meta
        return meta
