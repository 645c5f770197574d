"""Rolling backups of the database, and putting the newest good one back.

A backup is made with SQLite's online backup API (a consistent copy even while another reader
process writes), at most once a day when the store is opened, and only of a database that passed
the integrity check at open: a damaged file must never push good backups out. The last `KEEP` are
kept in `<data>/backups/`. Restoring never deletes anything: the file it replaces is renamed
beside itself with a `.damaged-<time>` suffix.

A backup is a single file: it is written under a `.partial` name and renamed when complete (what
an interrupted copy leaves is removed at the next open), it is switched out of WAL mode, and
backups are only ever opened read-only as immutable, so listing or restoring them leaves no
`-wal`/`-shm` files beside them.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from contextlib import closing, suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path

from msgspec import Struct

from reader.core.files import ensure_private_dir
from reader.store.dirs import BACKUP_DIRNAME
from reader.store.errors import StoreError
from reader.store.safety import O_NOFOLLOW

#: How many backups are kept, newest first.
KEEP = 5
#: Least time between two automatic backups.
INTERVAL = timedelta(days=1)
#: Seconds after which a `.partial` nobody writes to any more is an interrupted backup's leftover
#: (a backup in progress in another reader process keeps writing to its own).
STALE_PARTIAL = 60.0

_PREFIX = "reader-"
_SUFFIX = ".sqlite3"
_STAMP = "%Y%m%dT%H%M%S%fZ"
#: `_STAMP` read back without `strptime`, whose first use costs every start a module and a
#: locale's patterns.
_STAMP_FIELDS = re.compile(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{1,6})Z")


class Restored(Struct, frozen=True):
    """What `restore_latest` did, for the message to the user."""

    backup: Path
    database: Path
    moved_aside: Path | None  # where the replaced file now is (None if there was none)


def backup_dir(data_dir: Path) -> Path:
    return Path(data_dir) / BACKUP_DIRNAME


def backups(data_dir: Path) -> list[Path]:
    """Backups, newest first (names sort by time)."""
    folder = backup_dir(data_dir)
    try:
        names = [
            name
            for name in os.listdir(folder)
            if name.startswith(_PREFIX) and name.endswith(_SUFFIX)
        ]
    except OSError:
        return []
    return [folder / name for name in sorted(names, reverse=True)]


def backup_if_due(
    conn: sqlite3.Connection, data_dir: Path, now: datetime | None = None
) -> Path | None:
    """Back up if the newest backup is older than `INTERVAL`; returns the new file, if any."""
    now = now or datetime.now(UTC)
    remove_interrupted(data_dir)
    if _is_empty(conn):
        return None  # nothing to lose yet; and a new user's folder stays uncluttered
    existing = backups(data_dir)
    if existing:
        made = _when(existing[0])
        if made is not None and now - made < INTERVAL:
            return None
    return make_backup(conn, data_dir, now)


def make_backup(conn: sqlite3.Connection, data_dir: Path, now: datetime | None = None) -> Path:
    """Copy the database into a new backup (written whole, then renamed), dropping old ones."""
    now = now or datetime.now(UTC)
    folder = ensure_private_dir(backup_dir(data_dir))
    target = folder / f"{_PREFIX}{now.strftime(_STAMP)}{_SUFFIX}"
    partial = target.with_name(f".{target.name}.partial")
    fd = os.open(partial, os.O_RDWR | os.O_CREAT | os.O_TRUNC | O_NOFOLLOW, 0o600)
    os.close(fd)
    try:
        with closing(sqlite3.connect(partial)) as copy:
            conn.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")  # a copy of WAL pages says WAL too
        os.replace(partial, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(partial)
        raise
    for old in backups(data_dir)[KEEP:]:
        with suppress(OSError):
            os.unlink(old)
    return target


def remove_interrupted(data_dir: Path) -> list[Path]:
    """Delete what interrupted backups left (`.partial` files and their journals); returns them.

    Only files untouched for `STALE_PARTIAL` seconds: a newer one is another process's backup.
    """
    folder = backup_dir(data_dir)
    try:
        names = [name for name in os.listdir(folder) if _is_partial(name)]
    except OSError:
        return []
    removed = []
    for name in names:
        path = folder / name
        with suppress(OSError):
            if time.time() - path.lstat().st_mtime > STALE_PARTIAL:
                path.unlink()
                removed.append(path)
    return removed


def is_intact(path: Path) -> bool:
    """Whether a file is a readable SQLite database passing `integrity_check` (opened read-only)."""
    try:
        with closing(sqlite3.connect(_read_only_uri(path), uri=True)) as conn:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
    except (sqlite3.Error, OSError):
        return False
    return [str(row[0]) for row in rows] == ["ok"]


def restore_latest(data_dir: Path, db_name: str) -> Restored:
    """Put the newest intact backup in place of `db_name`, moving the current file aside."""
    data_dir = Path(data_dir)
    good = next((path for path in backups(data_dir) if is_intact(path)), None)
    if good is None:
        raise StoreError(
            f"no intact backup in {backup_dir(data_dir)}; the database was left as it is"
        )
    database = data_dir / db_name
    stamp = datetime.now(UTC).strftime(_STAMP)
    moved: Path | None = None
    if database.exists() or database.is_symlink():
        moved = database.with_name(f"{db_name}.damaged-{stamp}")
        os.rename(database, moved)
    for side in ("-wal", "-shm"):  # they belong to the file moved aside, not to the backup
        extra = database.with_name(db_name + side)
        if extra.exists():
            os.rename(extra, database.with_name(f"{db_name}.damaged-{stamp}{side}"))
    partial = database.with_name(f".{db_name}.restoring")
    fd = os.open(partial, os.O_RDWR | os.O_CREAT | os.O_TRUNC | O_NOFOLLOW, 0o600)
    os.close(fd)
    try:
        with (
            closing(sqlite3.connect(_read_only_uri(good), uri=True)) as source,
            closing(sqlite3.connect(partial)) as copy,
        ):
            source.backup(copy)
        os.replace(partial, database)
    except BaseException:
        with suppress(OSError):
            os.unlink(partial)
        raise
    return Restored(good, database, moved)


def _read_only_uri(path: Path) -> str:
    """Open a backup without locks or side files: nothing else ever changes a finished backup."""
    return f"{path.resolve().as_uri()}?mode=ro&immutable=1"


def _is_partial(name: str) -> bool:
    return name.startswith(f".{_PREFIX}") and f"{_SUFFIX}.partial" in name


def _is_empty(conn: sqlite3.Connection) -> bool:
    tables = ("article_state", "bookmarks", "highlights", "settings")
    return not any(conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() for table in tables)


def _when(path: Path) -> datetime | None:
    fields = _STAMP_FIELDS.fullmatch(path.name[len(_PREFIX) : -len(_SUFFIX)])
    if fields is None:
        return None
    year, month, day, hour, minute, second, fraction = fields.groups()
    try:
        return datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second),
            int(fraction.ljust(6, "0")),
            tzinfo=UTC,
        )
    except ValueError:
        return None
