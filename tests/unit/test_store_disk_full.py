"""A full disk reads as a full disk, naming the file, and loses nothing already saved.

SQLite's `max_page_count` makes it report a real SQLITE_FULL ("database or disk is full") without
filling a disk; the "disk I/O error" SQLite gives when its write-ahead log cannot grow is judged
by the free space on the disk, which is stubbed here.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest

from reader.store import errors
from reader.store.connection import Database
from reader.store.db import StoreError, connect
from reader.store.errors import DiskFull, is_disk_full
from reader.store.state import DB_FILENAME, Store

BODY = "The tide comes in twice a day and the harbour steps disappear one by one. " * 20


def full_store(folder: Path) -> Store:
    """A store whose database may not grow by a single page from now on."""
    Store.open(folder).close()
    path = folder / DB_FILENAME
    conn = connect(path)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    return Store(Database(conn, path))


def test_a_full_database_says_the_disk_is_full_and_keeps_what_was_saved(
    isolated_user: Path,
) -> None:
    with Store.open(isolated_user) as store:
        kept = store.highlights.add("a", BODY, 0, 20, note="saved before the disk filled")
    with full_store(isolated_user) as store, pytest.raises(DiskFull) as caught:
        store.highlights.add("a", BODY, 30, 60, note="x" * 100_000)
    message = str(caught.value)
    assert message.startswith(f"the disk holding {isolated_user / DB_FILENAME} is full")
    assert "free some space" in message and "I/O" not in message
    with Store.open(isolated_user) as store:
        assert [h.id for h in store.highlights.all()] == [kept.id]
        assert store.highlights.all()[0].note == "saved before the disk filled"


def test_a_full_disk_is_a_store_error_for_every_caller(isolated_user: Path) -> None:
    with full_store(isolated_user) as store, pytest.raises(StoreError):
        store.set_setting("theme", "x" * 100_000)


def stub_free_space(monkeypatch: pytest.MonkeyPatch, free_blocks: int) -> None:
    disk = SimpleNamespace(f_bfree=free_blocks, f_bavail=free_blocks, f_frsize=4096)
    monkeypatch.setattr(errors.os, "statvfs", lambda _path: disk)


def test_an_io_error_on_a_full_disk_is_a_full_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    failure = sqlite3.OperationalError("disk I/O error")
    stub_free_space(monkeypatch, 0)
    assert is_disk_full(failure, tmp_path / DB_FILENAME)
    stub_free_space(monkeypatch, 1_000_000)
    assert not is_disk_full(failure, tmp_path / DB_FILENAME)  # a real I/O error stays one


def test_no_space_from_the_system_is_a_full_disk(
    isolated_user: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert is_disk_full(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    assert not is_disk_full(OSError(errno.EACCES, os.strerror(errno.EACCES)))

    def no_room(_path: Path) -> Path:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("reader.store.state.ensure_private_dir", no_room)
    with pytest.raises(DiskFull) as caught:
        Store.open(isolated_user)
    assert str(caught.value).startswith(f"the disk holding {isolated_user} is full")
