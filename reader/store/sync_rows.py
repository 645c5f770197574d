"""The store's rows as sync records, and sync records written back as rows.

Reading and writing go through the same record types the CRDT document uses
(`reader.core.sync.records`), so after a sync the rows and the document agree field for field.
Writes happen inside the sync's one transaction (`reader.store.sync_log`); they are not
journalled for `u` (undo is for this machine's own changes), and what arrived was checked first.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from reader.core.sync.records import (
    NO_TAGS,
    ArticleRecord,
    BookmarkRecord,
    HighlightRecord,
    Snapshot,
    Tags,
    checked_article,
    checked_bookmark,
    checked_feed,
    checked_highlight,
)
from reader.store.db import utc_now

_HIGHLIGHT = (
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
    tags = _tags_of(conn, "article_tags", "article_id", article_ids)
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
    tags = _tags_of(conn, "highlight_tags", "highlight_id", highlight_ids)
    for chunk in _chunks(highlight_ids):
        rows = conn.execute(
            f"SELECT id, {_HIGHLIGHT} FROM highlights WHERE id IN ({', '.join('?' * len(chunk))})",
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


def write_article(conn: sqlite3.Connection, article_id: str, record: ArticleRecord) -> None:
    """Make the store's state of an article what `record` says (checked first)."""
    safe = checked_article(record)
    now = utc_now()
    conn.execute(
        "INSERT INTO article_state (article_id, location, read, progress, position, added_at, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (article_id) DO UPDATE SET "
        "location = excluded.location, read = excluded.read, progress = excluded.progress, "
        "position = excluded.position, updated_at = excluded.updated_at",
        (article_id, safe.location, int(safe.read), safe.progress, safe.position, now, now),
    )
    _write_tags(conn, "article_tags", "article_id", article_id, safe.tags)


def write_highlight(
    conn: sqlite3.Connection, highlight_id: str, record: HighlightRecord | None
) -> None:
    """Make the store's highlight what `record` says: written, or deleted when it is."""
    if record is None or record.deleted:
        keys = _tags(conn, "highlight_tags", "highlight_id", highlight_id).tag_keys()
        conn.execute("DELETE FROM highlights WHERE id = ?", (highlight_id,))
        conn.execute("DELETE FROM highlight_tags WHERE highlight_id = ?", (highlight_id,))
        _drop_unused(conn, keys)
        return
    safe = checked_highlight(record)
    now = utc_now()
    conn.execute(
        f"INSERT INTO highlights (id, {_HIGHLIGHT}, updated) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
        "article_id = excluded.article_id, quote = excluded.quote, "
        "original = excluded.original, prefix = excluded.prefix, suffix = excluded.suffix, "
        "start_offset = excluded.start_offset, end_offset = excluded.end_offset, "
        "color = excluded.color, status = excluded.status, "
        "content_hash = excluded.content_hash, created = excluded.created, "
        "revision = revision + (note != excluded.note), note = excluded.note, "
        "updated = excluded.updated",
        (
            highlight_id,
            safe.article,
            safe.quote,
            safe.original,
            safe.prefix,
            safe.suffix,
            safe.start,
            safe.end,
            safe.color,
            safe.status,
            safe.content_hash,
            safe.created or now,
            safe.note,
            now,
        ),
    )
    _write_tags(conn, "highlight_tags", "highlight_id", highlight_id, safe.tags)


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


def _tags_of(
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


def _write_tags(conn: sqlite3.Connection, table: str, column: str, owner: str, tags: Tags) -> None:
    """Put exactly `tags` on `owner`; a tag new here is created with the name it came with."""
    wanted = dict(tags.pairs)
    have = set(_tags(conn, table, column, owner).tag_keys())
    for key in have - wanted.keys():
        conn.execute(
            f"DELETE FROM {table} WHERE {column} = ? AND tag_id = "
            "(SELECT id FROM tags WHERE key = ?)",
            (owner, key),
        )
    _drop_unused(conn, have - wanted.keys())
    _add_tags(conn, table, column, owner, ((key, wanted[key]) for key in wanted.keys() - have))


def _drop_unused(conn: sqlite3.Connection, keys: Iterable[str]) -> None:
    """Remove the tags a sync took the last use of: left on nothing by a change made elsewhere,
    a tag would linger in the tag list here with no uses."""
    for key in keys:
        conn.execute(
            "DELETE FROM tags WHERE key = ? AND NOT EXISTS (SELECT 1 FROM article_tags a "
            "WHERE a.tag_id = tags.id) AND NOT EXISTS (SELECT 1 FROM highlight_tags h "
            "WHERE h.tag_id = tags.id)",
            (key,),
        )


def _add_tags(
    conn: sqlite3.Connection,
    table: str,
    column: str,
    owner: str,
    tags: Iterable[tuple[str, str]],
) -> None:
    for key, name in tags:
        conn.execute(
            "INSERT INTO tags (key, name, created) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING",
            (key, name, utc_now()),
        )
        conn.execute(
            f"INSERT OR IGNORE INTO {table} ({column}, tag_id) "
            "SELECT ?, id FROM tags WHERE key = ?",
            (owner, key),
        )


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
