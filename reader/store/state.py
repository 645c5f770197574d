"""What reader remembers about each article: where you were, whether you finished, bookmarks.

`Store` is the only way the UI and the CLI touch the database, so the schema can grow (highlights
and notes come next, in this same class) without either of them changing. It is safe to call from
a worker thread: one lock serialises use of the single connection, and every write is one
`BEGIN IMMEDIATE … COMMIT`, so a crash or a second reader process never sees half a change.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from reader.store.db import StoreError, connect, connect_memory
from reader.store.dirs import ensure_private_dir

#: The database file inside the data folder.
DB_FILENAME = "reader.sqlite3"


def utc_now() -> str:
    """The current time as ISO 8601 UTC, the one timestamp format in the database."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """Per-article reading state, bookmarks and settings, backed by SQLite."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None) -> None:
        self._conn = conn
        self._lock = threading.Lock()
        #: The database file, or None for an in-memory store (nothing survives `close`).
        self.path = path

    @classmethod
    def open(cls, data_dir: Path) -> Store:
        """The store in `data_dir`, creating the folder (0700) and database (0600) if needed."""
        try:
            folder = ensure_private_dir(Path(data_dir))
        except OSError as error:
            raise StoreError(f"cannot create the data folder {data_dir}: {error}") from error
        path = folder / DB_FILENAME
        return cls(connect(path), path)

    @classmethod
    def memory(cls) -> Store:
        """A store that forgets everything on exit.

        The UI falls back to it when the real database cannot be opened, so articles stay
        readable and the problem is reported once instead of breaking every action.
        """
        return cls(connect_memory())

    @property
    def is_memory(self) -> bool:
        return self.path is None

    # Reading state -----------------------------------------------------------------------

    def position(self, article_id: str) -> int:
        """The saved reading position (a character offset into the body), 0 if none."""
        row = self._one("SELECT position FROM article_state WHERE article_id = ?", (article_id,))
        return int(row[0]) if row else 0

    def set_position(self, article_id: str, offset: int) -> None:
        """Remember where reading stopped; negative offsets are stored as 0."""
        now = utc_now()
        with self._write() as conn:
            conn.execute(
                "INSERT INTO article_state (article_id, position, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (article_id) DO UPDATE "
                "SET position = excluded.position, updated_at = excluded.updated_at",
                (article_id, max(0, int(offset)), now),
            )

    def mark_opened(self, article_id: str) -> None:
        """Record that the article was just opened (for "recently read" views)."""
        now = utc_now()
        with self._write() as conn:
            conn.execute(
                "INSERT INTO article_state (article_id, opened_at, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (article_id) DO UPDATE "
                "SET opened_at = excluded.opened_at, updated_at = excluded.updated_at",
                (article_id, now, now),
            )

    def is_read(self, article_id: str) -> bool:
        row = self._one("SELECT read FROM article_state WHERE article_id = ?", (article_id,))
        return bool(row and row[0])

    def set_read(self, article_id: str, read: bool = True) -> None:
        now = utc_now()
        with self._write() as conn:
            conn.execute(
                "INSERT INTO article_state (article_id, read, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (article_id) DO UPDATE "
                "SET read = excluded.read, updated_at = excluded.updated_at",
                (article_id, int(bool(read)), now),
            )

    def read_ids(self) -> set[str]:
        return {row[0] for row in self._all("SELECT article_id FROM article_state WHERE read")}

    # Bookmarks ---------------------------------------------------------------------------

    def toggle_bookmark(self, article_id: str, position: int = 0, label: str = "") -> bool:
        """Bookmark the article, or remove its bookmark; returns whether it is bookmarked now.

        For now an article has at most one bookmark; the table already allows several so that
        position bookmarks can come later without a migration.
        """
        with self._write() as conn:
            existing = conn.execute(
                "SELECT 1 FROM bookmarks WHERE article_id = ? LIMIT 1", (article_id,)
            ).fetchone()
            if existing:
                conn.execute("DELETE FROM bookmarks WHERE article_id = ?", (article_id,))
                return False
            conn.execute(
                "INSERT INTO bookmarks (id, article_id, position, label, created) "
                "VALUES (?, ?, ?, ?, ?)",
                (os.urandom(16).hex(), article_id, max(0, int(position)), label, utc_now()),
            )
            return True

    def bookmarked_ids(self) -> set[str]:
        return {row[0] for row in self._all("SELECT DISTINCT article_id FROM bookmarks")}

    # Highlights --------------------------------------------------------------------------

    def highlight_counts(self) -> dict[str, int]:
        """Number of highlights per article id.

        Always empty until the highlights table exists (next schema version); callers can
        already use it, so `reader list` and the article list need no change when it arrives.
        """
        return {}

    # Settings ----------------------------------------------------------------------------

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self._one("SELECT value FROM settings WHERE key = ?", (key,))
        return str(row[0]) if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, str(value)),
            )

    # Lifetime ----------------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # Plumbing ----------------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, holding the lock; SQLite errors become `StoreError`."""
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self._conn
                    self._conn.execute("COMMIT")
                except BaseException:
                    if self._conn.in_transaction:
                        self._conn.execute("ROLLBACK")
                    raise
            except sqlite3.Error as error:
                raise self._error(error) from error

    def _one(self, sql: str, params: tuple[object, ...] = ()) -> tuple[Any, ...] | None:
        with self._lock:
            try:
                row: tuple[Any, ...] | None = self._conn.execute(sql, params).fetchone()
            except sqlite3.Error as error:
                raise self._error(error) from error
        return row

    def _all(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[str, ...]]:
        with self._lock:
            try:
                rows: list[tuple[str, ...]] = self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as error:
                raise self._error(error) from error
        return rows

    def _error(self, error: sqlite3.Error) -> StoreError:
        where = str(self.path) if self.path else "the in-memory database"
        return StoreError(f"database error in {where}: {error}")
