"""Text that looks like markup is shown literally everywhere, and never drives the app.

`[@click=app.quit]` is the sharpest case: read as markup, clicking it would quit. Each place the
app draws untrusted text is visited: the article list, the reading pane, the command palette,
notifications, the help screen, the skipped-files screen, the links screen, search results and
the original-file screen.
"""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import OptionList

from reader.ui.screens.help import HelpScreen
from reader.ui.screens.links import LinksScreen
from reader.ui.screens.main import MainScreen
from reader.ui.screens.original import OriginalScreen
from reader.ui.screens.problems import ProblemsScreen
from reader.ui.search.results import ResultList
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.reading_pane import ReadingPane
from tests.ui.helpers import palette_offers, seeds_app, settle, text_of
from tests.ui.pilot_steps import drawn_toasts, open_titled, press_settled

TITLE = "Markup [@click=app.quit]Quit[/] [bold]B[/] $variable"
BODY = "Body [link=file:///etc/passwd]pw[/link] and [/] and [red on white]x."
LINKS = (
    "<title>Links [b]x[/b]</title><p><a href='https://e.example/[bold]'>[@click=app.quit]q</a></p>"
)
NAME = "[@click=app.quit]name[-] $var.md"


def markup_library(tmp_path: Path) -> Path:
    library = tmp_path / "lib"
    library.mkdir()
    (library / "markup.txt").write_text(f"{TITLE}\n\n{BODY}\n")
    (library / "links.html").write_text(LINKS)
    (library / NAME).write_text("")  # skipped: its name is shown on the problems screen
    return library


async def test_list_reading_pane_and_notifications(tmp_path: Path) -> None:
    app = seeds_app(markup_library(tmp_path))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        article_list = app.screen.query_one(ArticleList)
        listed = text_of(article_list)
        assert "[@click=app.quit]Quit[/]" in listed and "[bold]B[/] $variable" in listed
        await pilot.click(ArticleList, offset=(12, 1))  # on the title's "[@click=...]"
        await pilot.click(ArticleList, offset=(12, 1))
        await settle(pilot)
        assert app.is_running
        await open_titled(pilot, TITLE)
        shown = text_of(app.screen.query_one(ReadingPane)).replace("\n", " ")
        assert "[@click=app.quit]Quit[/]" in shown
        assert BODY in shown
        for y in range(8):
            await pilot.click(ReadingPane, offset=(20, y))
        await pilot.press("m")  # bookmark: the notification names the article
        assert f"Bookmarked: {TITLE}" in "\n".join(await drawn_toasts(pilot))
        assert app.is_running


async def test_palette_shows_and_opens_instead_of_quitting(tmp_path: Path) -> None:
    app = seeds_app(markup_library(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"click=app.quit")
        await palette_offers(pilot, TITLE)
        assert isinstance(app.screen, CommandPalette)
        options = app.screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any(TITLE in prompt for prompt in prompts), prompts
        await press_settled(pilot, "enter")
        assert app.is_running
        reading = app.screen.query_one(ReadingPane)
        assert reading.article is not None and reading.article.title == TITLE


async def test_help_problems_links_and_original_screens(tmp_path: Path) -> None:
    app = seeds_app(markup_library(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert '[keys]\n  "reader.bookmark" = "b"' in str(app.screen.query_one("Static").render())
        await pilot.press("escape", "exclamation_mark")
        assert isinstance(app.screen, ProblemsScreen)
        assert NAME in str(app.screen.query_one("#problems-list").render())
        await pilot.press("escape")
        await open_titled(pilot, "Links [b]x[/b]")
        await pilot.press("L")
        assert isinstance(app.screen, LinksScreen)
        options = app.screen.query_one(OptionList)
        prompt = str(options.get_option_at_index(0).prompt)
        assert prompt == "[@click=app.quit]q\n  https://e.example/[bold]"
        await pilot.click(OptionList, offset=(3, 1))
        await settle(pilot)
        await pilot.press("escape", "escape", "escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        await open_titled(pilot, TITLE)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, OriginalScreen)
        assert TITLE in app.screen.query_one("#original-text").text  # type: ignore[attr-defined]
        assert app.is_running


async def test_search_results_and_messages(tmp_path: Path) -> None:
    app = seeds_app(markup_library(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press_settled(pilot, "slash", *"click")
        results = app.screen.query_one(ResultList)
        assert "[@click=app.quit]Quit[/]" in text_of(results)
        await pilot.click(ResultList, offset=(10, 1))
        await settle(pilot)
        assert app.is_running
        await pilot.press("escape", "escape", "slash", *"[italic]zzqqxx[/]")
        await settle(pilot)
        assert "Nothing found for '[italic]zzqqxx[/]'" in text_of(app.screen.query_one(ResultList))
        assert app.is_running
