"""A store that fails under a running session: every path says what failed, and the app stays up.

The database can stop working while the app runs (a full disk, a file made read-only, another
program damaging it). Each store call of the UI is made to fail here, one at a time.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from reader.store.db import StoreError
from reader.store.state import Store
from reader.ui.app import ReaderApp, build_app
from reader.ui.screens.bookmarks import BookmarksScreen
from reader.ui.screens.highlights import HighlightsScreen
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.reading_pane import ReadingPane
from tests.ui.helpers import settle, text_of, wait_until

REASON = "database error in reader.sqlite3: disk I/O error"


def breaks(monkeypatch: pytest.MonkeyPatch, part: object, method: str) -> None:
    """From now on, `method` of a part of the app's store fails as a broken database does."""

    def fail(*_args: object, **_kwargs: object) -> object:
        raise StoreError(REASON)

    monkeypatch.setattr(part, method, fail)


def query_only(app: ReaderApp, on: bool) -> None:
    """The database refuses every write from now on (or accepts them again), as SQLite does
    for a file that became read-only."""
    with app.store._db.read() as conn:
        conn.execute(f"PRAGMA query_only = {'ON' if on else 'OFF'}")


def notices(app: ReaderApp) -> str:
    return "\n".join(str(notification.message) for notification in app._notifications)


async def open_first(pilot: Pilot[None]) -> ReadingPane:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    pane = pilot.app.screen.query_one(ReadingPane)
    assert pane.article is not None
    return pane


def said(app: ReaderApp, action: str) -> bool:
    return f"Could not {action}: {REASON}" in notices(app)


async def test_m_in_the_list(library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        breaks(monkeypatch, app.store.bookmarks, "toggle")
        await pilot.press("m")
        await settle(pilot)
        assert app.is_running and said(app, "change the bookmark")
        assert "★" not in text_of(app.screen.query_one(ArticleList))


async def test_m_in_the_reading_pane(library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first(pilot)
        breaks(monkeypatch, app.store.bookmarks, "add")  # m while reading adds a bookmark
        await pilot.press("m")
        await settle(pilot)
        assert app.is_running and said(app, "add the bookmark")
        assert "Bookmarked" not in notices(app)


async def test_opening_an_article_whose_opened_time_cannot_be_saved(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        breaks(monkeypatch, app.store.library, "opened")
        pane = await open_first(pilot)
        assert app.is_running and said(app, "remember the article was opened")
        assert "Col. Smith met" in text_of(pane)  # reading goes on


async def test_saving_the_reading_position_on_a_timer(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = build_app([library])
    async with app.run_test(size=(100, 12)) as pilot:
        await open_first(pilot)
        breaks(monkeypatch, app.store.reading, "set_position")
        await pilot.press("space")
        await wait_until(
            pilot, lambda: said(app, "save the reading position"), "the position-save notice"
        )
        assert app.is_running


async def test_saving_the_reading_position_on_the_way_out(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = build_app([library])
    async with app.run_test(size=(100, 12)) as pilot:
        await open_first(pilot)
        breaks(monkeypatch, app.store.reading, "set_position")
        await pilot.press("space", "q")  # quits before the position timer fires
    assert app.return_code == 0


async def test_remembering_the_theme(library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        breaks(monkeypatch, app.store, "set_setting")
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await settle(pilot)
        assert app.is_running and said(app, "remember the theme")


async def test_x_in_the_highlights_list(
    library: Path, isolated_user: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first(pilot)
        await pilot.press("h")
        await settle(pilot)
        await pilot.press("escape", "H")
        await settle(pilot)
        assert isinstance(app.screen, HighlightsScreen)
        breaks(monkeypatch, app.store.highlights, "delete")
        await pilot.press("x")
        await settle(pilot)
        assert app.is_running and said(app, "delete")
        options = app.screen.query_one("#picker-list").options  # type: ignore[attr-defined]
        assert any("Col. Smith" in str(option.prompt) for option in options)
    with Store.open(isolated_user) as store:
        assert len(store.highlights.all()) == 1


async def test_x_in_the_bookmarks_list(
    library: Path, isolated_user: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("m", "M")
        await settle(pilot)
        assert isinstance(app.screen, BookmarksScreen)
        breaks(monkeypatch, app.store.bookmarks, "delete")
        await pilot.press("x")
        await settle(pilot)
        assert app.is_running and said(app, "delete the bookmark")
        assert "Bookmark deleted" not in notices(app)
    with Store.open(isolated_user) as store:
        assert len(store.bookmarks.all()) == 1


async def test_the_highlights_filter_reads_the_store_once(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first(pilot)
        await pilot.press("h", "right_curly_bracket", "h")
        await settle(pilot)
        await pilot.press("escape", "H")
        await settle(pilot)
        breaks(monkeypatch, app.store.highlights, "all")  # typing must not need the store
        await pilot.press("slash", *"yurts")
        await settle(pilot)
        options = app.screen.query_one("#picker-list").options  # type: ignore[attr-defined]
        enabled = [option for option in options if not option.disabled]
        assert len(enabled) == 1 and "yurts" in str(enabled[0].prompt)
        assert "Could not" not in notices(app)


async def test_a_database_that_became_read_only(
    library: Path, isolated_user: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every write fails as SQLite fails it; reading goes on, each refusal says what failed."""
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_first(pilot)
        query_only(app, True)
        await pilot.press("h", "m", "escape", "down", "enter")
        await settle(pilot)
        assert app.is_running and pane.article is not None
        assert pane.article.title == "Another piece" and pane.highlights == []
        shown = notices(app)
        for action in ("highlight", "add the bookmark", "remember the article was opened"):
            assert f"Could not {action}: " in shown and "readonly database" in shown
        query_only(app, False)
    with Store.open(isolated_user) as store:
        assert store.highlights.all() == [] and store.bookmarks.all() == []
