"""Reading state per article: where reading stopped, when it was opened, whether it was read.

These are the small facts the reading pane restores on every open; they are not journalled, and
a missing row means "never opened". The library's view of the same rows (location, read state
as the user changes it, progress, batches, undo) is `reader.store.library`; `set_read` here is
the old single-article form, kept for callers that mark one article without undo.
"""

from __future__ import annotations

from reader.store.connection import Database
from reader.store.db import utc_now


class ReadingState:
    """The article_state table: position, opened time and read flag of each article."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def position(self, article_id: str) -> int:
        """The saved reading position (a character offset into the body), 0 if none."""
        row = self._db.one("SELECT position FROM article_state WHERE article_id = ?", (article_id,))
        return int(row[0]) if row else 0

    def set_position(self, article_id: str, offset: int) -> None:
        """Remember where reading stopped; negative offsets are stored as 0."""
        self._upsert(article_id, "position", max(0, int(offset)))

    def mark_opened(self, article_id: str) -> None:
        """Record that the article was just opened (for "recently read" views)."""
        now = utc_now()
        self._upsert(article_id, "opened_at", now, now)

    def is_read(self, article_id: str) -> bool:
        row = self._db.one("SELECT read FROM article_state WHERE article_id = ?", (article_id,))
        return bool(row and row[0])

    def set_read(self, article_id: str, read: bool = True) -> None:
        self._upsert(article_id, "read", int(bool(read)))

    def read_ids(self) -> set[str]:
        """The articles marked read."""
        rows = self._db.rows("SELECT article_id FROM article_state WHERE read")
        return {str(row[0]) for row in rows}

    def _upsert(self, article_id: str, column: str, value: object, now: str = "") -> None:
        """Set one column of the article's row (creating the row: first seen now), stamping
        `updated_at`."""
        stamp = now or utc_now()
        with self._db.write() as conn:
            conn.execute(
                f"INSERT INTO article_state (article_id, {column}, updated_at, added_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (article_id) DO UPDATE "
                f"SET {column} = excluded.{column}, updated_at = excluded.updated_at",
                (article_id, value, stamp, stamp),
            )
