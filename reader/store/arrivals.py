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


class Arrivals:
    """The `added_at` column of `article_state`, as imports claim it."""

    def __init__(self, db: Database, imports: Imports) -> None:
        self._db = db
        imports.register(KIND, _revert)

    def merge(self, dates: dict[str, str], batch: ImportBatch) -> int:
        """Take each claimed date (ISO 8601 UTC) that is earlier than the article's own;
        returns how many articles changed."""
        changed = 0
        with self._db.write() as conn:
            for article_id, when in dates.items():
                row = conn.execute(
                    "SELECT added_at FROM article_state WHERE article_id = ?", (article_id,)
                ).fetchone()
                if row is None:
                    conn.execute(
                        "INSERT INTO article_state (article_id, added_at, updated_at) "
                        "VALUES (?, ?, ?)",
                        (article_id, when, utc_now()),
                    )
                elif row[0] is None or when < str(row[0]):
                    conn.execute(
                        "UPDATE article_state SET added_at = ? WHERE article_id = ?",
                        (when, article_id),
                    )
                else:
                    continue
                before = {"added": row[0] if row else None}
                batch.record(conn, KIND, article_id, before, {"added": when})
                changed += 1
        return changed


def _revert(conn: sqlite3.Connection, target: str, before: Snapshot, after: Snapshot) -> bool:
    """Put the earlier `added` time back, if the article still has the one the import gave."""
    row = conn.execute(
        "SELECT added_at FROM article_state WHERE article_id = ?", (target,)
    ).fetchone()
    if row is None or after is None or row[0] != after.get("added"):
        return False
    conn.execute(
        "UPDATE article_state SET added_at = ? WHERE article_id = ?",
        ((before or {}).get("added") or utc_now(), target),
    )
    return True
