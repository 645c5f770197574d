"""The store's rows as sync records, and sync records written back as rows.

Reading and writing go through the same record types the CRDT document uses
(`reader.core.sync.records`), so after a sync the rows and the document agree field for field.
Feeds and bookmarks are written here one row at a time (a few); articles and highlights, many
in a first sync, in batches (`reader.store.sync_writes`). Writes happen inside the sync's one
transaction (`reader.store.sync_log`); they are not journalled for `u` (undo is for this
machine's own changes), and what arrived was checked first.
"""

from __future__ import annotations

import sqlite3

from reader.core.sync.records import (
    NO_TAGS,
    ArticleRecord,
    BookmarkRecord,
    HighlightRecord,
    Snapshot,
    Tags,
    checked_bookmark,
    checked_feed,
)
from reader.store.db import utc_now

HIGHLIGHT_COLUMNS = (
    "article_id, quote, original, prefix, suffix, start_offset, end_offset, color, status, "
    "content_hash, created, note"
)


def read_article(conn: sqlite3.Connection, article_id: str) -> ArticleRecord:
    """An article's synced state here (the defaults when the store has no row for it)."""
    row = conn.execute(
        "SELECT location, read, progress, position FROM article_state WHERE article_id = ?",
        (article_id,),
    ).fetchone()
    tags = _tags(conn, "article_tags", "article_id", article_id)
    if row is None:
        return ArticleRecord(tags=tags)
    return ArticleRecord(str(row[0]), bool(row[1]), int(row[2]), int(row[3]), tags)


def read_highlight(conn: sqlite3.Connection, highlight_id: str) -> HighlightRecord | None:
    """A highlight here, or None if there is none (deleted, or never here)."""
    return read_highlights(conn, [highlight_id]).get(highlight_id)


def read_articles(conn: sqlite3.Connection, article_ids: list[str]) -> dict[str, ArticleRecord]:
    """Several articles' synced state, read together (a sync reads a part's records at once)."""
    states: dict[str, tuple[object, ...]] = {}
    for chunk in _chunks(article_ids):
        rows = conn.execute(
            "SELECT article_id, location, read, progress, position FROM article_state "
            f"WHERE article_id IN ({', '.join('?' * len(chunk))})",
            chunk,
        )
        states.update((str(row[0]), tuple(row[1:])) for row in rows)
    tags = tags_of(conn, "article_tags", "article_id", article_ids)
    found: dict[str, ArticleRecord] = {}
    for key in article_ids:
        row = states.get(key)
        tagged = tags.get(key, NO_TAGS)
        found[key] = (
            ArticleRecord(str(row[0]), bool(row[1]), int(row[2]), int(row[3]), tagged)  # type: ignore[call-overload]
            if row
            else ArticleRecord(tags=tagged)
        )
    return found


def read_highlights(
    conn: sqlite3.Connection, highlight_ids: list[str]
) -> dict[str, HighlightRecord]:
    """Several highlights, read together; those not here are left out."""
    found: dict[str, HighlightRecord] = {}
    tags = tags_of(conn, "highlight_tags", "highlight_id", highlight_ids)
    for chunk in _chunks(highlight_ids):
        rows = conn.execute(
            f"SELECT id, {HIGHLIGHT_COLUMNS} FROM highlights "
            f"WHERE id IN ({', '.join('?' * len(chunk))})",
            chunk,
        )
        for key, article, quote, original, prefix, suffix, start, end, color, status, hashed, \
                created, note in rows:  # fmt: skip
            found[str(key)] = HighlightRecord(
                article, quote, original, prefix, suffix, int(start), int(end), color, status,
                hashed, created, note, tags=tags.get(str(key), NO_TAGS),
            )  # fmt: skip
    return found


def read_bookmark(conn: sqlite3.Connection, bookmark_id: str) -> BookmarkRecord | None:
    """A bookmark here, or None."""
    row = conn.execute(
        "SELECT article_id, position, label, created FROM bookmarks WHERE id = ?", (bookmark_id,)
    ).fetchone()
    return None if row is None else BookmarkRecord(*row)


