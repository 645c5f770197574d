"""The first screen kept in the store: given back only while what it depends on is unchanged."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from reader.core.shelf import Location
from reader.store.dirs import DB_FILENAME
from reader.store.first_screen import KeptScreen, order_digest
from reader.store.state import Store

IDS = [f"{n:012x}" for n in range(1, 9)]


def _kept(store: Store) -> KeptScreen:
    screen = KeptScreen(IDS[:3], len(IDS), order_digest(IDS))
    store.library.keep_first_screen(screen, store.library.state_digest())
    return screen


def test_given_back_as_kept_with_the_article_opened_last(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        store.library.register(IDS)
        store.library.opened(IDS[4])
        screen = _kept(store)
        found = store.library.first_screen()
        assert found is not None
        assert (found.rows, found.count, found.order) == (screen.rows, screen.count, screen.order)
        assert found.last_opened == IDS[4]
        store.library.set_progress(IDS[1], 40)  # neither a place nor a date added: still right
        assert store.library.first_screen() is not None


@pytest.mark.parametrize(
    "change",
    [
        lambda store: store.library.register([f"{99:012x}"]),
        lambda store: store.library.move([IDS[6]], Location.ARCHIVE),
        lambda store: store.bookmarks.toggle(f"{98:012x}"),  # a missing file's row appears
        lambda store: store.tags.tag([f"{97:012x}"], ["later"]),
        lambda store: store.highlights.add(f"{96:012x}", "Some words here.", 0, 4),
    ],
    ids=["registered", "moved", "bookmarked", "tagged", "highlighted"],
)
def test_stale_after_a_change_the_order_depends_on(
    tmp_path: Path, change: Callable[[Store], object]
) -> None:
    with Store.open(tmp_path) as store:
        store.library.register(IDS)
        _kept(store)
    with Store.open(tmp_path) as store:  # another session, another command
        change(store)
    with Store.open(tmp_path) as store:
        assert store.library.first_screen() is None


def test_a_damaged_entry_is_not_used(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        store.library.register(IDS)
        _kept(store)
    with closing(sqlite3.connect(tmp_path / DB_FILENAME)) as conn, conn:
        conn.execute("UPDATE settings SET value = '{\"rows\": 3}' WHERE key = 'first_screen'")
    with Store.open(tmp_path) as store:
        assert store.library.first_screen() is None
