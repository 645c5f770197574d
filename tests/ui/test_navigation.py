"""Pilot tests: what a user does with the keyboard, and what they see."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette

from reader.ui.screens.help import HelpScreen
from reader.ui.screens.main import MainScreen
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.reading_pane import ReadingPane
from tests.ui.helpers import palette_offers, seeds_app, settle, text_of


async def test_starts_on_the_list_with_every_seed() -> None:
    app = seeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        article_list = app.screen.query_one(ArticleList)
        assert len(article_list.articles) == 5
        assert app.screen.focused is article_list
        assert "Inbox · 5" in str(article_list.border_title)
        assert "Kazakhstan increases uncertainty" in text_of(article_list)
        assert "●" in text_of(article_list)  # everything is unread at first


async def test_move_open_read_and_go_back() -> None:
    app = seeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        article_list = app.screen.query_one(ArticleList)
        await pilot.press("j")
        assert article_list.cursor == 1
        await pilot.press("G")
        assert article_list.cursor == 4
        await pilot.press("g", "down")
        target = article_list.current
        assert target is not None
        await pilot.press("enter")
        await settle(pilot)
        reading = app.screen.query_one(ReadingPane)
        assert app.screen.focused is reading
        assert reading.article is not None and reading.article.id == target.id
        shown = text_of(reading)
        assert target.title[:30] in shown.replace("\n", " ")
        assert "%" in str(reading.border_subtitle)
        await pilot.press("escape")
        assert app.screen.focused is article_list
        # Opening alone does not make the article read (issue 12): its unread dot stays.
        await settle(pilot)
        assert not article_list.marks_of(target.id).read


async def test_tab_switches_panes() -> None:
    app = seeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        assert isinstance(app.screen.focused, ReadingPane)
        await pilot.press("shift+tab")
        assert isinstance(app.screen.focused, ArticleList)


async def test_reading_pane_scrolls_and_shows_position() -> None:
    app = seeds_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        reading = app.screen.query_one(ReadingPane)
        assert str(reading.border_subtitle).startswith("0%")
        await pilot.press("space")
        assert reading.scroll_y > 0
        await pilot.press("G")
        assert str(reading.border_subtitle).startswith("100%")
        await pilot.press("g")
        assert reading.scroll_y == 0


async def test_help_lists_every_group_and_closes() -> None:
    app = seeds_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        help_text = str(app.screen.query_one("Static").render())
        for expected in ("Everywhere", "Article list", "Reading pane", "reader.bookmark", "Open"):
            assert expected in help_text
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_palette_opens_an_article_by_title() -> None:
    app = seeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"declared victory")
        await palette_offers(pilot, "Putin declared victory in Kazakhstan")
        await pilot.press("enter")
        await settle(pilot)
        reading = app.screen.query_one(ReadingPane)
        assert reading.article is not None
        assert reading.article.title == "Putin declared victory in Kazakhstan"


async def test_quit_with_q() -> None:
    app = seeds_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_bookmark_from_the_list_is_saved_and_marked() -> None:
    app = seeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        article_list = app.screen.query_one(ArticleList)
        meta = article_list.current
        assert meta is not None
        await pilot.press("m")
        await settle(pilot)  # saved through the store's writer
        assert meta.id in app.store.bookmarks.article_ids()
        assert "★" in text_of(article_list)
        await pilot.press("m")
        await settle(pilot)
        assert meta.id not in app.store.bookmarks.article_ids()


async def test_bookmark_toggled_twice_in_one_burst_is_off() -> None:
    """`m m` typed at once: the second sees the first's answer, so the bookmark is off."""
    app = seeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        article_list = app.screen.query_one(ArticleList)
        meta = article_list.current
        assert meta is not None
        await pilot.press("m", "m")
        await settle(pilot)
        assert meta.id not in app.store.bookmarks.article_ids()
        assert "★" not in text_of(article_list)


