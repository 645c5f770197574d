"""What one synced thing looks like, as both sides compare it: an article's state, a highlight,
a bookmark.

The store reads its rows into these records and the CRDT document (`model`) reads its fields into
the same records, so "has this changed?" is one `==`. Everything that arrives from another
machine passes `checked_*` first: lengths capped, text sanitised as an import's is, an id that
could not be ours refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from reader.core.shelf import Location, clean_tag, tag_key
from reader.core.text.sanitize import sanitize, sanitize_line

#: An id as the store makes them (hex) or as an import brought them: no separators, no spaces.
_ID = re.compile(r"[A-Za-z0-9_.:-]{1,128}")
#: Caps on what one field may hold when it comes from elsewhere (an import's caps are similar).
MAX_TEXT = 100_000
MAX_LINE = 1_000
MAX_OFFSET = 1 << 40
#: Where an article may be; anything else from the far side reads as the Inbox.
LOCATIONS = frozenset(location.value for location in Location)


def valid_id(text: object) -> bool:
    """Whether `text` can be an article, highlight or bookmark id here."""
    return isinstance(text, str) and _ID.fullmatch(text) is not None


@dataclass(frozen=True, slots=True, eq=False)
class Tags:
    """Tags on something: pairs (key, name) sorted by key, compared by their keys only.

    Names are how each machine shows a tag (`Go` here, `go` there are one tag), so they never
    make two records differ.
    """

    pairs: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, str]]) -> Tags:
        return cls(tuple(sorted(dict(pairs).items())))

    def tag_keys(self) -> tuple[str, ...]:
        return tuple(key for key, _ in self.pairs)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Tags) and self.tag_keys() == other.tag_keys()

    def __hash__(self) -> int:
        return hash(self.tag_keys())


NO_TAGS = Tags()


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """An article's synced state: its place, read flag, progress, reading position and tags."""

    location: str = "inbox"
    read: bool = False
    progress: int = 0
    position: int = 0
    tags: Tags = NO_TAGS


@dataclass(frozen=True, slots=True)
class HighlightRecord:
    """A highlight as it travels; `deleted` keeps its last contents so a deletion can be undone."""

    article: str
    quote: str = ""
    original: str = ""
    prefix: str = ""
    suffix: str = ""
    start: int = 0
    end: int = 0
    color: str = "yellow"
    status: str = "anchored"
    content_hash: str = ""
    created: str = ""
    note: str = ""
    tags: Tags = NO_TAGS
    deleted: bool = False


@dataclass(frozen=True, slots=True)
class BookmarkRecord:
    """A bookmark as it travels."""

    article: str
    position: int = 0
    label: str = ""
    created: str = ""
    deleted: bool = False


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Every synced record of one side, by id: what two synced stores agree on exactly."""

    articles: dict[str, ArticleRecord] = field(default_factory=dict)
    highlights: dict[str, HighlightRecord] = field(default_factory=dict)
    bookmarks: dict[str, BookmarkRecord] = field(default_factory=dict)
    #: Followed feeds: address -> title.
    feeds: dict[str, str] = field(default_factory=dict)


def _line(value: object, default: str = "") -> str:
    return sanitize_line(value)[:MAX_LINE] if isinstance(value, str) else default


def _text(value: object) -> str:
    return sanitize(value)[:MAX_TEXT] if isinstance(value, str) else ""


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0
    return max(0, min(int(value), MAX_OFFSET))


def checked_tags(pairs: Tags) -> Tags:
    """Tags from elsewhere: names cleaned, keys recomputed (never trusted), one per key."""
    kept: dict[str, str] = {}
    for _, name in pairs.pairs:
        try:
            kept.setdefault(tag_key(name), clean_tag(name))
        except (ValueError, TypeError):
            continue
    return Tags.of(kept.items())


def checked_article(record: ArticleRecord) -> ArticleRecord:
    """An article's state from elsewhere, made safe to write."""
    location = record.location if record.location in LOCATIONS else "inbox"
    return ArticleRecord(
        location=location,
        read=record.read is True,
        progress=min(100, _int(record.progress)),
        position=_int(record.position),
        tags=checked_tags(record.tags),
    )


def checked_highlight(record: HighlightRecord) -> HighlightRecord:
    """A highlight from elsewhere, made safe to write (text sanitised, sizes capped)."""
    start = _int(record.start)
    return replace(
        record,
        quote=_text(record.quote),
        original=_text(record.original),
        prefix=_text(record.prefix)[:MAX_LINE],
        suffix=_text(record.suffix)[:MAX_LINE],
        start=start,
        end=max(start, _int(record.end)),
        color=_line(record.color, "yellow")[:32] or "yellow",
        status=_line(record.status, "anchored")[:32] or "anchored",
        content_hash=_line(record.content_hash)[:128],
        created=_line(record.created)[:64],
        note=_text(record.note),
        tags=checked_tags(record.tags),
        deleted=record.deleted is True,
    )


def checked_feed(url: object, title: object) -> tuple[str, str] | None:
    """A followed feed from elsewhere: a web address (http or https, one line) and its title;
    None if the address could not be one."""
    if not isinstance(url, str) or url != sanitize_line(url) or len(url) > 2000:
        return None
    if not url.startswith(("http://", "https://")) or any(c.isspace() for c in url):
        return None
    return url, _line(title)


def checked_bookmark(record: BookmarkRecord) -> BookmarkRecord:
    """A bookmark from elsewhere, made safe to write."""
    return replace(
        record,
        position=_int(record.position),
        label=_line(record.label),
        created=_line(record.created)[:64],
        deleted=record.deleted is True,
    )
