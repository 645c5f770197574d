"""The first screen kept in the store: given back only while what it depends on is unchanged,
which migration 10's triggers tell without reading every row."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from reader.core.library.cache import Source
from reader.core.shelf import Location
from reader.store.db import MIGRATIONS, connect
from reader.store.dirs import DB_FILENAME
from reader.store.first_screen import KeptScreen
from reader.store.state import Store

IDS = [f"{n:012x}" for n in range(1, 9)]
SOURCE = Source(("/library",), (100, 200, 300))
#: A database made by reader at a78c61e (schema 4), with highlights, bookmarks and positions.
SCHEMA_4 = Path(__file__).parent / "fixtures" / "schema4.sqlite3"


def _kept(store: Store) -> KeptScreen:
    screen = KeptScreen(IDS[:3], [f"line {n}" for n in range(3)], len(IDS), SOURCE)
    store.library.keep_first_screen(screen, store.library.state_digest())
    return screen


def test_given_back_as_kept_with_the_article_opened_last(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        store.library.register(IDS)
        store.library.opened(IDS[4])
        screen = _kept(store)
        found = store.library.first_screen()
        assert found is not None
        assert found.rows == screen.rows and found.lines == screen.lines
        assert (found.count, found.source) == (screen.count, screen.source)
        assert found.last_opened == IDS[4]
        store.library.set_progress(IDS[1], 40)  # neither a place nor a date added: still right
        store.library.opened(IDS[2])
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


# The generation against what it stands for: every row's id, place and date added, and which
# articles hold highlights, bookmarks and tags, read whole as the start did before migration 10.
_WHOLE = (
    "SELECT group_concat(article_id || '|' || location || '|' || coalesce(added_at, ''), ',')"
    " FROM (SELECT * FROM article_state ORDER BY article_id)",
    *(
        f"SELECT group_concat(article_id) FROM (SELECT DISTINCT article_id FROM {table} ORDER BY 1)"
        for table in ("highlights", "bookmarks", "article_tags")
    ),
)


def _whole_digest(path: Path) -> str:
    """The digest the start read from every row before migration 10."""
    digest = hashlib.blake2b()
    with closing(sqlite3.connect(path)) as conn:
        for query in _WHOLE:
            found = conn.execute(query).fetchone()[0]
            digest.update(str(found or "").encode() + b"\x00")
    return digest.hexdigest()


def _steps(store: Store) -> list[tuple[str, Callable[[], object]]]:
    library, one, two = store.library, f"{90:012x}", f"{91:012x}"
    marks: dict[str, str] = {}
    return [
        ("register new", lambda: library.register([one, two])),
        ("register known", lambda: library.register([one])),
        ("progress", lambda: library.set_progress(one, 30)),
        ("opened", lambda: library.opened(two)),
        ("archive", lambda: library.move([one], Location.ARCHIVE)),
        ("archive again", lambda: library.move([one], Location.ARCHIVE)),
        ("back", lambda: library.move([one], Location.INBOX)),
        (
            "first highlight",
            lambda: marks.setdefault("a", store.highlights.add(two, "A b c d.", 0, 1).id),
        ),
        (
            "second highlight",
            lambda: marks.setdefault("b", store.highlights.add(two, "A b c d.", 2, 3).id),
        ),
        ("one of two deleted", lambda: store.highlights.delete(marks["a"])),
        ("last deleted", lambda: store.highlights.delete(marks["b"])),
        ("first tag", lambda: store.tags.tag([one], ["x"])),
        ("second tag", lambda: store.tags.tag([one], ["y"])),
        ("a tag removed", lambda: store.tags.untag([one], ["x"])),
        ("last tag removed", lambda: store.tags.untag([one], ["y"])),
        ("bookmark", lambda: store.bookmarks.toggle(one)),
        ("bookmark removed", lambda: store.bookmarks.toggle(one)),
        ("trash", lambda: library.move([two], Location.TRASH)),
    ]


def _schema_9(folder: Path) -> None:
    """A store as the version before migration 10 left it, with rows of every kind."""
    folder.mkdir(mode=0o700)
    with closing(connect(folder / DB_FILENAME, MIGRATIONS[:9])) as conn, conn:
        conn.executemany(
            "INSERT INTO article_state (article_id, location, added_at) VALUES (?, ?, ?)",
            [(key, "archive" if n % 3 else "inbox", f"2024-01-0{n}") for n, key in enumerate(IDS)],
        )
        conn.execute(
            "INSERT INTO bookmarks (id, article_id, position, created) VALUES ('b', ?, 0, 'now')",
            (IDS[0],),
        )


def _schema_4(folder: Path) -> None:
    folder.mkdir(mode=0o700)
    shutil.copyfile(SCHEMA_4, folder / DB_FILENAME)
    (folder / DB_FILENAME).chmod(0o600)


@pytest.mark.parametrize("made", [None, _schema_9, _schema_4], ids=["new", "schema 9", "schema 4"])
def test_the_generation_moves_exactly_when_what_it_stands_for_does(
    tmp_path: Path, made: Callable[[Path], None] | None
) -> None:
    folder = tmp_path / "data"
    if made is not None:
        made(folder)
    with Store.open(folder) as store:
        assert store.path is not None
        generation, whole = store.library.state_digest(), _whole_digest(store.path)
        for name, step in _steps(store):
            step()
            now, now_whole = store.library.state_digest(), _whole_digest(store.path)
            assert (now != generation) == (now_whole != whole), name
            generation, whole = now, now_whole
