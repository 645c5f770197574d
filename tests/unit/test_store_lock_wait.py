"""A write waiting for another process's lock never holds up reads from other threads.

The app's writes run on a thread of their own; the app's thread goes on reading (the highlights
of the article it opens, the list's marks). These tests hold the write lock from a second
connection, as a long import in another `reader` does, and time the reads meanwhile.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.store import connection
from reader.store.db import StoreError
from reader.store.state import Store

#: Seconds a read may take while a write waits: well under what a key press may wait.
READ_BUDGET = 0.1


@pytest.fixture
def store(isolated_user: Path) -> Iterator[Store]:
    with Store.open(isolated_user) as opened:
        yield opened


def hold_the_lock(store: Store) -> sqlite3.Connection:
    """Another process's long write transaction: the lock is held until it commits."""
    assert store.path is not None
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


def start_writing(store: Store) -> tuple[threading.Thread, list[object]]:
    """A bookmark toggled on a thread of its own, as the app's writer does it."""
    outcome: list[object] = []

    def write() -> None:
        try:
            outcome.append(store.bookmarks.toggle("article", 0, "label"))
        except StoreError as error:
            outcome.append(error)

    thread = threading.Thread(target=write)
    thread.start()
    return thread, outcome


def test_reads_go_on_while_a_write_waits_and_the_write_is_made_after(store: Store) -> None:
    other = hold_the_lock(store)
    thread, outcome = start_writing(store)
    thread.join(0.3)
    assert thread.is_alive(), "the write should be waiting for the lock"
    for _ in range(20):
        began = time.monotonic()
        store.reading.position("article")
        store.highlights.counts()
        assert time.monotonic() - began < READ_BUDGET
    other.execute("COMMIT")
    thread.join(10)
    assert outcome == [True]
    assert store.bookmarks.article_ids() == {"article"}


def test_a_write_that_never_gets_the_lock_fails_and_leaves_the_store_usable(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connection, "WRITE_PATIENCE", 0.3)
    other = hold_the_lock(store)
    thread, outcome = start_writing(store)
    thread.join(10)
    assert len(outcome) == 1 and isinstance(outcome[0], StoreError)
    assert "locked" in str(outcome[0])
    other.execute("ROLLBACK")
    assert store.bookmarks.toggle("article", 0) is True  # nothing left half-done


def test_a_write_inside_a_write_of_the_same_thread_is_still_one_transaction(
    store: Store,
) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.bookmarks.toggle("article", 0)
        store.reading.set_read("article")
        raise RuntimeError("undo both")
    assert store.bookmarks.article_ids() == set()
    assert store.reading.read_ids() == set()
