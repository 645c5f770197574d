"""Rows a merge changes, gathered and written a batch at a time.

Why: a first sync writes tens of thousands of articles and highlights, and one statement per
row (an upsert, a read of the tags, a delete or insert per tag) was 170,000 statements and most
of the far side's time. `RowWrites` gathers a part's records and writes each kind of change with
one `executemany`. It writes inside the sync's one transaction (`reader.store.sync_log`), so a
merge cut anywhere, in a batch or between two, leaves nothing written; each record is checked
first (`reader.core.sync.records`). Not journalled for `u`: undo is for this machine's changes.

Within a batch each owner (an article, a highlight) comes once: one that comes again flushes
the batch first, so the statements of one batch never depend on their order.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from reader.core.sync.records import (
    NO_TAGS,
    ArticleRecord,
    HighlightRecord,
    Tags,
    checked_article,
    checked_highlight,
)
from reader.store.db import utc_now
from reader.store.sync_rows import HIGHLIGHT_COLUMNS, tags_of

_ARTICLE = (
    "INSERT INTO article_state (article_id, location, read, progress, position, added_at, "
    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (article_id) DO UPDATE SET "
    "location = excluded.location, read = excluded.read, progress = excluded.progress, "
    "position = excluded.position, updated_at = excluded.updated_at"
)
_HIGHLIGHT = (
    f"INSERT INTO highlights (id, {HIGHLIGHT_COLUMNS}, updated) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
    "article_id = excluded.article_id, quote = excluded.quote, "
    "original = excluded.original, prefix = excluded.prefix, suffix = excluded.suffix, "
    "start_offset = excluded.start_offset, end_offset = excluded.end_offset, "
    "color = excluded.color, status = excluded.status, "
    "content_hash = excluded.content_hash, created = excluded.created, "
    "revision = revision + (note != excluded.note), note = excluded.note, "
    "updated = excluded.updated"
)
#: A tag's table, and the column naming what it is on.
_OWNERS = {"article_tags": "article_id", "highlight_tags": "highlight_id"}


class RowWrites:
    """Articles' states and highlights to write, with their tags; `flush` writes them."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._clear()

    def _clear(self) -> None:
        self._articles: list[tuple[object, ...]] = []
        self._highlights: list[tuple[object, ...]] = []
        self._gone: list[tuple[str]] = []
        self._untag: dict[str, list[tuple[str, str]]] = {table: [] for table in _OWNERS}
        self._tag: dict[str, list[tuple[str, str]]] = {table: [] for table in _OWNERS}
        #: Tags to create if missing: key -> the name it came with (the first one).
        self._names: dict[str, str] = {}
        #: Tags a write took a use of: dropped at the flush if nothing uses them any more.
        self._loose: set[str] = set()
        self._owners: set[tuple[str, str]] = set()

    def article(self, article_id: str, record: ArticleRecord, have: Tags | None = None) -> None:
        """Make the store's state of an article what `record` says (checked first); `have`:
        its tags here now (read if not given)."""
        safe = checked_article(record)
        self._owner("article_tags", article_id)
        now = utc_now()
        self._articles.append(
            (article_id, safe.location, int(safe.read), safe.progress, safe.position, now, now)
        )
        self._tags("article_tags", article_id, safe.tags, have)

    def highlight(
        self, highlight_id: str, record: HighlightRecord | None, have: Tags | None = None
    ) -> None:
        """Make the store's highlight what `record` says: written, or deleted when it is."""
        self._owner("highlight_tags", highlight_id)
        if record is None or record.deleted:
            self._gone.append((highlight_id,))
            self._tags("highlight_tags", highlight_id, NO_TAGS, have)
            return
        safe = checked_highlight(record)
        now = utc_now()
        self._highlights.append(
            (
                highlight_id, safe.article, safe.quote, safe.original, safe.prefix,
                safe.suffix, safe.start, safe.end, safe.color, safe.status,
                safe.content_hash, safe.created or now, safe.note, now,
            )
        )  # fmt: skip
        self._tags("highlight_tags", highlight_id, safe.tags, have)

    def flush(self) -> None:
        """Write everything gathered (inside the caller's transaction)."""
        run = self._run
        run(_ARTICLE, self._articles)
        run("DELETE FROM highlights WHERE id = ?", self._gone)
        run("DELETE FROM highlight_tags WHERE highlight_id = ?", self._gone)
        run(_HIGHLIGHT, self._highlights)
        for table, column in _OWNERS.items():
            run(
                f"DELETE FROM {table} WHERE {column} = ? AND tag_id = "
                "(SELECT id FROM tags WHERE key = ?)",
                self._untag[table],
            )
        now = utc_now()
        run(
            "INSERT INTO tags (key, name, created) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING",
            [(key, name, now) for key, name in self._names.items()],
        )
        for table, column in _OWNERS.items():
            run(
                f"INSERT OR IGNORE INTO {table} ({column}, tag_id) "
                "SELECT ?, id FROM tags WHERE key = ?",
                self._tag[table],
            )
        run(
            "DELETE FROM tags WHERE key = ? AND NOT EXISTS (SELECT 1 FROM article_tags a "
            "WHERE a.tag_id = tags.id) AND NOT EXISTS (SELECT 1 FROM highlight_tags h "
            "WHERE h.tag_id = tags.id)",
            [(key,) for key in sorted(self._loose)],
        )
        self._clear()

    def _run(self, sql: str, rows: Sequence[tuple[object, ...]]) -> None:
        if rows:  # an empty executemany still prepares its statement
            self._conn.executemany(sql, rows)

    def _owner(self, table: str, owner: str) -> None:
        """Flush first if this owner is in the batch already (its statements would race)."""
        if (table, owner) in self._owners:
            self.flush()
        self._owners.add((table, owner))

    def _tags(self, table: str, owner: str, tags: Tags, have: Tags | None) -> None:
        """Put exactly `tags` on `owner`; a tag new here is made with the name it came with.
        A tag that loses a use is dropped at the flush if it has none left: left on nothing
        by a change made elsewhere, it would linger in the tag list here."""
        if have is None:
            have = tags_of(self._conn, table, _OWNERS[table], [owner]).get(owner, NO_TAGS)
        wanted = dict(tags.pairs)
        had = set(have.tag_keys())
        for key in sorted(had - wanted.keys()):
            self._untag[table].append((owner, key))
            self._loose.add(key)
        for key in sorted(wanted.keys() - had):
            self._names.setdefault(key, wanted[key])
            self._tag[table].append((owner, key))
