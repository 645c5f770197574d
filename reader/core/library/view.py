"""The articles of an index as the app sees them: a sequence decoded one line at a time.

`Articles` is what `LibraryIndex.articles` holds once the index comes from `load_index` or
the cache: a `Sequence[ArticleMeta]` over the index's lines (see `records`), newest first. The
article list asks for the rows it draws, so a library of 100,000 articles decodes a screenful
to show its first screen; `ids` gives every id from the lines' fixed places without decoding.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import overload

from reader.core.article import ArticleMeta
from reader.core.library.cache import Source
from reader.core.library.records import ID, decode_article

#: What a line that cannot be decoded is shown as (the next check of the library reads the file
#: again and replaces it).
DAMAGED_TITLE = "(this entry of the library index is damaged; it is being read again)"


class Articles(Sequence[ArticleMeta]):
    """Articles recorded as lines, decoded when first asked for and then kept.

    Two `Articles` are equal when their lines are, and equal to a list of the same metadata.
    The decoded metadata is shared with the views made from this one (`with_lines`), so an
    index updated by one file does not decode its other articles again. `source`, when known,
    is the version of the cache file whose lines for its folders these are, exactly (a view made
    from this one has none until it is saved).
    """

    __slots__ = ("_decoded", "_ids", "_lines", "source")

    def __init__(
        self,
        lines: list[str],
        decoded: dict[str, ArticleMeta] | None = None,
        source: Source | None = None,
    ) -> None:
        self._lines = lines
        self._decoded: dict[str, ArticleMeta] = {} if decoded is None else decoded
        self._ids: list[str] | None = None
        self.source = source

    @property
    def lines(self) -> list[str]:
        """The lines, in the order shown (do not change them: make a new view instead)."""
        return self._lines

    def with_lines(self, lines: list[str]) -> Articles:
        """Another view, sharing what was decoded so far."""
        return Articles(lines, self._decoded)

    @property
    def decoded(self) -> int:
        """How many lines were decoded so far (shared with the views made from this one)."""
        return len(self._decoded)

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


def ids_of(articles: Sequence[ArticleMeta]) -> Sequence[str]:
    """Every article's id, in order: read from the lines or the positions where the sequence
    knows them (nothing decoded), else from each article."""
    if isinstance(articles, Articles | Joined | Picked):
        return articles.ids()
    return [meta.id for meta in articles]


class Joined(Sequence[ArticleMeta]):
    """Two sequences as one (the index's articles, then the rows of missing files), without
    decoding either: the catalog's articles, each known by its position."""

    __slots__ = ("_first", "_ids", "_rest")

    def __init__(self, first: Sequence[ArticleMeta], rest: Sequence[ArticleMeta]) -> None:
        self._first, self._rest = first, rest
        self._ids: list[str] | None = None

    def ids(self) -> list[str]:
        if self._ids is None:
            self._ids = [*ids_of(self._first), *ids_of(self._rest)]
        return self._ids

    def parts(self) -> tuple[Sequence[ArticleMeta], Sequence[ArticleMeta]]:
        return self._first, self._rest

    def __len__(self) -> int:
        return len(self._first) + len(self._rest)

    @overload
    def __getitem__(self, index: int) -> ArticleMeta: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[ArticleMeta]: ...

    def __getitem__(self, index: int | slice) -> ArticleMeta | Sequence[ArticleMeta]:
        if isinstance(index, slice):
            return [self[position] for position in range(len(self))[index]]
        if index < 0:
            index += len(self)
        first = len(self._first)
        return self._first[index] if index < first else self._rest[index - first]

    def __iter__(self) -> Iterator[ArticleMeta]:
        yield from self._first
        yield from self._rest

    def __repr__(self) -> str:
        return f"Joined({len(self._first)} + {len(self._rest)})"


class Picked(Sequence[ArticleMeta]):
    """Some articles of `source`, by their positions in it: a view's rows in a sort order,
    made of integers (cheap to cut and compare), decoded only when drawn.

    Two `Picked` of one source are equal when their positions are; against anything else
    they compare article by article.
    """

    __slots__ = ("_ids", "_source", "_source_ids", "positions")

    def __init__(
        self, source: Sequence[ArticleMeta], source_ids: Sequence[str], positions: list[int]
    ) -> None:
        self._source, self._source_ids, self.positions = source, source_ids, positions
        self._ids: list[str] | None = None

    def ids(self) -> list[str]:
        if self._ids is None:
            ids = self._source_ids
            self._ids = [ids[position] for position in self.positions]
        return self._ids

    def __len__(self) -> int:
        return len(self.positions)

    @overload
    def __getitem__(self, index: int) -> ArticleMeta: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[ArticleMeta]: ...

    def __getitem__(self, index: int | slice) -> ArticleMeta | Sequence[ArticleMeta]:
        if isinstance(index, slice):
            return [self._source[position] for position in self.positions[index]]
        return self._source[self.positions[index]]

    def __iter__(self) -> Iterator[ArticleMeta]:
        source = self._source
        return (source[position] for position in self.positions)

    def same_rows(self, other: object) -> bool:
        """Whether `other` is these very rows: the same positions in the same source (told
        without decoding anything; another source may hold other articles)."""
        return (
            isinstance(other, Picked)
            and other._source is self._source
            and (other.positions == self.positions)
        )

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Picked) and other._source is self._source:
            return self.positions == other.positions
        if isinstance(other, Sequence) and not isinstance(other, str | bytes):
            return len(self) == len(other) and list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Picked({len(self.positions)} of {len(self._source)})"


class ById(Mapping[str, ArticleMeta]):
    """Articles by id, over a sequence of them: where each id stands is found from the ids the
    first time one is asked for (nothing decoded), and only the articles asked for are decoded.
    Made on the app's thread for a worker (today's review names a few articles among 100,000:
    a dict of them all decoded every line on the app's thread, before the first screen)."""

    __slots__ = ("_articles", "_where")

    def __init__(self, articles: Sequence[ArticleMeta]) -> None:
        self._articles = articles
        self._where: dict[str, int] | None = None

    def _positions(self) -> dict[str, int]:
        if self._where is None:  # (the last of an id wins, as in a dict of the articles)
            self._where = {key: place for place, key in enumerate(ids_of(self._articles))}
        return self._where

    def __getitem__(self, article_id: str) -> ArticleMeta:
        return self._articles[self._positions()[article_id]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._positions())

    def __len__(self) -> int:
        return len(self._positions())
