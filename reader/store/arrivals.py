"""When each imported article was saved: its `added` time, as the service it came from says.

The list sorts by `added` (newest first), so a Pocket library saved over ten years must keep the
dates Pocket recorded, not the moment of the import. An import's date wins only when it is
earlier than the one the store has (the article was saved elsewhere before reader first saw it);
the change is recorded in the import's batch, so `reader import --undo` puts the old date back.
"""

from __future__ import annotations

import sqlite3

from reader.store.connection import Database
from reader.store.db import utc_now
from reader.store.imports import ImportBatch, Imports
from reader.store.undo import Snapshot

#: The import log's name for a changed `added` time.
KIND = "added"
#: Articles per query, and per record of the import's batch.
CHUNK = 500


class Arrivals:
    """The `added_at` column of `article_state`, as imports claim it."""

    def __init__(self, db: Database, imports: Imports) -> None:
        self._db = db
        imports.register(KIND, _revert)

    def merge(self, dates: dict[str, str], batch: ImportBatch) -> int:
        """Take each claimed date (ISO 8601 UTC) that is earlier than the article's own;
        returns how many articles changed."""
        ids = list(dates)
        with self._db.write() as conn:
            had: dict[str, str | None] = {}
            for start in range(0, len(ids), CHUNK):
                part = ids[start : start + CHUNK]
                marks = ", ".join("?" * len(part))
                had.update(
                    conn.execute(
                        f"SELECT article_id, added_at FROM article_state WHERE article_id IN "
                        f"({marks})",
                        part,
                    ).fetchall()
                )
            now = utc_now()
            new = [(key, dates[key], now) for key in ids if key not in had]
            earlier = [
                (dates[key], key) for key, was in had.items() if was is None or dates[key] < was
            ]
            conn.executemany(
                "INSERT INTO article_state (article_id, added_at, updated_at) VALUES (?, ?, ?)", new
            )
            conn.executemany("UPDATE article_state SET added_at = ? WHERE article_id = ?", earlier)
            changed = [key for key, _when, _now in new] + [key for _when, key in earlier]
            for start in range(0, len(changed), CHUNK):
                part = changed[start : start + CHUNK]
                before = {"added": {key: had.get(key) for key in part}}
                batch.record(conn, KIND, part[0], before, {"added": {k: dates[k] for k in part}})
        return len(changed)


def _revert(conn: sqlite3.Connection, target: str, before: Snapshot, after: Snapshot) -> bool:
    """Put the earlier `added` times back, where the articles still have the ones the import
    gave; False when none does."""
    del target
    was = (before or {}).get("added", {})
    put = 0
    for key, given in (after or {}).get("added", {}).items():
        row = conn.execute(
            "SELECT added_at FROM article_state WHERE article_id = ?", (key,)
        ).fetchone()
        if row is None or row[0] != given:
            continue
        conn.execute(
            "UPDATE article_state SET added_at = ? WHERE article_id = ?",
            (was.get(key) or utc_now(), key),
        )
        put += 1
    return put > 0