def read_feed(conn: sqlite3.Connection, url: str) -> str | None:
    """A followed feed's title here, or None if it is not followed here."""
    row = conn.execute("SELECT title FROM feeds WHERE url = ?", (url,)).fetchone()
    return None if row is None else str(row[0])


def write_feed(conn: sqlite3.Connection, url: str, title: str | None) -> None:
    """Follow the feed with that title, or stop following it (None); a bad address is left."""
    if title is None:
        conn.execute("DELETE FROM feeds WHERE url = ?", (url,))
        return
    safe = checked_feed(url, title)
    if safe is None:
        return
    conn.execute(
        "INSERT INTO feeds (url, title, added) VALUES (?, ?, ?) "
        "ON CONFLICT (url) DO UPDATE SET title = excluded.title",
        (*safe, utc_now()),
    )


def write_bookmark(
    conn: sqlite3.Connection, bookmark_id: str, record: BookmarkRecord | None
) -> None:
    """Make the store's bookmark what `record` says: written, or deleted when it is."""
    if record is None or record.deleted:
        conn.execute("DELETE FROM bookmarks WHERE id = ?", (bookmark_id,))
        return
    safe = checked_bookmark(record)
    conn.execute(
        "INSERT INTO bookmarks (id, article_id, position, label, created) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET article_id = excluded.article_id, "
        "position = excluded.position, label = excluded.label, created = excluded.created",
        (bookmark_id, safe.article, safe.position, safe.label, safe.created or utc_now()),
    )


def _tags(conn: sqlite3.Connection, table: str, column: str, owner: str) -> Tags:
    rows = conn.execute(
        f"SELECT t.key, t.name FROM {table} x JOIN tags t ON t.id = x.tag_id WHERE x.{column} = ?",
        (owner,),
    ).fetchall()
    return Tags.of((str(key), str(name)) for key, name in rows)


def tags_of(
    conn: sqlite3.Connection, table: str, column: str, owners: list[str]
) -> dict[str, Tags]:
    pairs: dict[str, list[tuple[str, str]]] = {}
    for chunk in _chunks(owners):
        rows = conn.execute(
            f"SELECT x.{column}, t.key, t.name FROM {table} x JOIN tags t ON t.id = x.tag_id "
            f"WHERE x.{column} IN ({', '.join('?' * len(chunk))})",
            chunk,
        )
        for owner, key, name in rows:
            pairs.setdefault(str(owner), []).append((str(key), str(name)))
    return {owner: Tags.of(found) for owner, found in pairs.items()}


def _chunks(keys: list[str], size: int = 500) -> list[list[str]]:
    return [keys[at : at + size] for at in range(0, len(keys), size)]


def read_all(conn: sqlite3.Connection) -> Snapshot:
    """Every synced record of this store: what two stores that synced must agree on."""
    snap = Snapshot()
    states = conn.execute(
        "SELECT article_id FROM article_state WHERE location != 'inbox' OR read OR progress "
        "OR position UNION SELECT article_id FROM article_tags ORDER BY 1"
    ).fetchall()
    for (article_id,) in states:
        snap.articles[str(article_id)] = read_article(conn, str(article_id))
    for (highlight_id,) in conn.execute("SELECT id FROM highlights ORDER BY id").fetchall():
        found = read_highlight(conn, str(highlight_id))
        if found is not None:
            snap.highlights[str(highlight_id)] = found
    for (bookmark_id,) in conn.execute("SELECT id FROM bookmarks ORDER BY id").fetchall():
        mark = read_bookmark(conn, str(bookmark_id))
        if mark is not None:
            snap.bookmarks[str(bookmark_id)] = mark
    for url, title in conn.execute("SELECT url, title FROM feeds ORDER BY url").fetchall():
        snap.feeds[str(url)] = str(title)
    return snap
