"""The one SQLite connection of a store, and the only way its repositories touch it.

Every repository of a `Store` (highlights, bookmarks, reading state, feeds) is handed the same
`Database`, so one lock serialises use of the single connection and the store is safe to call
from a worker thread. Every write is one `BEGIN IMMEDIATE … COMMIT`: a crash or a second reader
process never sees half a change, and two processes writing at once wait for each other instead of
failing. A write opened inside another write of the same thread joins it as a savepoint, so a
change spanning several repositories (an import) is still one transaction.

A write waiting for another process's lock does not hold the connection while it waits: it tries
`BEGIN IMMEDIATE` without SQLite's busy wait, and sleeps between tries with the lock released, so
reads from other threads (the app's, drawing what the user asked for) go on meanwhile: in WAL mode
they never wait for another process's writer.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from reader.store import backup
from reader.store.db import BUSY_TIMEOUT_MS, DAMAGED_ADVICE, StoreError
from reader.store.errors import DiskFull, is_disk_full

#: Seconds to keep retrying `BEGIN IMMEDIATE` while other processes hold the write lock, on top
#: of SQLite's own busy timeout: a long burst elsewhere must delay a save, never lose it.
WRITE_PATIENCE = 30.0
#: Seconds between two tries at the write lock while another process holds it.
RETRY_INTERVAL = 0.01


class Database:
    """One open SQLite connection with its lock, transactions and error wording."""

    #: How write transactions begin. Only tests change it, to show what DEFERRED would break.
    _begin = "BEGIN IMMEDIATE"

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None) -> None:
        self._conn = conn
        self._lock = threading.RLock()
        #: The database file, or None for an in-memory database (nothing survives `close`).
        self.path = path
        #: The thread whose write transaction is open: a write it opens inside is a savepoint.
        self._writer: int | None = None
        #: Savepoints open inside that transaction (their names).
        self._depth = 0
        self._data_version = self._version()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, holding the lock; SQLite errors become `StoreError`.

        Inside another `write` of the same thread it is a savepoint of that transaction: its
        failure undoes only its own changes, and nothing is committed before the outer one ends.
        """
        try:
            if self._writer == threading.get_ident():
                with self._lock, self._savepoint():
                    yield self._conn
            else:
                with self._transaction():
                    yield self._conn
        except sqlite3.Error as error:
            raise self._error(error) from error

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """The connection for reading, holding the lock; SQLite errors become `StoreError`."""
        with self._lock:
            try:
                yield self._conn
            except sqlite3.Error as error:
                raise self._error(error) from error

    def one(self, sql: str, params: tuple[object, ...] = ()) -> tuple[Any, ...] | None:
        """The first row of a query, or None."""
        with self.read() as conn:
            row: tuple[Any, ...] | None = conn.execute(sql, params).fetchone()
        return row

    def rows(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        """Every row of a query."""
        with self.read() as conn:
            found: list[tuple[Any, ...]] = conn.execute(sql, params).fetchall()
        return found

    def changed_externally(self) -> bool:
        """Whether another process committed a change since the last call (cheap: poll it).

        SQLite bumps `PRAGMA data_version` only for other connections' commits, so our own
        writes never make the UI reload.
        """
        version = self._version()
        changed = version != self._data_version
        self._data_version = version
        return changed

    def back_up_if_due(self, data_dir: Path) -> None:
        """Copy the database into `data_dir`'s backups if the newest is a day old (`backup`).

        Errors are left as they are (OSError, sqlite3.Error): a failed backup is a warning.
        """
        with self._lock:
            backup.backup_if_due(self._conn, data_dir)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def _error(self, error: sqlite3.Error) -> StoreError:
        """The `StoreError` to raise for a SQLite error: which file, and what the user can do."""
        if self.path is not None and is_disk_full(error, self.path):
            return DiskFull(self.path)
        if isinstance(error, sqlite3.DatabaseError) and "malformed" in str(error):
            return StoreError(f"{self.path} is damaged ({error}); {DAMAGED_ADVICE}")
        where = str(self.path) if self.path else "the in-memory database"
        return StoreError(f"database error in {where}: {error}")

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """BEGIN … COMMIT holding the lock (taken by `_begin_write`); rolled back on any
        exception."""
        self._begin_write()
        self._writer = threading.get_ident()
        try:
            yield
            self._conn.execute("COMMIT")
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise
        finally:
            self._writer = None
            self._lock.release()

    @contextmanager
    def _savepoint(self) -> Iterator[None]:
        """A savepoint inside this thread's open transaction: undone alone on any exception."""
        self._depth += 1
        name = f"nested{self._depth}"
        self._conn.execute(f"SAVEPOINT {name}")
        try:
            yield
            self._conn.execute(f"RELEASE {name}")
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute(f"ROLLBACK TO {name}")
                self._conn.execute(f"RELEASE {name}")
            raise
        finally:
            self._depth -= 1

    def _begin_write(self) -> None:
        """Begin a write transaction and return holding the lock, waiting out other processes'
        bursts for up to `WRITE_PATIENCE`.

        Each try is `BEGIN IMMEDIATE` without SQLite's busy wait; between tries the lock is let
        go, so other threads read meanwhile. Only the BEGIN is retried: nothing has been done yet,
        so trying again is always safe.
        """
        deadline = time.monotonic() + WRITE_PATIENCE
        while True:
            self._lock.acquire()
            try:
                began = self._try_begin(last=time.monotonic() > deadline)
            except BaseException:
                self._lock.release()
                raise
            if began:
                return
            self._lock.release()
            time.sleep(RETRY_INTERVAL)

    def _try_begin(self, last: bool) -> bool:
        """One try at `BEGIN IMMEDIATE`; False when another process holds the lock, unless this
        is the `last` try (then its error is raised)."""
        self._conn.execute("PRAGMA busy_timeout = 0")
        try:
            self._conn.execute(self._begin)
        except sqlite3.OperationalError as error:
            busy = "locked" in str(error) or "busy" in str(error)
            if not busy or last:
                raise
            return False
        finally:
            self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
        return True

    def _version(self) -> int:
        row = self.one("PRAGMA data_version")
        return int(row[0]) if row else 0
