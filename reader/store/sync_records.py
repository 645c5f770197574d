"""Records between the sync document and the store's rows, one entity at a time.

`capture_one` writes a record changed here into its part of the document, `project` writes the
records a merge changed into rows. Both go through the aliases (`reader.store.sync_aliases`):
an article another machine knows by another id (the same content, at another path outside the
library) is read and written here under this machine's id, and goes out under the other's.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import partial
from typing import TypeVar

from reader.core.sync.model import ARTICLE, BOOKMARK, FEED, HIGHLIGHT, Entity, SyncDoc
from reader.core.sync.records import NO_TAGS, ArticleRecord, BookmarkRecord, HighlightRecord
from reader.store import sync_rows
from reader.store.sync_aliases import Aliases
from reader.store.sync_writes import RowWrites

#: A record that names its article: a highlight or a bookmark.
Annotation = TypeVar("Annotation", HighlightRecord, BookmarkRecord)


def entities_there(aliases: Aliases, kind: str, key: str) -> list[Entity]:
    """The document's entities a change marked here goes to (an article: under the ids other
    machines know it by, when it has any)."""
    if kind != ARTICLE:
        return [(kind, key)]
    return [(kind, there) for there in aliases.ids_there(aliases.here(key))]


@dataclass(frozen=True, slots=True)
class Rows:
    """The articles and highlights of a part's records, read together (an article by the id
    the document knows it by)."""

    articles: dict[str, ArticleRecord]
    highlights: dict[str, HighlightRecord]
    aliases: Aliases

    @classmethod
    def read(cls, conn: sqlite3.Connection, items: Iterable[Entity], aliases: Aliases) -> Rows:
        keys: dict[str, list[str]] = {ARTICLE: [], HIGHLIGHT: []}
        for kind, key in items:
            keys.get(kind, []).append(key)
        here = {key: aliases.here(key) for key in keys[ARTICLE]}
        states = sync_rows.read_articles(conn, sorted(set(here.values())))
        return cls(
            {key: states[local] for key, local in here.items()},
            sync_rows.read_highlights(conn, keys[HIGHLIGHT]),
            aliases,
        )


def capture_one(conn: sqlite3.Connection, doc: SyncDoc, kind: str, key: str, rows: Rows) -> None:
    """Write one record changed here into the document, if it differs there."""
    if kind == ARTICLE:
        article = rows.articles[key]
        if article != doc.article(key):
            doc.put_article(key, article)
    elif kind == HIGHLIGHT:
        there = doc.highlight(key)
        _capture_annotation(
            rows.highlights.get(key), there, rows.aliases, partial(doc.put_highlight, key)
        )
    elif kind == FEED:
        title = sync_rows.read_feed(conn, key)
        if title != doc.feed(key):
            doc.put_feed(key, title)
    elif kind == BOOKMARK:
        mark = sync_rows.read_bookmark(conn, key)
        _capture_annotation(mark, doc.bookmark(key), rows.aliases, partial(doc.put_bookmark, key))


def _capture_annotation(
    here: Annotation | None,
    there: Annotation | None,
    aliases: Aliases,
    put: Callable[[Annotation], None],
) -> None:
    """A highlight or bookmark here into the document (under the article id the document
    knows), or its deletion (its last contents kept there, so it can be restored)."""
    if here is not None:
        here = replace(here, article=aliases.there(here.article, there.article if there else None))
        if here != there:
            put(here)
    elif there is not None and not there.deleted:
        put(replace(there, deleted=True))


def project(conn: sqlite3.Connection, doc: SyncDoc, touched: set[Entity]) -> int:
    """Write every touched record of the document into rows; returns how many differed."""
    rows = Rows.read(conn, touched, Aliases.read(conn))
    writes = RowWrites(conn)
    with doc.reading():
        changed = _project(conn, doc, sorted(touched), rows, writes)
    writes.flush()
    return changed


def _project(
    conn: sqlite3.Connection, doc: SyncDoc, touched: list[Entity], rows: Rows, writes: RowWrites
) -> int:
    changed, aliases = 0, rows.aliases
    for kind, key in touched:
        if kind == ARTICLE:
            record = doc.article(key)
            if (here := rows.articles[key]) != record:
                writes.article(aliases.here(key), record, here.tags)
                changed += 1
        elif kind == HIGHLIGHT:
            wanted = _landing(doc.highlight(key), aliases)
            if (there := rows.highlights.get(key)) != wanted:
                writes.highlight(key, wanted, there.tags if there else NO_TAGS)
                changed += 1
        elif kind == FEED:
            title = doc.feed(key)
            if sync_rows.read_feed(conn, key) != title:
                sync_rows.write_feed(conn, key, title)
                changed += 1
        elif kind == BOOKMARK:
            mark = _landing(doc.bookmark(key), aliases)
            if sync_rows.read_bookmark(conn, key) != mark:
                sync_rows.write_bookmark(conn, key, mark)
                changed += 1
    return changed


def _landing(record: Annotation | None, aliases: Aliases) -> Annotation | None:
    """What a highlight or bookmark of the document is here: on the article here, or none."""
    if record is None or record.deleted:
        return None
    return replace(record, article=aliases.here(record.article))
