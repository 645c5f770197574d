"""The first screen from the rows the last session kept: shown only while still right, so the
first screen always lists what the complete list lists, in the same order."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reader.core.library import load_index
from reader.core.library.view import ids_of
from reader.core.shelf import Location, SortKey
from reader.store.dirs import index_cache_path
from reader.store.library import Library as LibraryStore
from reader.store.state import Store
from reader.ui.app import build_app
from reader.ui.screens.first_rows import FirstScreens
from reader.ui.screens.shelf import Shelf
from reader.ui.views import INBOX, Catalog
from reader.ui.widgets.article_list import ArticleList
from tests.ui.helpers import settle, wait_until


def _article(folder: Path, number: int) -> None:
    head = f"---\ntitle: Piece {number}\ndate: 2024-03-{number:02d}\n---\n\n"
    (folder / f"piece-{number:02d}.md").write_text(f"{head}Words of {number}.\n", "utf-8")


@pytest.fixture
def shelf_library(tmp_path: Path) -> Path:
    folder = tmp_path / "shelf"
    folder.mkdir()
    for number in range(1, 13):
        _article(folder, number)
    return folder


class _Seen:
    """What the first screen showed, and whether the kept rows were used for it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.first: list[str] | None = None
        self.kept: list[bool] = []
        drawn = Shelf._drawn_first
        kept = FirstScreens.kept

        def seen_drawn(shelf: Shelf, catalog: Catalog, *args: Any) -> None:
            if self.first is None:
                self.first = list(catalog.members(INBOX, SortKey.ADDED).ids())
            drawn(shelf, catalog, *args)

        def seen_kept(screens: FirstScreens, *args: Any) -> Any:
            found = kept(screens, *args)
            self.kept.append(found is not None)
            return found

        monkeypatch.setattr(Shelf, "_drawn_first", seen_drawn)
        monkeypatch.setattr(FirstScreens, "kept", seen_kept)


async def _session(folder: Path, then: Callable[[ArticleList], None] | None = None) -> list[str]:
    """One run of the app until its list is complete and checked: the Inbox's ids in order."""
    app = build_app([folder])
    async with app.run_test(size=(90, 30)) as pilot:
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        await wait_until(pilot, lambda: len(articles.articles) > 0, "the list")
        await settle(pilot)
        return list(ids_of(articles.articles))


async def test_an_unchanged_library_opens_on_the_rows_kept(
    shelf_library: Path, isolated_user: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = await _session(shelf_library)
    seen = _Seen(monkeypatch)
    registered: list[int] = []
    register = LibraryStore.registered

    def seen_registered(library: LibraryStore, ids: Any) -> tuple[int, str]:
        registered.append(len(ids))
        return register(library, ids)

    monkeypatch.setattr(LibraryStore, "registered", seen_registered)
    after = await _session(shelf_library)
    assert seen.kept == [True]
    assert seen.first == after == before
    assert registered == []  # every article had its row: not read again to find new ones


async def test_kept_rows_gone_stale_are_not_shown(
    shelf_library: Path, isolated_user: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files added and removed while the app was closed (the index brought up to date by
    another command, as `reader list` does), and an article archived by another command."""
    before = await _session(shelf_library)
    _article(shelf_library, 20)
    _article(shelf_library, 21)
    (shelf_library / "piece-11.md").unlink()
    load_index([shelf_library], index_cache_path(isolated_user))
    with Store.open(isolated_user) as store:
        store.library.move([before[0]], Location.ARCHIVE)
    seen = _Seen(monkeypatch)
    after = await _session(shelf_library)
    assert seen.kept == [False]
    assert seen.first == after
    assert before[0] not in after and len(after) == len(before) + 2 - 1 - 1


async def test_a_change_in_the_store_alone_makes_them_stale(
    shelf_library: Path, isolated_user: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = await _session(shelf_library)
    with Store.open(isolated_user) as store:
        store.library.move([before[2]], Location.TRASH)
        store.library.move([before[5]], Location.ARCHIVE)
    seen = _Seen(monkeypatch)
    after = await _session(shelf_library)
    assert seen.kept == [False]
    assert seen.first == after == [key for key in before if key not in (before[2], before[5])]
    seen = _Seen(monkeypatch)  # and the next start is quick again, and right
    again = await _session(shelf_library)
    assert seen.kept == [True] and seen.first == again == after


async def test_kept_rows_of_another_index_file_are_not_trusted(
    shelf_library: Path, isolated_user: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store unchanged, but the index file written again since (by `reader list`, say):
    the rows kept came from another version of it, and the first screen is made afresh."""
    before = await _session(shelf_library)
    _article(shelf_library, 22)  # (the newest: it heads the Inbox)
    load_index([shelf_library], index_cache_path(isolated_user))
    seen = _Seen(monkeypatch)
    after = await _session(shelf_library)
    assert seen.kept == [False]
    assert seen.first == after == [after[0], *before]


async def test_a_file_added_unseen_by_the_index_is_listed_once_checked(
    shelf_library: Path, isolated_user: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Neither the index file nor the store changed: the kept rows are shown, and the check of
    the folders that follows brings the new file in."""
    before = await _session(shelf_library)
    _article(shelf_library, 23)
    seen = _Seen(monkeypatch)
    after = await _session(shelf_library)
    assert seen.kept == [True] and seen.first == before
    assert after[1:] == before and after[0] not in before
