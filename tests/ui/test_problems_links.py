"""Pilot tests: the skipped-files notice and screen, the links screen, and "show more"."""

from __future__ import annotations

import os
import threading
import webbrowser
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widget import Widget
from textual.widgets import OptionList

from reader.core.article import ArticleMeta
from reader.core.text import parse
from reader.ui.screens import links
from reader.ui.screens.confirm import ConfirmScreen
from reader.ui.screens.links import LinksScreen
from reader.ui.screens.main import MainScreen
from reader.ui.screens.problems import ProblemsScreen
from reader.ui.widgets.reading_pane import ReadingPane
from tests.ui.helpers import palette_offers, seeds_app, settle, text_of, wait_until
from tests.ui.pilot_steps import drawn_toasts, open_titled, press_settled

LINKS_MD = """# Links here

Read [the docs](https://docs.example/start) and [a local file](file:///etc/passwd),
or [run this](javascript:alert(1)). Also http://bare.example/page.
"""


#: Seconds a held-back thread waits at most (a failing test must not hang the suite).
WAIT_AT_MOST = 10.0


def rendered(widget: Widget) -> str:
    return str(widget.render())


class FakeBrowser:
    """Stands in for the user's browser: records what it was asked to open."""

    def __init__(self) -> None:
        self.opened: list[str] = []

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        self.opened.append(url)
        return True


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every URL handed to the browser; nothing really opens, and no SSH is assumed."""
    browser = FakeBrowser()
    monkeypatch.setattr(webbrowser, "get", lambda using=None: browser)
    monkeypatch.setattr(webbrowser, "open", lambda *args, **kwargs: pytest.fail("open()"))
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    monkeypatch.delenv("SSH_TTY", raising=False)
    return browser.opened


def library_with(tmp_path: Path, files: dict[str, bytes]) -> Path:
    library = tmp_path / "lib"
    library.mkdir()
    for name, data in files.items():
        (library / name).write_bytes(data)
    return library


async def test_skipped_files_are_counted_and_listed_with_reasons(tmp_path: Path) -> None:
    library = library_with(
        tmp_path,
        {
            "good.txt": b"A good headline\n\nSome text.\n",
            "empty.txt": b"",
            "binary.md": b"\x89PNG\r\n\x1a\n\x00\x00" * 40,
            "name\x1b]0;PWNED\x07 [bold]x[-].txt": b" \n",
        },
    )
    os.mkfifo(library / "pipe.txt")
    app = seeds_app(library)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        assert any(
            "4 files skipped — press ! to see why" in toast for toast in await drawn_toasts(pilot)
        )
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        shown = rendered(app.screen.query_one("#problems-list"))
        assert "empty.txt\n  empty file" in shown
        assert "binary.md\n  binary file" in shown
        assert "pipe.txt\n  not a regular file (a FIFO, socket or device), not opened" in shown
        assert "name [bold]x[-].txt\n  empty file" in shown  # sanitised, literal, not markup
        assert "\x1b" not in shown and "PWNED" not in shown
        assert str(tmp_path) not in shown  # relative to the library folder
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_problems_from_the_palette(tmp_path: Path) -> None:
    app = seeds_app(library_with(tmp_path, {"a.txt": b"Title here\n\nText.\n", "e.md": b""}))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"skipped files")
        await palette_offers(pilot, "Skipped files")
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: isinstance(app.screen, ProblemsScreen), "the skipped-files screen"
        )
        assert isinstance(app.screen, ProblemsScreen)
        assert "e.md" in rendered(app.screen.query_one("#problems-list"))


async def test_links_screen_lists_and_opens_only_after_asking(
    tmp_path: Path, opened: list[str]
) -> None:
    app = seeds_app(library_with(tmp_path, {"links.md": LINKS_MD.encode()}))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await open_titled(pilot, "Links here")
        assert opened == []  # reading never opens anything
        await pilot.click(ReadingPane, offset=(10, 5))
        assert opened == []
        await pilot.press("L")
        assert isinstance(app.screen, LinksScreen)
        options = app.screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert prompts == [
            "the docs\n  https://docs.example/start",
            "a local file\n  file:///etc/passwd",
            "run this\n  javascript:alert(1)",
            "http://bare.example/page\n  http://bare.example/page",
        ]
        await press_settled(pilot, "enter")
        assert isinstance(app.screen, ConfirmScreen)
        assert opened == []
        await pilot.press("escape")  # no: nothing happens
        await settle(pilot)
        assert isinstance(app.screen, LinksScreen) and opened == []
        await press_settled(pilot, "enter")
        await pilot.press("y")
        await settle(pilot)
        assert opened == ["https://docs.example/start"]


async def test_the_question_answered_late_waits_for_the_links_screen(
    tmp_path: Path, opened: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Enter on a link decides what may happen in a thread; the palette opened meanwhile was
    covered by the "Open in the browser?" question (yes focused), which took the `enter`
    meant for the palette. The question waits until the links screen is on top again."""
    decided = threading.Event()

    def slow_over_ssh() -> bool:
        decided.wait(WAIT_AT_MOST)
        return False

    monkeypatch.setattr(links, "over_ssh", slow_over_ssh)
    app = seeds_app(library_with(tmp_path, {"links.md": LINKS_MD.encode()}))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await open_titled(pilot, "Links here")
        await pilot.press("L", "enter", "ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        decided.set()
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("n")
        assert isinstance(app.screen, LinksScreen) and opened == []


@pytest.mark.parametrize("row", [1, 2])
async def test_links_that_are_not_web_addresses_are_refused(
    tmp_path: Path, opened: list[str], row: int
) -> None:
    app = seeds_app(library_with(tmp_path, {"links.md": LINKS_MD.encode()}))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await open_titled(pilot, "Links here")
        await pilot.press("L", *["down"] * row, "enter")
        await settle(pilot)
        assert isinstance(app.screen, LinksScreen)  # no dialog at all
        assert any("Not opened" in toast for toast in await drawn_toasts(pilot))
        assert opened == []


@pytest.mark.parametrize("env", ["SSH_CONNECTION", "SSH_TTY", "no-browser"])
async def test_over_ssh_or_without_a_browser_the_link_is_copied(
    tmp_path: Path, opened: list[str], monkeypatch: pytest.MonkeyPatch, env: str
) -> None:
    if env == "no-browser":

        def no_browser(using: str | None = None) -> webbrowser.BaseBrowser:
            raise webbrowser.Error("could not locate runnable browser")

        monkeypatch.setattr(webbrowser, "get", no_browser)
    else:
        monkeypatch.setenv(env, "10.0.0.1 5000 10.0.0.2 22")
    app = seeds_app(library_with(tmp_path, {"links.md": LINKS_MD.encode()}))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await open_titled(pilot, "Links here")
        await pilot.press("L", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Copy this link" in rendered(app.screen.query_one("#confirm-question"))
        await press_settled(pilot, "enter")
        assert app.clipboard == "https://docs.example/start"
        assert opened == []


async def test_links_key_without_links_says_so(tmp_path: Path) -> None:
    app = seeds_app(library_with(tmp_path, {"a.txt": b"Plain headline\n\nNo links.\n"}))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("L")
        assert any("Open an article first." in toast for toast in await drawn_toasts(pilot))
        await press_settled(pilot, "enter")
        await pilot.press("L")
        assert isinstance(app.screen, MainScreen)
        assert any("No links in this article." in toast for toast in await drawn_toasts(pilot))


async def test_a_cut_article_says_so_and_shows_more_step_by_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parse, "MAX_ARTICLE_BYTES", 16 * 1024)
    monkeypatch.setattr(parse, "SHOW_MORE_CEILING", 64 * 1024)
    body = "".join(f"Paragraph {i} of a long file with some words.\n\n" for i in range(3000))
    app = seeds_app(library_with(tmp_path, {"big.txt": f"Long file\n\n{body}".encode()}))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await press_settled(pilot, "enter")
        reading = app.screen.query_one(ReadingPane)
        assert reading.article is not None and reading.article.truncated_at == 16 * 1024
        assert any(
            "Article truncated at 16 KB — press + to show more (up to 64 KB)." in toast
            for toast in await drawn_toasts(pilot)
        )
        await pilot.press("G")
        assert "Article truncated at 16 KB" in text_of(reading)
        await pilot.press("g", "plus")
        await settle(pilot)
        assert reading.article.truncated_at == 64 * 1024
        assert "Paragraph 1000 of" in reading.article.body
        await pilot.press("plus")
        await settle(pilot)
        assert any("as far as the reader goes" in toast for toast in await drawn_toasts(pilot))
        assert app.screen.focused is reading


async def test_show_more_on_a_whole_article_says_so() -> None:
    app = seeds_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await press_settled(pilot, "enter")
        await pilot.press("plus")
        assert any("This article is shown whole." in toast for toast in await drawn_toasts(pilot))


def test_meta_of_a_link_article_is_unchanged(tmp_path: Path) -> None:
    """Links live on `Article` only: the list's `ArticleMeta` has no new field."""
    assert "links" not in ArticleMeta.__struct_fields__
