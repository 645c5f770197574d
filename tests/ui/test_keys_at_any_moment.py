"""Keys that arrive before the app is ready for them, or all at once, as over SSH (issue 19).

A terminal delivers a burst of keys in one read: each key must act on the state the keys before
it left, whether or not the work they started has answered yet.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.command import CommandList, CommandPalette

from reader.store.state import Store
from reader.ui.app import ReaderApp, build_app
from reader.ui.screens.note_editor import NoteEditor
from reader.ui.widgets.reading_pane import ReadingPane
from tests.ui.helpers import seeds_app, settle

#: Every key of the reading pane that moves the caret, selects or scrolls.
CARET_KEYS = [
    "j",
    "k",
    "up",
    "down",
    "left",
    "right",
    "w",
    "b",
    "right_parenthesis",
    "left_parenthesis",
    "right_curly_bracket",
    "left_curly_bracket",
    "g",
    "G",
    "home",
    "end",
    "space",
    "pagedown",
    "pageup",
    "v",
    "n",
    "N",
    "right_square_bracket",
    "left_square_bracket",
]


def burst(app: ReaderApp, *keys: str) -> None:
    """Queues `keys` at once, as a terminal read delivers them."""
    for key in keys:
        character = key if len(key) == 1 else None
        app.post_message(events.Key(key, character))


async def test_caret_keys_before_any_article_is_open_do_nothing() -> None:
    app = seeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        pane = app.screen.query_one(ReadingPane)
        assert app.screen.focused is pane and pane.article is None
        for key in CARET_KEYS:
            await pilot.press(key)
        burst(app, *CARET_KEYS)
        await settle(pilot)
        assert app.is_running and app.screen.focused is pane
        assert pane.article is None and pane.selection is None and pane.caret == 0


@pytest.mark.parametrize("page", ["pagedown", "pageup"])
async def test_page_keys_right_behind_ctrl_p(page: str) -> None:
    app = seeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        burst(app, "ctrl+p", page)
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, CommandPalette)
        # Once the list is shown, the page keys page through it.
        await pilot.press("down")
        await settle(pilot)
        commands = app.screen.query_one(CommandList)
        first = commands.highlighted
        assert commands.option_count > 2 and first is not None
        await pilot.press("pagedown")
        paged = commands.highlighted
        assert paged is not None and paged > first
        await pilot.press("pageup")
        assert commands.highlighted is not None and commands.highlighted < paged


async def test_a_right_behind_h_notes_the_highlight_just_made(
    library: Path, isolated_user: Path
) -> None:
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        burst(app, "v", "w", "w", "h", "a")
        await settle(pilot)
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"Who?", "ctrl+s")
        await settle(pilot)
    with Store.open(isolated_user) as store:
        made = [(item.quote, item.note) for item in store.highlights.all()]
    assert made == [("Col. Smith", "Who?")]


async def test_h_twice_at_once_highlights_once(library: Path, isolated_user: Path) -> None:
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        burst(app, "h", "h")
        await settle(pilot)
        shown = [str(notification.message) for notification in app._notifications]
        assert "Already highlighted." in shown
    with Store.open(isolated_user) as store:
        assert len(store.highlights.all()) == 1
