"""Opening reader's SQLite database and bringing its schema up to date.

The schema is a numbered list of migrations (`reader.store.migrations`): `PRAGMA user_version`
records how many have run, so an old database is upgraded step by step and a database from a
newer reader is refused instead of being damaged. A file that is not a database is never touched:
it may be something the user cares about that happens to sit where we expected our file.

Connections run in autocommit mode (`isolation_level=None`): every write is an explicit
`BEGIN IMMEDIATE … COMMIT`, which takes the write lock up front so two readers running at once wait
for each other (`busy_timeout`) instead of failing half-way through.
"""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

from reader.store.errors import DiskFull, UnsafeDataDir, is_disk_full
from reader.store.errors import StoreError as StoreError
from reader.store.migrations import MIGRATIONS as MIGRATIONS
from reader.store.migrations import Migration as Migration
from reader.store.safety import O_NOFOLLOW, check_own_file, linked_to, refusal

#: Milliseconds a connection waits for another process's write lock before giving up.
BUSY_TIMEOUT_MS = 5000

_SQLITE_HEADER = b"SQLite format 3\x00"

#: What to tell someone whose database cannot be used as it is.
DAMAGED_ADVICE = (
    "it was left untouched: run `reader restore` to go back to the newest backup (the file is "
    "moved aside, not deleted), move it away yourself, or use another --data-dir"
)


