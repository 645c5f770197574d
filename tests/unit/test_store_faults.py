"""A damaged or unusable database is named, explained, never overwritten, and can be restored."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reader.cli.main import main
from reader.core.files import ensure_private_dir
from reader.store import backup
from reader.store.db import MIGRATIONS, StoreError
from reader.store.exchange import reanchor_library
from reader.store.state import DB_FILENAME, Store

BODY = "Paper notes burn. Digital notes rot when nobody keeps a copy. " * 40


def filled(folder: Path, count: int = 60) -> list[str]:
    """A database with real annotations, as a year of reading would leave it."""
    with Store.open(folder) as store:
        ids = [
            store.highlights.add("a", BODY, n * 30, n * 30 + 25, note=f"note {n}" * 20).id
            for n in range(count)
        ]
        store.bookmarks.toggle("a", 10)
    return ids


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def assert_refused_untouched(folder: Path, *, mentions: str) -> str:
    before = snapshot(folder)
    with pytest.raises(StoreError) as caught:
        Store.open(folder)
    message = str(caught.value)
    assert str(folder / DB_FILENAME) in message
    assert mentions in message
    assert snapshot(folder) == before
    return message


def test_text_file_is_refused_with_advice(isolated_user: Path) -> None:
    isolated_user.mkdir()
    (isolated_user / DB_FILENAME).write_text("my shopping list\n" * 100)
    message = assert_refused_untouched(isolated_user, mentions="reader restore")
    assert "not a reader database" in message


def test_garbage_bytes_are_refused(isolated_user: Path) -> None:
    isolated_user.mkdir()
    (isolated_user / DB_FILENAME).write_bytes(os.urandom(8192))
    assert_refused_untouched(isolated_user, mentions="another --data-dir")


def test_truncated_database_is_refused(isolated_user: Path) -> None:
    filled(isolated_user)
    path = isolated_user / DB_FILENAME
    for side in ("-wal", "-shm"):
        assert not (isolated_user / (DB_FILENAME + side)).exists()  # checkpointed at close
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    message = assert_refused_untouched(isolated_user, mentions="reader restore")
    assert "damaged" in message


def test_damaged_page_inside_is_refused(isolated_user: Path) -> None:
    filled(isolated_user)
    path = isolated_user / DB_FILENAME
    data = bytearray(path.read_bytes())
    page = 4096
    data[2 * page : 3 * page] = b"\xa5" * page
    path.write_bytes(bytes(data))
    assert_refused_untouched(isolated_user, mentions="damaged")


def test_directory_in_place_of_the_database(isolated_user: Path) -> None:
    (isolated_user / DB_FILENAME).mkdir(parents=True)
    with pytest.raises(StoreError) as caught:
        Store.open(isolated_user)
    assert str(isolated_user / DB_FILENAME) in str(caught.value)
    assert (isolated_user / DB_FILENAME).is_dir()


def test_newer_schema_is_refused_untouched(isolated_user: Path) -> None:
    filled(isolated_user, 3)
    conn = sqlite3.connect(isolated_user / DB_FILENAME)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    conn.close()
    message = assert_refused_untouched(isolated_user, mentions="upgrade reader")
    assert "newer version" in message


def _make_read_only(paths: list[Path]) -> bool:
    """chmod for a normal user; root ignores modes, so the immutable attribute stands in."""
    if os.geteuid() != 0:
        for path in paths:
            os.chmod(path, 0o555 if path.is_dir() else 0o444)
        return True
    if shutil.which("chattr") is None:
        return False
    done = subprocess.run(["chattr", "+i", *map(str, paths)], capture_output=True, check=False)
    return done.returncode == 0


def _make_writable(paths: list[Path]) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", *map(str, paths)], capture_output=True, check=False)
    for path in paths:
        os.chmod(path, 0o700 if path.is_dir() else 0o600)


def test_read_only_database_is_refused_clearly(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    filled(folder, 3)
    locked = [folder / DB_FILENAME, folder]
    if not _make_read_only(locked):
        pytest.skip("cannot make a file read-only for root here (no chattr)")
    try:
        before = snapshot(folder)
        with pytest.raises(StoreError) as caught:
            Store.open(folder)
        assert snapshot(folder) == before
    finally:
        _make_writable(locked)
    message = str(caught.value)
    assert str(folder / DB_FILENAME) in message
    assert "writable" in message or "another --data-dir" in message


def test_cli_reports_a_damaged_database_in_one_line(
    isolated_user: Path, capsys: pytest.CaptureFixture[str], seeds_dir: Path
) -> None:
    isolated_user.mkdir()
    (isolated_user / DB_FILENAME).write_text("not a database")
    assert main(["export", str(seeds_dir)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "reader restore" in err and "Traceback" not in err


def test_articles_are_never_written_to(
    isolated_user: Path, seeds_dir: Path, tmp_path: Path
) -> None:
    from reader.core.library import load_article, load_index

    library = tmp_path / "library"
    shutil.copytree(seeds_dir, library)
    before = snapshot(library)
    index = load_index([library])
    meta = index.articles[0]
    article = load_article(meta)
    with Store.open(isolated_user) as store:
        store.highlights.add(meta.id, article.body, 0, min(40, len(article.body)))
        reanchor_library(store.highlights, index.articles, load_article)
    assert snapshot(library) == before


# Backups -----------------------------------------------------------------------------------


def test_a_new_empty_database_is_not_backed_up(isolated_user: Path) -> None:
    Store.open(isolated_user).close()
    assert backup.backups(isolated_user) == []


def test_one_backup_a_day_and_only_the_last_five(isolated_user: Path) -> None:
    filled(isolated_user, 3)
    Store.open(isolated_user).close()  # opened twice on the same day: one backup
    assert len(backup.backups(isolated_user)) == 1
    conn = sqlite3.connect(isolated_user / DB_FILENAME)
    start = datetime.now(UTC) + timedelta(days=1)
    for day in range(8):
        assert backup.backup_if_due(conn, isolated_user, start + timedelta(days=day)) is not None
        assert (
            backup.backup_if_due(conn, isolated_user, start + timedelta(days=day, hours=3)) is None
        )
    conn.close()
    kept = backup.backups(isolated_user)
    assert len(kept) == backup.KEEP
    assert all(backup.is_intact(path) for path in kept)
    assert oct(os.stat(kept[0]).st_mode & 0o777) == oct(0o600)


def test_restore_brings_back_the_newest_intact_backup(isolated_user: Path) -> None:
    ids = filled(isolated_user)
    Store.open(isolated_user).close()
    newest = backup.backups(isolated_user)[0]
    path = isolated_user / DB_FILENAME
    damaged = os.urandom(5000)
    path.write_bytes(damaged)
    with pytest.raises(StoreError):
        Store.open(isolated_user)

    restored = Store.restore_latest_backup(isolated_user)
    assert restored.backup == newest
    assert restored.moved_aside is not None
    assert restored.moved_aside.read_bytes() == damaged  # kept, never deleted
    with Store.open(isolated_user) as store:
        assert {h.id for h in store.highlights.all()} == set(ids)


def test_restore_skips_damaged_backups(isolated_user: Path) -> None:
    filled(isolated_user, 5)
    Store.open(isolated_user).close()  # today's backup
    conn = sqlite3.connect(isolated_user / DB_FILENAME)
    later = datetime.now(UTC) + timedelta(days=2)
    broken = backup.make_backup(conn, isolated_user, later)
    conn.close()
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    restored = Store.restore_latest_backup(isolated_user)
    assert restored.backup != broken


def test_restore_without_backups_changes_nothing(
    isolated_user: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    isolated_user.mkdir()
    (isolated_user / DB_FILENAME).write_text("damaged")
    assert main(["restore"]) == 1
    err = capsys.readouterr().err
    assert "no intact backup" in err and err.count("\n") == 1
    assert (isolated_user / DB_FILENAME).read_text() == "damaged"


def test_cli_restore_and_list(isolated_user: Path, capsys: pytest.CaptureFixture[str]) -> None:
    filled(isolated_user, 4)
    Store.open(isolated_user).close()
    (isolated_user / DB_FILENAME).write_text("oops")
    assert main(["restore", "--list"]) == 0
    assert "intact" in capsys.readouterr().out
    assert main(["restore"]) == 0
    out = capsys.readouterr().out
    assert "restored" in out and "kept as" in out
    with Store.open(isolated_user) as store:
        assert store.highlights.counts() == {"a": 4}


def side_files(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.endswith(("-wal", "-shm")))


def test_listing_backups_leaves_no_side_files(
    isolated_user: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    filled(isolated_user, 3)
    Store.open(isolated_user).close()  # today's backup
    assert main(["restore", "--list"]) == 0
    assert "intact" in capsys.readouterr().out
    assert side_files(backup.backup_dir(isolated_user)) == []


def test_an_older_backup_in_wal_mode_is_listed_and_restored_without_side_files(
    isolated_user: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = filled(isolated_user, 3)
    folder = ensure_private_dir(backup.backup_dir(isolated_user))
    old = folder / "reader-20240101T000000000000Z.sqlite3"
    with sqlite3.connect(isolated_user / DB_FILENAME) as source, sqlite3.connect(old) as copy:
        source.backup(copy)  # a page copy of a WAL database: its header says WAL too
    copy.close()
    source.close()
    assert old.read_bytes()[18:20] == b"\x02\x02"
    assert main(["restore", "--list"]) == 0
    assert f"{old}  intact" in capsys.readouterr().out
    (isolated_user / DB_FILENAME).write_text("oops")
    assert Store.restore_latest_backup(isolated_user).backup == old
    assert side_files(folder) == []
    with Store.open(isolated_user) as store:
        assert {h.id for h in store.highlights.all()} == set(ids)


def test_an_interrupted_backup_is_cleared_at_the_next_open(isolated_user: Path) -> None:
    filled(isolated_user, 3)
    folder = ensure_private_dir(backup.backup_dir(isolated_user))
    name = ".reader-20240101T000000000000Z.sqlite3.partial"
    leftovers = [folder / name, folder / f"{name}-journal"]
    for path in leftovers:
        path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
        an_hour_ago = time.time() - 3600
        os.utime(path, (an_hour_ago, an_hour_ago))
    Store.open(isolated_user).close()
    assert [path for path in leftovers if path.exists()] == []
    assert len(backup.backups(isolated_user)) == 1  # and the backup it missed is made


def test_a_backup_being_written_by_another_process_is_left_alone(isolated_user: Path) -> None:
    filled(isolated_user, 3)
    folder = ensure_private_dir(backup.backup_dir(isolated_user))
    writing = folder / ".reader-20240101T000000000000Z.sqlite3.partial"
    writing.write_bytes(b"SQLite format 3\x00")  # just now: someone is copying into it
    Store.open(isolated_user).close()
    assert writing.exists()
