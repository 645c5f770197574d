"""Adding a web page and refreshing feeds from inside the app, against the local fixture site."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.app import App
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, Static

from reader.store.state import Store
from reader.ui.app import build_app
from reader.ui.ingest import RefreshProgress
from reader.ui.screens.add_url import AddUrlScreen
from reader.ui.screens.main import MainScreen
from reader.ui.widgets.article_list import ArticleList
from tests.ingest.pages import FULL_FEED, PAGES, serve_fixtures
from tests.ingest.server import LocalSite
from tests.ui.helpers import settle, text_of, wait_until

NEWS = PAGES["news"]


@pytest.fixture
def site() -> Iterator[LocalSite]:
    with LocalSite() as running:
        yield serve_fixtures(running)


async def open_dialog(pilot: Pilot[None]) -> AddUrlScreen:
    await settle(pilot)
    await pilot.press("A")
    dialog = pilot.app.screen
    assert isinstance(dialog, AddUrlScreen)
    return dialog


def in_the_list(app: App[None], title: str) -> bool:
    """The main screen is back on top and its article list shows `title`."""
    screen = app.screen
    return isinstance(screen, MainScreen) and title in text_of(screen.query_one(ArticleList))


def status_of(screen: AddUrlScreen) -> str:
    return str(screen.query_one("#add-url-status", Static).render())


async def test_a_url_added_from_the_app_appears_in_the_list(
    site: LocalSite, isolated_user: Path
) -> None:
    app = build_app()
    async with app.run_test(size=(110, 32)) as pilot:
        dialog = await open_dialog(pilot)
        dialog.query_one(Input).value = site.url(NEWS.path)
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: in_the_list(app, "Harbour council approves flood"),
            "the saved page in the list",
        )
        await settle(pilot)
        assert isinstance(app.screen, MainScreen), "the dialog closes once the page is saved"
        listed = text_of(app.screen.query_one(ArticleList))
        assert "Harbour council approves flood" in listed
        assert "The Harbour Gazette" in listed  # where it came from, in its meta line
        notices = [notice.message for notice in app._notifications]
        assert any(message.startswith(f"saved: {NEWS.title}") for message in notices)
    assert len(list((isolated_user / "library").rglob("*.md"))) == 1


async def test_a_failed_fetch_says_why_and_keeps_the_url(site: LocalSite) -> None:
    app = build_app()
    async with app.run_test(size=(110, 32)) as pilot:
        dialog = await open_dialog(pilot)
        for path, reason in (("/missing", "404 Not Found"), ("/image.png", "image/png")):
            dialog.query_one(Input).value = site.url(path)
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen is dialog
            assert status_of(dialog).startswith("Could not add it: ")
            assert reason in status_of(dialog)
            assert dialog.query_one(Input).value == site.url(path)
        dialog.query_one(Input).value = "ftp://files.example/a"
        await pilot.press("enter")
        assert "only http and https" in status_of(dialog)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_closing_while_fetching_keeps_reading_and_still_saves(
    site: LocalSite, isolated_user: Path
) -> None:
    app = build_app()
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        await pilot.press("A")
        app.screen.query_one(Input).value = site.url(NEWS.path)
        site.hold()  # the page is still being fetched while the dialog closes
        await pilot.press("enter")
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("j")  # the list still answers while the page is fetched
        site.release()
        await wait_until(
            pilot,
            lambda: in_the_list(app, "Harbour council approves flood"),
            "the saved page in the list",
        )
        await settle(pilot)
        assert "Harbour council approves flood" in text_of(app.screen.query_one(ArticleList))


async def test_refresh_feeds_shows_progress_then_a_summary(
    site: LocalSite, isolated_user: Path
) -> None:
    with Store.open(isolated_user) as store:
        store.feeds.subscribe(site.url(FULL_FEED))
    app = build_app()
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        site.hold()  # the feed is not answered until the progress bar was seen
        await pilot.press("R")
        await pilot.pause()
        assert app.screen.query(RefreshProgress), "a progress bar while feeds refresh"
        site.release()
        await wait_until(pilot, lambda: in_the_list(app, "The night ferry"), "the feed's articles")
        await settle(pilot)
        assert not app.screen.query(RefreshProgress)
        notices = [notice.message for notice in app._notifications]
        assert any(message.startswith("1 feed: 3 new, 0 updated, 0 failed") for message in notices)
        assert "The night ferry" in text_of(app.screen.query_one(ArticleList))


async def test_refresh_without_feeds_says_how_to_add_one() -> None:
    app = build_app()
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await pilot.pause()
        notices = [notice.message for notice in app._notifications]
        assert any("reader feed add URL" in message for message in notices)


async def test_a_page_saved_while_the_palette_is_open_closes_the_dialog_not_the_palette(
    site: LocalSite,
) -> None:
    """The dialog closed itself once the page was saved with Textual's `dismiss`, which closes
    the screen on top: the palette opened meanwhile closed instead, and the dialog stayed."""
    app = build_app()
    async with app.run_test(size=(110, 32)) as pilot:
        dialog = await open_dialog(pilot)
        dialog.query_one(Input).value = site.url(NEWS.path)
        site.hold()
        await pilot.press("enter", "ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        site.release()
        await wait_until(pilot, lambda: not app.workers, "the page to be saved")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        await wait_until(
            pilot,
            lambda: in_the_list(app, "Harbour council approves flood"),
            "the dialog closed, the saved page in the list",
        )
