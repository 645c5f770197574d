"""A sync state from before the document was split into parts, split at the first sync after.

Migration 9 keeps the single document's updates as `sync_legacy`; the first sync loads them once
and writes every record they hold (deleted highlights and bookmarks too, so they stay
restorable; followed feeds; library files) into its part, then removes them, in the one
transaction of that sync: nothing is lost, and a sync cut before it commits leaves them as they
were.

Who writes the parts: two machines that synced before upgrading must make the same parts, or
merging them would double every note (one text inserted twice). So a part's records are written
by a writer named by the part and its records, and each note by a writer named by its highlight
and its text: what two machines agree on they write identically (the same update, merged once);
what they disagreed on merges as concurrent changes do (a field settled by the engine, two
notes' texts both kept).
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import replace

from reader.core.sync.model import ARTICLE, BOOKMARK, HIGHLIGHT, SyncDoc
from reader.core.sync.parts import part_of
from reader.core.sync.records import ArticleRecord, BookmarkRecord, HighlightRecord
from reader.store.sync_parts import PartBook

#: The revision a split writes (the same on every machine).
MARK = "split"


def split_legacy(conn: sqlite3.Connection, book: PartBook) -> int:
    """Split a single document left by an older reader into parts; how many parts it filled."""
    rows = conn.execute("SELECT data FROM sync_legacy ORDER BY seq").fetchall()
    if not rows:
        return 0
    old = SyncDoc((bytes(row[0]) for row in rows), client_id=book.client)
    entities: dict[int, list[tuple[str, str]]] = {}
    for kind, key in sorted(old.entities()):
        entities.setdefault(part_of(key), []).append((kind, key))
    for url in sorted(old.feed_urls()):
        entities.setdefault(part_of(url), []).append(("f", url))
    files: dict[int, dict[str, str]] = {}
    for path, digest in sorted(old.files().items()):
        files.setdefault(part_of(path), {})[path] = digest
        entities.setdefault(part_of(path), [])
    for part, found in sorted(entities.items()):
        _write_part(conn, book, old, part, found, files.get(part, {}))
    conn.execute("DELETE FROM sync_legacy")
    return len(entities)


def _write_part(
    conn: sqlite3.Connection,
    book: PartBook,
    old: SyncDoc,
    part: int,
    entities: list[tuple[str, str]],
    files: dict[str, str],
) -> None:
    records = [(kind, key, _record(old, kind, key)) for kind, key in entities]
    writer = SyncDoc(client_id=_writer(str(part), repr((records, sorted(files.items())))))
    updates: list[bytes] = []
    with writer.changes(mark=MARK) as made:
        for kind, key, record in records:
            _put(writer, kind, key, record)
        writer.put_files(files)
    updates += made
    for kind, key, record in records:
        note = getattr(record, "note", "") if kind == HIGHLIGHT else ""
        if note:
            noter = SyncDoc(client_id=_writer(key, note))
            with noter.changes(mark=MARK) as made:
                noter.put_note(key, note, MARK)
            updates += made
    doc = book.load(part, conn)
    for update in updates:
        doc.apply(update)
        book.keep(conn, part, update)
    doc.take_touched()
    book.save(conn, part, doc, {})


def _record(old: SyncDoc, kind: str, key: str) -> object:
    if kind == ARTICLE:
        return old.article(key)
    if kind == HIGHLIGHT:
        return old.highlight(key)
    if kind == BOOKMARK:
        return old.bookmark(key)
    return old.feed(key)


def _put(writer: SyncDoc, kind: str, key: str, record: object) -> None:
    if isinstance(record, ArticleRecord):
        writer.put_article(key, record)
    elif isinstance(record, HighlightRecord):
        writer.put_highlight(key, replace(record, note=""))  # the note by its own writer
    elif isinstance(record, BookmarkRecord):
        writer.put_bookmark(key, record)
    elif isinstance(record, str):
        writer.put_feed(key, record)


def _writer(name: str, content: str) -> int:
    """A writer id named by what it writes: above every random one (those are 31-bit)."""
    digest = hashlib.blake2b(f"{name}\0{content}".encode("utf-8", "surrogatepass"), digest_size=6)
    return (1 << 32) + int.from_bytes(digest.digest(), "big")
