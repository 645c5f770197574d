"""What any export file becomes: the articles and highlights it carries, in one shape.

Every format module fills these, so the rest of the import (matching URLs, writing, fetching)
never needs to know where a record came from. Every string is already sanitised and bounded
(`reader.core.migrate.values`); dates are ISO 8601 UTC or None.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.core.shelf import Location


class FormatError(ValueError):
    """A file that is not what it claims to be, said as "FILE, line N, field F: what is wrong".

    Raised before anything is written: a malformed file is refused whole.
    """

    def __init__(self, file: str, line: int | None, field: str, reason: str) -> None:
        self.file, self.line, self.field, self.reason = file, line, field, reason
        where = f"{file}, line {line}" if line else file
        if field:
            where += f', field "{field}"'
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True, slots=True)
class ImportedHighlight:
    """A highlight as another tool kept it: its words, and whatever else it knew.

    `prefix`/`suffix` are the text either side when the tool kept it (W3C, Hypothesis),
    `start` where the tool said the words begin (a hint only); `key` the tool's own id, so the
    same highlight imported twice is one.
    """

    quote: str
    note: str = ""
    color: str = "yellow"
    tags: tuple[str, ...] = ()
    created: str | None = None
    updated: str | None = None
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    key: str = ""


@dataclass(frozen=True, slots=True)
class ImportedArticle:
    """One saved article: its address, title, place, read state, progress and dates.

    `html` is the article's text when the export carries it (Omnivore, wallabag); otherwise the
    text is fetched later from `url`. `notes` are notes on the article as a whole (not on a
    quote). `line` is where the record starts in its file, for messages.
    """

    url: str
    title: str = ""
    author: str = ""
    tags: tuple[str, ...] = ()
    location: Location = Location.INBOX
    read: bool = False
    progress: int = 0
    saved: str | None = None
    published: str | None = None
    updated: str | None = None
    html: str | None = None
    highlights: tuple[ImportedHighlight, ...] = ()
    notes: tuple[str, ...] = ()
    line: int = 0


@dataclass
class LooseHighlights:
    """Highlights of one document whose article is found by address, then by title (the
    Readwise highlights CSV, annotation tools): matched against the library at import time.
    `notes` are notes on the document as a whole."""

    url: str
    title: str
    author: str = ""
    highlights: list[ImportedHighlight] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    document_tags: tuple[str, ...] = ()


@dataclass
class ImportedFile:
    """Everything one export file holds, read whole before anything is written."""

    format: str
    source: str
    articles: list[ImportedArticle] = field(default_factory=list)
    loose: list[LooseHighlights] = field(default_factory=list)
    #: Records left out, each with where and why ("line 12: not a web address: ftp://…").
    skipped: list[str] = field(default_factory=list)

    @property
    def highlights(self) -> int:
        inside = sum(len(article.highlights) for article in self.articles)
        return inside + sum(len(group.highlights) for group in self.loose)
