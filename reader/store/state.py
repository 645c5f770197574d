"""What reader remembers about each article: where you were, bookmarks, highlights and notes.

`Store` is the only way the UI and the CLI touch the database, so the schema can grow without
either of them changing (highlight methods live in `reader.store.highlights`, mixed in here). It is
safe to call from a worker thread: one lock serialises use of the single connection, and every
write is one `BEGIN IMMEDIATE … COMMIT`, so a crash or a second reader process never sees half a
change, and two processes writing at once wait for each other instead of failing.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from reader.core.files import ensure_private_dir
from reader.store import backup
from reader.store.db import DAMAGED_ADVICE, StoreError, connect, connect_memory, utc_now
from reader.store.feeds import FeedsMixin
from reader.store.highlights import HighlightsMixin, UndoConflict, loads, new_id, undo_highlight

__all__ = ["DB_FILENAME", "Bookmark", "Store", "StoreError", "utc_now"]

#: The database file inside the data folder.
DB_FILENAME = "reader.sqlite3"

#: Seconds to keep retrying `BEGIN IMMEDIATE` while other processes hold the write lock, on top
#: of SQLite's own busy timeout: a long burst elsewhere must delay a save, never lose it.
WRITE_PATIENCE = 30.0


@dataclass(frozen=True, slots=True)
class Bookmark:
    id: str
    article_id: str
    position: int
    label: str
    created: str


class Store(HighlightsMixin, FeedsMixin):
    """Reading state, bookmarks, highlights, notes, settings and feeds, backed by SQLite."""

    #: How write transactions begin. Only tests change it, to show what DEFERRED would break.
    _begin = "BEGIN IMMEDIATE"

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None) -> None:
        self._conn = conn
        self._lock = threading.Lock()
        #: The database file, or None for an in-memory store (nothing survives `close`).
        self.path = path
        #: Undo only ever reverts changes made through this object (this window, this process).
        self._session = new_id()
        self._data_version = self._version()
        #: Problems worth telling the user that did not stop the store (a failed backup).
        self.warnings: list[str] = []

    @classmethod
    def open(cls, data_dir: Path) -> Store:
        """The store in `data_dir`, creating the folder (0700) and database (0600) if needed."""
        try:
            folder = ensure_private_dir(Path(data_dir))
        except OSError as error:
            raise StoreError(f"cannot create the data folder {data_dir}: {error}") from error
        path = folder / DB_FILENAME
        store = cls(connect(path), path)
        try:
            with store._lock:
                backup.backup_if_due(store._conn, folder)
        except (OSError, sqlite3.Error) as error:
            store.warnings.append(f"could not back up {path}: {error}")
        return store

    @staticmethod
    def restore_latest_backup(data_dir: Path) -> backup.Restored:
        """Replace the database with its newest intact backup; the current file is moved aside.

        Meant for when `Store.open` refused a damaged database; no store may be open on it.
        """
        return backup.restore_latest(Path(data_dir), DB_FILENAME)

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
        """Bookmark the article, or remove its bookmarks; returns whether it is bookmarked now."""
        with self._write() as conn:
            existing = conn.execute(
                f"SELECT {_BOOKMARK} FROM bookmarks WHERE article_id = ?", (article_id,)
            ).fetchall()
            if existing:
                conn.execute("DELETE FROM bookmarks WHERE article_id = ?", (article_id,))
                for row in existing:
                    self._journal(conn, "bookmark", row[0], _bookmark_dict(row), None, "unbookmark")
                return False
            self._add_bookmark(conn, article_id, position, label)
            return True

    def add_bookmark(self, article_id: str, position: int = 0, label: str = "") -> Bookmark:
        """A bookmark at a position; an article can have several."""
        with self._write() as conn:
            return self._add_bookmark(conn, article_id, position, label)

    def delete_bookmark(self, bookmark_id: str) -> bool:
        with self._write() as conn:
            row = conn.execute(
                f"SELECT {_BOOKMARK} FROM bookmarks WHERE id = ?", (bookmark_id,)
            ).fetchone()
            if row is None:
                return False
            conn.execute("DELETE FROM bookmarks WHERE id = ?", (bookmark_id,))
            self._journal(conn, "bookmark", bookmark_id, _bookmark_dict(row), None, "unbookmark")
            return True

    def bookmarks(self, article_id: str | None = None) -> list[Bookmark]:
        """Bookmarks of one article, or of all, by article then position."""
        where, params = ("WHERE article_id = ?", (article_id,)) if article_id else ("", ())
        rows = self._all(
            f"SELECT {_BOOKMARK} FROM bookmarks {where} ORDER BY article_id, position, created, id",
            params,
        )
        return [Bookmark(str(r[0]), str(r[1]), int(r[2]), str(r[3]), str(r[4])) for r in rows]

    def bookmarked_ids(self) -> set[str]:
        return {row[0] for row in self._all("SELECT DISTINCT article_id FROM bookmarks")}

    def _add_bookmark(
        self, conn: sqlite3.Connection, article_id: str, position: int, label: str
    ) -> Bookmark:
        made = Bookmark(new_id(), article_id, max(0, int(position)), label, utc_now())
        conn.execute(
            f"INSERT INTO bookmarks ({_BOOKMARK}) VALUES (?, ?, ?, ?, ?)",
            (made.id, made.article_id, made.position, made.label, made.created),
        )
        self._journal(conn, "bookmark", made.id, None, _bookmark_dict(made), "bookmark")
        return made

    def undo(self) -> str | None:
        """Undo this session's last annotation change; returns what was undone, None if nothing.

        Raises `UndoConflict` (and forgets that step) when another session has changed the same
        highlight or bookmark since: putting the old version back would lose their change.
        """
        with self._write() as conn:
            entry = conn.execute(
                "SELECT seq, description, kind, target, before, after FROM undo_journal "
                "WHERE session = ? ORDER BY seq DESC LIMIT 1",
                (self._session,),
            ).fetchone()
            if entry is None:
                return None
            seq, description, kind, target, before, after = entry
            conn.execute("DELETE FROM undo_journal WHERE seq = ?", (seq,))
            undo = undo_highlight if kind == "highlight" else _undo_bookmark
            undone = undo(conn, str(target), loads(before), loads(after))
        if not undone:  # the step is forgotten (committed above) either way
            raise UndoConflict(f"cannot undo the {description}: changed elsewhere since")
        return str(description)

    # Other sessions ----------------------------------------------------------------------

    def changed_externally(self) -> bool:
        """Whether another process committed a change since the last call (cheap: poll it).

        SQLite bumps `PRAGMA data_version` only for other connections' commits, so our own
        writes never make the UI reload.
        """
        version = self._version()
        changed = version != self._data_version
        self._data_version = version
        return changed

    def _version(self) -> int:
        row = self._one("PRAGMA data_version")
        return int(row[0]) if row else 0

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
                self._begin_write()
                try:
                    yield self._conn
                    self._conn.execute("COMMIT")
                except BaseException:
                    if self._conn.in_transaction:
                        self._conn.execute("ROLLBACK")
                    raise
            except sqlite3.Error as error:
                raise self._error(error) from error

    def _begin_write(self) -> None:
        """Take the write lock, waiting out other processes' bursts for up to `WRITE_PATIENCE`.

        Only the BEGIN is retried: nothing has been done yet, so trying again is always safe.
        """
        deadline = time.monotonic() + WRITE_PATIENCE
        while True:
            try:
                self._conn.execute(self._begin)
                return
            except sqlite3.OperationalError as error:
                busy = "locked" in str(error) or "busy" in str(error)
                if not busy or time.monotonic() > deadline:
                    raise
            time.sleep(0.01)

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """The connection for reading, holding the lock; SQLite errors become `StoreError`."""
        with self._lock:
            try:
                yield self._conn
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
        if isinstance(error, sqlite3.DatabaseError) and "malformed" in str(error):
            return StoreError(f"{self.path} is damaged ({error}); {DAMAGED_ADVICE}")
        where = str(self.path) if self.path else "the in-memory database"
        return StoreError(f"database error in {where}: {error}")


_BOOKMARK = "id, article_id, position, label, created"


def _bookmark_dict(value: Bookmark | tuple[Any, ...]) -> dict[str, Any]:
    row = (
        (value.id, value.article_id, value.position, value.label, value.created)
        if isinstance(value, Bookmark)
        else value
    )
    return dict(zip(("id", "article_id", "position", "label", "created"), row, strict=True))


def _undo_bookmark(
    conn: sqlite3.Connection,
    target: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> bool:
    exists = conn.execute("SELECT 1 FROM bookmarks WHERE id = ?", (target,)).fetchone()
    if after is None:
        if exists or before is None:
            return False
        conn.execute(
            "INSERT INTO bookmarks (id, article_id, position, label, created) "
            "VALUES (:id, :article_id, :position, :label, :created)",
            before,
        )
        return True
    if not exists:
        return False
    conn.execute("DELETE FROM bookmarks WHERE id = ?", (target,))
    return True