async def test_reading_position_and_theme_survive_a_restart() -> None:
    app = seeds_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        await pilot.press("space", "space")
        reading = app.screen.query_one(ReadingPane)
        offset = reading.view.top_offset
        assert offset > 0
        app.theme = "nord"
        await pilot.pause()
    again = seeds_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert again.theme == "nord"
        # The list starts on the article last read (issue 12): enter opens it where it was left.
        await pilot.press("enter")
        await settle(pilot)
        assert again.screen.query_one(ReadingPane).view.top_offset == offset


async def test_original_file_is_reachable() -> None:
    app = seeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        area = app.screen.query_one("TextArea")
        assert (
            "Leave a Comment" in area.text
            or "Comments are closed" in area.text
            or "Post a Comment" in area.text
            or "Leave a Reply" in area.text
        )
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_keys_can_be_remapped_from_the_config(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    config = tmp_path / "config.toml"
    config.write_text('[keys]\n"reader.bookmark" = "b"\n', encoding="utf-8")
    monkeypatch.setenv("READER_CONFIG", str(config))
    app = seeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        meta = app.screen.query_one(ArticleList).current
        assert meta is not None
        await pilot.press("m")
        assert meta.id not in app.store.bookmarks.article_ids()
        await pilot.press("b")
        assert meta.id in app.store.bookmarks.article_ids()


async def test_narrow_window_shows_one_pane_at_a_time() -> None:
    app = seeds_app()
    async with app.run_test(size=(50, 24)) as pilot:
        await settle(pilot)
        article_list = app.screen.query_one(ArticleList)
        reading = app.screen.query_one("#reading-column")  # the pane and its note view
        assert article_list.display and not reading.display
        await pilot.press("enter")
        await settle(pilot)
        assert reading.display and not article_list.display
        await pilot.press("escape")
        await pilot.pause()
        assert article_list.display and not reading.display


async def test_tiny_window_says_so_and_survives_resizes() -> None:
    app = seeds_app()
    async with app.run_test(size=(20, 6)) as pilot:
        await settle(pilot)
        notice = app.screen.query_one("#too-small")
        assert notice.display
        assert "too small" in str(notice.render()).lower()
        for size in [(1, 1), (200, 60), (5, 3), (80, 24), (59, 10), (61, 10), (1, 40), (120, 40)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
        assert not notice.display
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one(ReadingPane).article is not None


async def test_markup_in_files_is_shown_literally(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    library.mkdir()
    (library / "evil.txt").write_text(
        "[bold]Bold[/] [@click=app.quit]title[/]\n\n"
        "Body with [link=file:///etc/passwd]a link[/link] and $variable and [/].\n",
        encoding="utf-8",
    )
    app = seeds_app(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "[bold]Bold[/]" in text_of(app.screen.query_one(ArticleList))
        await pilot.press("enter")
        await settle(pilot)
        shown = text_of(app.screen.query_one(ReadingPane))
        assert "[link=file:///etc/passwd]a link[/link]" in shown
        assert "$variable" in shown
        await pilot.press("ctrl+p")
        await pilot.press(*"bold")
        await palette_offers(pilot, "[bold]Bold[/]")  # the title, literally
        await pilot.press("escape")
        await pilot.press("question_mark", "escape")
        assert app.is_running


async def test_escape_codes_in_file_names_never_reach_the_screen(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    library.mkdir()
    (library / "title\x1b]0;pwned\x07.txt").write_text("Plain title\n\nSome body text.\n")
    (library / "broken\x1b[2J.txt").write_bytes(b"")  # empty: skipped, and reported by name
    app = seeds_app(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        notices = [str(notice.message) for notice in app._notifications]
        assert any("skipped" in notice for notice in notices)
        assert not any("\x1b" in notice for notice in notices)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        title = str(app.screen.query_one("#original-title").render())
        assert title.endswith("lib/title.txt")  # the OSC sequence is gone, the name readable
        assert "\x1b" not in title and "\x07" not in title
