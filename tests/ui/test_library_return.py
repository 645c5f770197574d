"""Coming back to the library (issue 12): the Inbox with the article last read selected, the
samples where the user put them, and articles whose file went shown as missing, never dropped."""

from __future__ import annotations

from pathlib import Path

from reader.ui.app import build_app
from reader.ui.screens.main import MainScreen
from reader.ui.widgets.article_list import ArticleList
from tests.ui.helpers import seeds_app, settle, text_of, wait_until


async def test_reader_opens_the_inbox_on_the_article_last_read(library: Path) -> None:
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        opened = app.screen.query_one(ArticleList).current
        assert opened is not None and opened.title == "Another piece"
        await wait_until(pilot, lambda: app.writes.pending == 0, "the writes")
    again = build_app([library])
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        article_list = again.screen.query_one(ArticleList)
        await wait_until(
            pilot,
            lambda: article_list.current is not None and article_list.current.title == opened.title,
            "the cursor on the article last read",
        )
        assert str(article_list.border_title).startswith("Inbox")


async def test_samples_land_in_the_inbox_and_stay_where_they_are_put() -> None:
    app = seeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        article_list = app.screen.query_one(ArticleList)
        await wait_until(pilot, lambda: "Inbox · 5" in str(article_list.border_title), "Inbox")
        await pilot.press("e", "d")
        await wait_until(pilot, lambda: app.writes.pending == 0, "the writes")
    again = seeds_app()
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        article_list = again.screen.query_one(ArticleList)
        await wait_until(pilot, lambda: "Inbox · 3" in str(article_list.border_title), "Inbox")
        await pilot.press("2")
        assert "Archive · 1" in str(article_list.border_title)
        await pilot.press("3")
        assert "Trash · 1" in str(article_list.border_title)


async def test_a_file_gone_with_annotations_shows_missing(library: Path) -> None:
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        article_list = app.screen.query_one(ArticleList)
        await pilot.press("m")  # The convoy: bookmarked
        await wait_until(pilot, lambda: app.writes.pending == 0, "the bookmark")
        (library / "convoy.md").unlink()
        (library / "zz-other.md").unlink()  # nothing of the user's: it simply goes
        await wait_until(pilot, lambda: "file missing" in text_of(article_list), "missing row")
        assert "✗ The convoy" in text_of(article_list)
        await wait_until(
            pilot, lambda: "Another piece" not in text_of(article_list), "the other to go"
        )
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert [meta.title for meta in article_list.articles] == ["The convoy"]
        await pilot.press("enter")  # opening says why it cannot
        await settle(pilot)
