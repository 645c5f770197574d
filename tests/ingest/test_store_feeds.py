"""The feed tables (migration 3): subscriptions, validators and seen entries."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reader.store.db import MIGRATIONS, connect, schema_version
from reader.store.state import Store


def test_migration_3_upgrades_a_version_2_database(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    connect(path, MIGRATIONS[:2]).close()
    conn = connect(path, MIGRATIONS[:3])
    assert schema_version(conn) == 3
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"feeds", "feed_entries"} <= tables
    conn.close()


def test_subscribe_is_idempotent_and_remove_forgets_entries(isolated_user: Path) -> None:
    with Store.open(isolated_user) as store:
        feed, new = store.feeds.subscribe("https://a.example/rss", "A")
        again, new_again = store.feeds.subscribe("https://a.example/rss", "other title")
        assert (new, new_again) == (True, False) and again.id == feed.id and again.title == "A"
        store.feeds.mark_seen(feed.id, "entry-1", "fp", "a.example/x.md")
        assert store.feeds.seen_entries(feed.id) == {"entry-1": "fp"}
        assert store.feeds.find(str(feed.id)) == store.feeds.find("https://a.example/rss")
        assert store.feeds.unsubscribe(feed.id) and not store.feeds.unsubscribe(feed.id)
        count = store._db.rows("SELECT COUNT(*) FROM feed_entries")[0][0]
        assert count == 0  # ON DELETE CASCADE


def test_failed_check_keeps_the_validators(isolated_user: Path) -> None:
    with Store.open(isolated_user) as store:
        feed, _ = store.feeds.subscribe("https://a.example/rss")
        store.feeds.record_check(feed.id, etag='"v1"', last_modified="Mon", title="A feed")
        store.feeds.record_check(feed.id, error="timed out after 10 s")
        after = store.feeds.find("https://a.example/rss")
        assert after is not None
        assert (after.etag, after.last_modified, after.title) == ('"v1"', "Mon", "A feed")
        assert after.error == "timed out after 10 s"


def test_database_from_before_feeds_is_kept_intact(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    conn = connect(path, MIGRATIONS[:2])
    conn.execute("INSERT INTO settings (key, value) VALUES ('theme', 'nord')")
    conn.close()
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 2
    conn = connect(path)
    assert conn.execute("SELECT value FROM settings").fetchone()[0] == "nord"
    conn.close()
