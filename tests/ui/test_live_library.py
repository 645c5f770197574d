"""The library stays live: files that appear, change or leave while the app runs reach the list
without a restart, and the cursor stays on the article it was on."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from reader.ui.app import ReaderApp, build_app
from reader.ui.screens.main import MainScreen
from reader.ui.widgets.article_list import ArticleList
from tests.ui.helpers import settle, wait_until


def _article(title: str, date: str = "2020-01-01", words: str = "Some words here.") -> str:
    return f"---\ntitle: {title}\ndate: {date}\n---\n\n{words}\n"


def _titles(app: ReaderApp) -> list[str]:
    return [meta.title for meta in app.screen.query_one(ArticleList).articles]


async def _shown(pilot: Pilot[None], title: str, present: bool = True) -> None:
    app = pilot.app
    assert isinstance(app, ReaderApp)
    await wait_until(
        pilot,
        lambda: (title in _titles(app)) is present,
        f"{title!r} to {'appear in' if present else 'leave'} the list",
    )


async def test_a_file_dropped_in_appears_and_the_cursor_stays(library: Path) -> None:
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        article_list = app.screen.query_one(ArticleList)
        await pilot.press("j")
        before = article_list.current
        assert before is not None
        (library / "fresh.md").write_text(_article("Fresh arrival", "2031-05-05"), "utf-8")
        await _shown(pilot, "Fresh arrival")
        assert _titles(app)[0] == "Fresh arrival"  # the newest comes first...
        assert article_list.current == before  # ...and the cursor stays on its article


async def test_an_edited_file_changes_its_title_and_a_removed_one_goes(library: Path) -> None:
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        (library / "zz-other.md").write_text(_article("Another piece, retitled"), "utf-8")
        await _shown(pilot, "Another piece, retitled")
        assert "Another piece" not in _titles(app)
        (library / "zz-other.md").unlink()
        await _shown(pilot, "Another piece, retitled", present=False)
        assert _titles(app) == ["The convoy"]


async def test_files_in_new_folders_and_bursts_all_arrive(library: Path) -> None:
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        folder = library / "later" / "deeper"
        folder.mkdir(parents=True)
        for number in range(30):
            (folder / f"{number:02}.md").write_text(_article(f"Burst {number:02}"), "utf-8")
        await wait_until(
            pilot, lambda: len(_titles(app)) == 32, "all thirty new articles to be listed"
        )


async def test_temporary_and_hidden_files_never_show(library: Path) -> None:
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        (library / ".half-written.md").write_text(_article("Hidden"), "utf-8")
        (library / "notes.md.swp").write_text("swap", "utf-8")
        (library / "marker.md").write_text(_article("Marker"), "utf-8")
        await _shown(pilot, "Marker")
        assert "Hidden" not in _titles(app)


async def test_ctrl_r_rescans_at_once(library: Path) -> None:
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen.library.stop()  # as on a mount that gives no events
        (library / "unseen.md").write_text(_article("Seen after ctrl+r"), "utf-8")
        await settle(pilot)
        assert "Seen after ctrl+r" not in _titles(app)
        await pilot.press("ctrl+r")
        await _shown(pilot, "Seen after ctrl+r")


async def test_the_library_folder_made_while_running_is_watched(isolated_user: Path) -> None:
    """`reader add` in another shell makes the library folder on its first article."""
    app = build_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        folder = isolated_user / "library" / "example.org"
        folder.mkdir(parents=True)
        (folder / "saved.md").write_text(_article("Saved from another shell"), "utf-8")
        await _shown(pilot, "Saved from another shell")
        (folder / "second.md").write_text(_article("And a second"), "utf-8")
        await _shown(pilot, "And a second")


async def test_polling_where_there_are_no_events(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WATCHFILES_FORCE_POLLING", "1")  # as on a network mount, or WSL
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        (library / "polled.md").write_text(_article("Found by polling"), "utf-8")
        await _shown(pilot, "Found by polling")


async def test_folders_made_later_are_watched_in_turn(library: Path, tmp_path: Path) -> None:
    """Each folder is watched on its own (Linux): one made while the app runs is watched from
    then on, however deep, with a dot in its name, or moved in whole from elsewhere."""
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        month = library / "2031.05"
        month.mkdir()
        (month / "first.md").write_text(_article("First of May"), "utf-8")
        await _shown(pilot, "First of May")
        (month / "second.md").write_text(_article("Second of May"), "utf-8")
        await _shown(pilot, "Second of May")
        deeper = month / "week 1" / "day 2"
        deeper.mkdir(parents=True)
        (deeper / "deep.md").write_text(_article("Deep down"), "utf-8")
        await _shown(pilot, "Deep down")
        (deeper / "deeper.md").write_text(_article("Deeper still"), "utf-8")
        await _shown(pilot, "Deeper still")
        outside = tmp_path / "elsewhere"
        (outside / "inner").mkdir(parents=True)
        (outside / "inner" / "moved.md").write_text(_article("Moved in whole"), "utf-8")
        outside.rename(library / "moved")
        await _shown(pilot, "Moved in whole")
        (library / "moved" / "inner" / "after.md").write_text(_article("After the move"), "utf-8")
        await _shown(pilot, "After the move")