def utc_now() -> str:
    """The current time as ISO 8601 UTC, the one timestamp format in the database."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def new_id() -> str:
    """Random ids: two processes (or an import) can never pick the same one."""
    return os.urandom(8).hex()


def connect(path: Path, migrations: list[Migration] | None = None) -> sqlite3.Connection:
    """Open (creating if needed) the database at `path`, migrated to the current schema."""
    path = Path(path)
    _create_private_file(path)
    check_header(path)
    try:
        conn = sqlite3.connect(
            path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
        )
    except sqlite3.Error as error:
        _refuse_if_full(error, path)
        raise StoreError(f"cannot open the database {path}: {error}") from error
    steps = MIGRATIONS if migrations is None else migrations
    try:
        _configure(conn, path, known=len(steps), wal=True)
        migrate(conn, steps, name=str(path))
        _check_writable(conn, str(path))
    except BaseException:
        conn.close()
        raise
    return conn


def connect_memory(migrations: list[Migration] | None = None) -> sqlite3.Connection:
    """A private in-memory database with the current schema, for when the real one is unusable."""
    steps = MIGRATIONS if migrations is None else migrations
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    _configure(conn, None, known=len(steps), wal=False)
    migrate(conn, steps, name="the in-memory database")
    return conn


def schema_version(conn: sqlite3.Connection) -> int:
    """How many migrations this database has had."""
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def migrate(conn: sqlite3.Connection, migrations: list[Migration], name: str = "database") -> None:
    """Run every migration the database has not had yet, each in its own transaction.

    The version is checked again inside each transaction: another reader process may have run the
    same migration while this one waited for the lock.
    """
    try:
        _refuse_newer(schema_version(conn), len(migrations), name)
        for number, step in enumerate(migrations, start=1):
            if schema_version(conn) >= number:
                continue
            conn.execute("BEGIN IMMEDIATE")
            try:
                current = schema_version(conn)
                _refuse_newer(current, len(migrations), name)
                if current < number:
                    _apply(conn, step)
                    conn.execute(f"PRAGMA user_version = {number:d}")
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
    except sqlite3.Error as error:
        _refuse_if_full(error, None if name.startswith("the in-memory") else name)
        raise StoreError(f"cannot update the schema of {name}: {error}") from error


def _refuse_if_full(error: BaseException, path: Path | str | None) -> None:
    """Raise `DiskFull` naming `path` if `error` means the disk has no room left."""
    if is_disk_full(error, path):
        raise DiskFull(path) from error


def _refuse_newer(version: int, known: int, name: str) -> None:
    if version > known:
        raise StoreError(
            f"{name} was written by a newer version of reader (schema {version}, this reader "
            f"knows {known}); upgrade reader, or use another --data-dir"
        )


def _apply(conn: sqlite3.Connection, step: Migration) -> None:
    if callable(step):
        step(conn)
        return
    for statement in split_statements(step):
        conn.execute(statement)


def split_statements(script: str) -> list[str]:
    """Cut SQL into single statements (`executescript` would commit our open transaction).

    Splitting happens only where SQLite agrees the statement is complete, so a `;` inside a
    string literal or a trigger body does not cut it.
    """
    statements: list[str] = []
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \t\r\n;"):
                statements.append(pending.strip())
            pending = ""
    if pending.strip(" \t\r\n;"):
        raise ValueError(f"incomplete SQL statement: {pending.strip()[:60]!r}")
    return statements


def _create_private_file(path: Path) -> None:
    """Create the database file with mode 0600 before SQLite does it with the umask's mode.

    `O_EXCL` never creates through a link (a planted one, even dangling, is "already there"), and
    `check_header` then refuses it.
    """
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | O_NOFOLLOW, 0o600)
    except FileExistsError:
        return
    except OSError as error:
        _refuse_if_full(error, path)
        raise StoreError(f"cannot create the database {path}: {error.strerror}") from error
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


def check_header(path: Path) -> None:
    """Refuse a link, someone else's file, or one that is not SQLite, before SQLite opens it.

    The last look before connecting: the file is opened without following a link, and SQLite
    would only notice late that a file is not a database.
    """
    try:
        fd = os.open(path, os.O_RDONLY | O_NOFOLLOW)
    except OSError as error:
        if os.path.islink(path):
            raise UnsafeDataDir(refusal(path, linked_to(path), "remove the link")) from error
        raise StoreError(f"cannot read the database {path}: {error.strerror}") from error
    try:
        check_own_file(path, fd)
        head = os.read(fd, len(_SQLITE_HEADER))
    except OSError as error:
        raise StoreError(f"cannot read the database {path}: {error.strerror}") from error
    finally:
        os.close(fd)
    if head and head != _SQLITE_HEADER:
        raise StoreError(f"{path} is not a reader database (not SQLite); {DAMAGED_ADVICE}")


def _configure(conn: sqlite3.Connection, path: Path | None, *, known: int, wal: bool) -> None:
    """Per-connection settings; WAL is switched on only after the version check passed.

    Turning on WAL rewrites the file header, so it must not happen to a database we are about to
    refuse (a newer one must stay byte-for-byte as it was).
    """
    name = str(path) if path is not None else "the in-memory database"
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
        conn.execute("PRAGMA foreign_keys = ON")
        _refuse_newer(schema_version(conn), known, name)
        if wal:
            _check_intact(conn, name)
            _switch_to_wal(conn)
    except sqlite3.OperationalError as error:  # locked, read-only, no room for the WAL file...
        _refuse_if_full(error, path)
        if "readonly" in str(error) or "read-only" in str(error):
            raise StoreError(
                f"cannot write to the database {name} ({error}): make it and its folder "
                "writable by you (chmod u+w), or use another --data-dir"
            ) from error
        raise StoreError(
            f"cannot use the database {name}: {error}; check that it and its folder are "
            "writable by you, or use another --data-dir"
        ) from error
    except sqlite3.DatabaseError as error:  # damaged, or not a database after all
        raise StoreError(
            f"{name} is damaged or not a reader database ({error}); {DAMAGED_ADVICE}"
        ) from error


def _switch_to_wal(conn: sqlite3.Connection) -> None:
    """WAL once per database; retried, because SQLite does not wait on a busy lock for this.

    Two processes opening a new database at the same moment both try the switch; the loser gets
    "database is locked" at once, whatever the busy timeout, and only needs to try again.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            row = conn.execute("PRAGMA journal_mode").fetchone()
            if row and str(row[0]).lower() == "wal":
                return
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _check_writable(conn: sqlite3.Connection, name: str) -> None:
    """Say at open, not at the first highlight, that nothing could be saved (a read-only file)."""
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
    except sqlite3.OperationalError as error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if "readonly" not in str(error):
            return  # busy for longer than the timeout: writable, and writes will wait again
        raise StoreError(
            f"cannot write to the database {name} ({error}): make it and its folder writable "
            "by you (chmod u+w), or use another --data-dir"
        ) from error


def _check_intact(conn: sqlite3.Connection, name: str) -> None:
    """Refuse a damaged file at open, before anything is written to it.

    SQLite only notices damage when it reads a damaged page, which could be in the middle of
    someone's session; `quick_check` reads every page once (milliseconds for years of notes).
    """
    problems = [str(row[0]) for row in conn.execute("PRAGMA quick_check(3)").fetchall()]
    if problems != ["ok"]:
        raise StoreError(f"{name} is damaged ({'; '.join(problems)}); {DAMAGED_ADVICE}")
