"""Keys anyone finds: `?` and `q` always in the key bar, `?` listing the palette, keys named as
they are typed everywhere, and a config file with mistakes starting anyway, saying what it
ignored and on which line."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from reader.ui.key_names import key_display, keys_for
from reader.ui.keys import COMMANDS
from reader.ui.screens.help import HelpScreen, help_content
from reader.ui.widgets.key_bar import KeyBar
from tests.ui.helpers import palette_offers, seeds_app, settle
from tests.ui.test_store_failures import notices

#: Textual's names for keys that people type as one character.
TEXTUAL_NAMES = ("slash", "plus", "exclamation_mark", "question_mark", "parenthesis", "bracket")


def key_bar(pilot: Pilot[None]) -> str:
    return str(pilot.app.screen.query_one(KeyBar).render())


@pytest.mark.parametrize("width", [80, 60])
async def test_help_and_quit_are_in_the_key_bar_at_any_width(width: int) -> None:
    app = seeds_app()
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        for place in ("the list", "the reading pane"):
            shown = key_bar(pilot)
            assert "? Help" in shown and "q Quit" in shown, f"{place}: {shown!r}"
            assert "^q" not in shown
            await pilot.press("enter")
            await settle(pilot)
        await pilot.press("slash")  # the search bar takes q and ? as typing
        shown = key_bar(pilot)
        assert "^q Quit" in shown and "? Help" not in shown and "/ Search" not in shown


async def test_help_lists_the_palette_and_names_keys_as_typed() -> None:
    text = str(help_content({}))
    assert "ctrl+p" in text and "Command palette" in text and "reader.palette" in text
    for name in TEXTUAL_NAMES:
        assert name not in text, name
    for typed, command_id in (("/", "reader.search"), ("+", "reader.more"), ("!", "problems")):
        line = next(line for line in text.splitlines() if command_id in line)
        assert line.strip().startswith(typed), line
    app = seeds_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


async def test_the_palette_names_keys_as_typed() -> None:
    app = seeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"skipped files")
        await palette_offers(pilot, "! · ")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+p", *"show more")
        await palette_offers(pilot, "+ · ")


def test_every_key_in_the_table_is_shown_as_typed() -> None:
    for command in COMMANDS:
        shown = keys_for(command, {})
        for name in TEXTUAL_NAMES:
            assert name not in shown, (command.id, shown)
    assert key_display("ctrl+p", compact=True) == "^p" and key_display("slash") == "/"


async def test_a_config_with_mistakes_starts_and_says_what_it_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        'theme = "no-such-theme"\n'
        "[keys]\n"
        '"reader.bookmrk" = "b"\n'
        '"reader.read.bookmark" = "B"\n'  # the old id of m while reading: still read
        "this line is not TOML\n"
        '"reader.help" = "f1,question_mark"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("READER_CONFIG", str(config))
    app = seeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        said = notices(app)
        assert f"{config} line 1: no theme is called 'no-such-theme'" in said
        assert f"{config} line 3: 'reader.bookmrk' is not a command id" in said
        assert f"{config} line 5 ignored" in said and "this line is not TOML" in said
        assert app.config.keymap == {"reader.bookmark": "B", "reader.help": "f1,question_mark"}
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)  # the lines after the broken one count


@pytest.mark.parametrize(("key", "own_key"), [("H", "/ Filter"), ("exclamation_mark", "! Close")])
async def test_a_dialog_names_its_own_keys_and_lets_help_through(key: str, own_key: str) -> None:
    """Over a dialog (`H`, `!`) the key bar names the dialog's keys, not the list's that do
    nothing meanwhile, and `?` (which Textual stops at a modal screen) opens the help."""
    app = seeds_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        main = app.screen
        bar = main.query_one(KeyBar)
        assert "m Bookmark" in str(bar.render())
        await pilot.press(key)
        await settle(pilot)
        dialog = app.screen
        assert dialog is not main
        shown = str(bar.render())
        assert own_key in shown and "? Help" in shown and "^p Palette" in shown, shown
        assert "m Bookmark" not in shown and "enter Open" not in shown, shown
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is dialog and own_key in str(bar.render())
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is main and "m Bookmark" in str(bar.render())
