"""What the store says when it cannot go on: one exception family, each message naming the file.

Every message is one line saying what is wrong and what the user can do, because the CLI prints
it as it is and the app shows it as a notice. A full disk has its own wording: SQLite reports it
as "database or disk is full", or, when the write-ahead log cannot grow, as a plain "disk I/O
error", which read as if the file were broken.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

#: Free space (bytes) under which an I/O error on a write is taken to be a full disk.
NEARLY_FULL = 1 << 20


class StoreError(Exception):
    """The database cannot be used; the message says which file and what the user can do."""


class UnsafeDataDir(StoreError):
    """The data folder or the database could be read or swapped by another user: refused.

    A symbolic link, a file or folder owned by someone else, or a folder others can write to
    (without the sticky bit /tmp has) lets a neighbour on a shared machine read every note.
    """


class DiskFull(StoreError):
    """The disk holding the database has no room left; nothing already saved was lost."""

    def __init__(self, path: Path | str | None) -> None:
        where = f"the disk holding {path}" if path else "the disk"
        super().__init__(
            f"{where} is full: free some space and try again (what was saved before is intact)"
        )


def is_disk_full(error: BaseException, path: Path | str | None = None) -> bool:
    """Whether `error` (from SQLite or the OS) means there is no room left on the disk.

    A SQLite I/O error counts when the disk holding `path` is (nearly) full right now: that is
    what SQLite says when the write-ahead log or a temporary file cannot grow.
    """
    if isinstance(error, OSError):
        return error.errno in (errno.ENOSPC, errno.EDQUOT)
    import sqlite3  # (not at import: `reader.store.safety` checks folders before any database)

    if not isinstance(error, sqlite3.Error):
        return False
    code = getattr(error, "sqlite_errorcode", None)
    if code == sqlite3.SQLITE_FULL or "database or disk is full" in str(error):
        return True
    io_error = code is not None and code & 0xFF == sqlite3.SQLITE_IOERR
    return (io_error or "disk I/O error" in str(error)) and _nearly_full(path)


def _nearly_full(path: Path | str | None) -> bool:
    if path is None:
        return False
    folder = os.path.dirname(os.path.abspath(path))
    try:
        disk = os.statvfs(folder)
    except OSError:
        return False
    blocks = disk.f_bfree if os.geteuid() == 0 else disk.f_bavail
    return blocks * disk.f_frsize < NEARLY_FULL
