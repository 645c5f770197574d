"""The article model shared by the parser, the library index, the store and the UI.

An article is split in two on purpose: `ArticleMeta` is what the library index keeps for every
file (small, cacheable, enough to draw the article list), while `Article` adds the body, which is
only parsed when someone opens the article. That split is what keeps start-up independent of the
size of the library.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import NamedTuple

from msgspec import Struct, field

#: Words per minute used for reading-time estimates (a typical adult silent-reading pace).
WORDS_PER_MINUTE = 230

#: Paragraphs are joined with this separator to form `Article.body`; every character offset used
#: by reading positions, search matches and highlights is an offset into that body.
PARAGRAPH_SEPARATOR = "\n\n"


class BlockKind(StrEnum):
    """How a block of the body is presented; the text itself is always plain."""

    TEXT = "text"
    HEADING = "heading"
    QUOTE = "quote"
    CODE = "code"
    ITEM = "item"
    #: Rows separated by "\n", cells by "\t": the layout draws them as aligned columns.
    TABLE = "table"


class SpanKind(StrEnum):
    """How a stretch of a block's text is styled (emphasis as written, never as characters)."""

    EMPHASIS = "emphasis"
    STRONG = "strong"
    CODE = "code"
    LINK = "link"


class Span(NamedTuple):
    """A styled stretch `text[start:end]` of one block; spans may nest and overlap."""

    start: int
    end: int
    kind: SpanKind


class Block(Struct, frozen=True):
    """One paragraph-level block of cleaned, sanitised article text.

    Styling is data beside the text (`spans`, offsets into `text`), never characters in it, so
    every body offset (highlights, search, bookmarks, reading positions) means the same whether
    or not a block is styled.
    """

    text: str
    kind: BlockKind = BlockKind.TEXT
    spans: tuple[Span, ...] = ()


class Link(Struct, frozen=True):
    """A link the article carries: the text it is on (`body[start:end]`) and where it points.

    `url` is sanitised and never opened by the reader on its own: the links screen shows it and
    asks first. Offsets are body offsets, like every other position in the app.
    """

    start: int
    end: int
    url: str


class ArticleMeta(Struct, frozen=True):
    """Everything the article list needs, without the body.

    `id` is derived from the file's path relative to its library folder, so it survives edits of
    the text (annotations hang off it); `content_hash` changes with every edit, which is how the
    store knows when highlights must be re-attached.
    """

    id: str
    path: str
    title: str
    source: str = ""
    byline: str = ""
    date: str | None = None
    words: int = 0
    content_hash: str = ""
    format: str = "text"
    #: Where the article was fetched from (`url:` in a saved article's front matter), or "".
    url: str = ""

    @property
    def reading_minutes(self) -> int:
        """Estimated minutes to read, never less than one."""
        return max(1, round(self.words / WORDS_PER_MINUTE))


def resolve_id(wanted: str, ids: Iterable[str], kind: str = "article") -> str:
    """The id `wanted` names: itself, or the only one of `ids` it begins (LookupError if none or
    several do, naming the `kind` of thing; surrounding spaces are ignored). Users type ids by
    unique prefix, as with git."""
    wanted = wanted.strip()
    matches = []
    for known in ids:
        if known == wanted:
            return known
        if wanted and known.startswith(wanted):
            matches.append(known)
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise LookupError(f"no {kind} with id {wanted!r}")
    shown = ", ".join(sorted(matches)[:5])
    raise LookupError(f"{wanted!r} matches {len(matches)} {kind}s ({shown}…): give more of the id")


class Article(Struct, frozen=True):
    """A parsed article: metadata plus cleaned body blocks.

    `removed` keeps the lines the cleaner took out (site blurbs, comment-section leftovers), so
    the UI can be honest about what cleaning did; the untouched file is always reachable through
    `reader.core.text.parse.read_original`. `notices` say how the file was read when that matters to
    the reader (a legacy encoding, damaged bytes, a cut); `truncated_at` is the byte limit the
    file was cut at (0: read whole), so "show more" knows where it stands.
    """

    meta: ArticleMeta
    blocks: tuple[Block, ...]
    removed: tuple[str, ...] = field(default=())
    links: tuple[Link, ...] = field(default=())
    notices: tuple[str, ...] = field(default=())
    truncated_at: int = 0

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """The text of each block, in order."""
        return tuple(block.text for block in self.blocks)

    @property
    def body(self) -> str:
        """All blocks joined by `PARAGRAPH_SEPARATOR`: the coordinate space for offsets."""
        return PARAGRAPH_SEPARATOR.join(block.text for block in self.blocks)
