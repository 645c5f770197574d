"""The database: safe modes, honest refusals, and every Store method round-tripped."""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
from datetime import datetime
from pathlib import Path

import pytest

from reader.store import db
from reader.store.db import MIGRATIONS, StoreError, connect, schema_version, split_statements
from reader.store.state import DB_FILENAME, Store


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def tables(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_migrates_an_empty_database(tmp_path: Path) -> None:
    conn = connect(tmp_path / "x.sqlite3")
    try:
        assert schema_version(conn) == len(MIGRATIONS)
        assert {"article_state", "bookmarks", "settings"} <= tables(conn)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
        assert conn.isolation_level is None
    finally:
        conn.close()


def test_reopening_does_not_migrate_again(tmp_path: Path) -> None:
    connect(tmp_path / "x.sqlite3").close()
    conn = connect(tmp_path / "x.sqlite3")
    assert schema_version(conn) == len(MIGRATIONS)
    conn.close()


def test_migrations_run_in_order_sql_and_callables(tmp_path: Path) -> None:
    calls: list[int] = []

    def second(conn: sqlite3.Connection) -> None:
        calls.append(schema_version(conn))
        conn.execute("INSERT INTO t (v) VALUES ('a;b')")

    steps: list[db.Migration] = ["CREATE TABLE t (v TEXT); CREATE INDEX t_v ON t (v);", second]
    conn = connect(tmp_path / "x.sqlite3", steps)
    assert calls == [1]
    assert schema_version(conn) == 2
    assert conn.execute("SELECT v FROM t").fetchall() == [("a;b",)]
    conn.close()


def test_a_failing_migration_leaves_the_previous_version(tmp_path: Path) -> None:
    steps: list[db.Migration] = ["CREATE TABLE t (v TEXT)", "CREATE TABLE t (v TEXT)"]
    with pytest.raises(StoreError):
        connect(tmp_path / "x.sqlite3", steps)
    conn = connect(tmp_path / "x.sqlite3", steps[:1])
    assert schema_version(conn) == 1
    conn.close()


def test_split_statements_respects_literals_and_triggers() -> None:
    script = """
        CREATE TABLE t (v TEXT);
        CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN UPDATE t SET v = v || ';'; END;
        INSERT INTO t VALUES ('x;y');
    """
    assert len(split_statements(script)) == 3
    with pytest.raises(ValueError):
        split_statements("CREATE TRIGGER a AFTER INSERT ON t BEGIN SELECT 1;")


def test_store_creates_private_folder_and_file(isolated_user: Path) -> None:
    previous = os.umask(0o022)
    try:
        store = Store.open(isolated_user)
        store.reading.set_position("a", 1)  # make sure WAL side files exist too
    finally:
        os.umask(previous)
    assert mode(isolated_user) == 0o700
    for path in isolated_user.iterdir():
        assert mode(path) == 0o600, path
    assert (isolated_user / DB_FILENAME).exists()
    store.close()


def test_newer_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE future (x)")
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer version of reader"):
        connect(path)
    assert path.read_bytes() == before


def test_newer_database_refused_through_store(isolated_user: Path) -> None:
    isolated_user.mkdir()
    path = isolated_user / DB_FILENAME
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        Store.open(isolated_user)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == before


@pytest.mark.parametrize("content", [b"this is my thesis, not a database\n" * 200, b"\x00" * 4096])
def test_garbage_file_is_refused_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / DB_FILENAME
    path.write_bytes(content)
    with pytest.raises(StoreError) as caught:
        Store.open(tmp_path)
    message = str(caught.value)
    assert str(path) in message
    assert "another --data-dir" in message
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == [DB_FILENAME]


def test_sqlite_header_with_corrupt_body_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    content = b"SQLite format 3\x00" + b"\xff" * 2000
    path.write_bytes(content)
    with pytest.raises(StoreError):
        Store.open(tmp_path)
    assert path.read_bytes() == content


def test_a_folder_where_the_database_should_be(tmp_path: Path) -> None:
    (tmp_path / DB_FILENAME).mkdir()
    with pytest.raises(StoreError):
        Store.open(tmp_path)


def exercise(store: Store) -> None:
    assert store.reading.position("a") == 0
    store.reading.set_position("a", 120)
    store.reading.set_position("a", 130)
    assert store.reading.position("a") == 130
    store.reading.set_position("b", -5)
    assert store.reading.position("b") == 0

    assert not store.reading.is_read("a")
    store.reading.set_read("a")
    assert store.reading.is_read("a")
    assert store.reading.position("a") == 130  # the upsert keeps the other columns
    store.reading.set_read("c", True)
    store.reading.set_read("c", False)
    assert store.reading.read_ids() == {"a"}

    assert store.bookmarks.toggle("a", position=10, label="here") is True
    assert store.bookmarks.toggle("b") is True
    assert store.bookmarks.article_ids() == {"a", "b"}
    assert store.bookmarks.toggle("a") is False
    assert store.bookmarks.article_ids() == {"b"}

    store.reading.mark_opened("d")
    assert store.reading.position("d") == 0

    assert store.highlights.counts() == {}

    assert store.setting("theme") is None
    assert store.setting("theme", "dark") == "dark"
    store.set_setting("theme", "nord")
    store.set_setting("theme", "gruvbox")
    assert store.setting("theme") == "gruvbox"


def test_every_method_round_trips(isolated_user: Path) -> None:
    with Store.open(isolated_user) as store:
        exercise(store)
    with Store.open(isolated_user) as store:  # and it is all still there
        assert store.reading.position("a") == 130
        assert store.reading.read_ids() == {"a"}
        assert store.bookmarks.article_ids() == {"b"}
        assert store.setting("theme") == "gruvbox"


def test_timestamps_are_utc_iso(isolated_user: Path) -> None:
    with Store.open(isolated_user) as store:
        store.reading.set_position("a", 1)
        store.reading.mark_opened("a")
        store.bookmarks.toggle("a")
    conn = sqlite3.connect(isolated_user / DB_FILENAME)
    opened, updated = conn.execute("SELECT opened_at, updated_at FROM article_state").fetchone()
    (created,) = conn.execute("SELECT created FROM bookmarks").fetchone()
    conn.close()
    for value in (opened, updated, created):
        assert datetime.fromisoformat(value).utcoffset().total_seconds() == 0  # type: ignore[union-attr]


def test_memory_store(isolated_user: Path) -> None:
    store = Store.memory()
    assert store.is_memory
    exercise(store)
    store.close()
    assert not isolated_user.exists()


def test_two_stores_on_one_file_see_each_other(isolated_user: Path) -> None:
    with Store.open(isolated_user) as first, Store.open(isolated_user) as second:
        first.bookmarks.toggle("x")
        assert second.bookmarks.article_ids() == {"x"}


def test_usable_from_worker_threads(isolated_user: Path) -> None:
    errors: list[BaseException] = []
    with Store.open(isolated_user) as store:

        def work(number: int) -> None:
            try:
                for offset in range(20):
                    store.reading.set_position(f"article-{number}", offset)
                    store.reading.position(f"article-{number}")
            except BaseException as error:  # pragma: no cover - reported below
                errors.append(error)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert {store.reading.position(f"article-{n}") for n in range(4)} == {19}


def test_sqlite_errors_become_store_errors(isolated_user: Path) -> None:
    store = Store.open(isolated_user)
    store.close()
    with pytest.raises(StoreError):
        store.reading.position("a")
    with pytest.raises(StoreError):
        store.reading.set_position("a", 1)


def test_failed_write_is_rolled_back(isolated_user: Path) -> None:
    with Store.open(isolated_user) as store:
        with pytest.raises(RuntimeError), store._db.write() as conn:
            conn.execute("INSERT INTO settings (key, value) VALUES ('k', 'v')")
            raise RuntimeError("boom")
        assert store.setting("k") is None
        store.set_setting("k", "w")  # and the connection is usable again
        assert store.setting("k") == "w"


def test_a_transaction_spans_repositories_and_is_undone_whole(isolated_user: Path) -> None:
    with Store.open(isolated_user) as store:
        with pytest.raises(RuntimeError), store.transaction():
            store.bookmarks.add("a", 1)
            store.reading.set_position("a", 5)
            raise RuntimeError("boom")
        assert store.bookmarks.all() == [] and store.reading.position("a") == 0
        with store.transaction():
            store.bookmarks.add("a", 1)
            with pytest.raises(StoreError), store._db.write() as conn:
                conn.execute("INSERT INTO no_such_table VALUES (1)")
            store.reading.set_position("a", 5)  # a failed inner step undoes only itself
        assert len(store.bookmarks.all()) == 1 and store.reading.position("a") == 5
        assert store.undo() == "bookmark" and store.bookmarks.all() == []


def test_concurrent_first_opens_migrate_once(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    versions: list[int] = []
    errors: list[BaseException] = []

    def open_it() -> None:
        try:
            conn = connect(path)
            versions.append(schema_version(conn))
            conn.close()
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=open_it) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert versions == [len(MIGRATIONS)] * 6
