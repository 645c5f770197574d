"""Bookmarks as places: `m` adds one at the caret (an article has as many as wanted), the
margin marks them, `x` on a bookmark's line or in `M` removes that one, and `u` undoes."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from reader.store.bookmarks import Bookmark
from reader.ui.app import ReaderApp, build_app
from reader.ui.screens.bookmarks import BookmarksScreen
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.reading_lines import BOOKMARK_MARK
from reader.ui.widgets.reading_pane import ReadingPane
from tests.ui.helpers import settle, wait_until
from tests.ui.test_annotate import open_convoy
from tests.ui.test_store_failures import notices


def bookmarks(app: ReaderApp) -> list[Bookmark]:
    return app.store.bookmarks.all()


def marked_rows(pane: ReadingPane) -> list[int]:
    """The rows on screen with the bookmark mark in the margin (the text column is centred)."""
    rows, margin = range(pane.scrollable_content_region.height), pane.view.left_margin()
    return [y for y in rows if BOOKMARK_MARK in pane.render_line(y).text[:margin]]


def row_of(pane: ReadingPane, offset: int) -> int:
    return pane.cursor.map.row_of(offset) - int(pane.scroll_y)


async def press(pilot: Pilot[None], *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


async def test_m_adds_a_bookmark_at_each_place_and_the_margin_marks_them(library: Path) -> None:
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_convoy(app, pilot)
        first = pane.caret
        await press(pilot, "m")
        await press(pilot, "right_curly_bracket", "m")  # the next paragraph: a second one
        second = pane.caret
        assert sorted(mark.position for mark in bookmarks(app)) == [first, second]
        assert marked_rows(pane) == [row_of(pane, first), row_of(pane, second)]
        await press(pilot, "m")  # the same line again: no third bookmark
        assert len(bookmarks(app)) == 2
        assert any("Bookmarked here already" in notice for notice in notices(app).split("\n"))


async def test_x_on_a_bookmarks_line_removes_that_one_and_u_brings_it_back(
    library: Path,
) -> None:
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_convoy(app, pilot)
        await press(pilot, "m", "right_curly_bracket", "m")
        second = pane.caret
        await press(pilot, "x")
        assert [mark.position for mark in bookmarks(app)] != [second]
        assert len(bookmarks(app)) == 1 and row_of(pane, second) not in marked_rows(pane)
        await press(pilot, "u")
        assert sorted(mark.position for mark in bookmarks(app))[-1] == second
        assert row_of(pane, second) in marked_rows(pane)
        await press(pilot, "right_curly_bracket", "x")  # no highlight, no bookmark here
        assert len(bookmarks(app)) == 2
        assert "Nothing to delete here" in notices(app)


async def test_x_in_M_removes_the_one_chosen_and_the_margin_follows(library: Path) -> None:
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_convoy(app, pilot)
        await press(pilot, "m", "right_curly_bracket", "m")
        await press(pilot, "M")
        assert isinstance(app.screen, BookmarksScreen)
        await press(pilot, "x")
        await wait_until(pilot, lambda: len(bookmarks(app)) == 1, "one bookmark left")
        await press(pilot, "escape")
        assert len(marked_rows(pane)) == 1
        await press(pilot, "u")
        assert len(bookmarks(app)) == 2 and len(marked_rows(pane)) == 2


async def test_m_in_the_list_never_takes_several_bookmarks_at_once(library: Path) -> None:
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        await open_convoy(app, pilot)
        await press(pilot, "m", "right_curly_bracket", "m", "escape")
        assert isinstance(app.screen.focused, ArticleList)
        await press(pilot, "m")
        assert len(bookmarks(app)) == 2
        assert "2 bookmarks in The convoy: M lists them" in notices(app)


async def test_the_readme_remap_moves_m_in_the_list_and_while_reading(
    library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[keys]\n"reader.bookmark" = "b"\n', encoding="utf-8")
    monkeypatch.setenv("READER_CONFIG", str(config))
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_convoy(app, pilot)
        await press(pilot, "m")
        assert bookmarks(app) == []
        await press(pilot, "b")
        assert [mark.position for mark in bookmarks(app)] == [pane.caret]
