"""What the monkeys (tests/ui/test_monkey.py, benchmarks/monkey.py) found, one test each.

Keys arrive in bursts over a real terminal: each must act on the state the keys before it left,
even when the work they asked for has not been done yet.
"""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.command import CommandInput, CommandPalette

from reader.store.state import Store
from reader.ui.app import ReaderApp, build_app
from reader.ui.screens.add_url import AddUrlScreen
from reader.ui.screens.confirm import ConfirmScreen
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.highlights import HighlightsScreen
from reader.ui.screens.main import MainScreen
from reader.ui.screens.note_editor import NoteEditor
from tests.ui.helpers import palette_offers, seeds_app, settle


def burst(app: ReaderApp, *keys: str) -> None:
    """Queues `keys` at once, as a terminal read delivers them."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


def notices(app: ReaderApp) -> str:
    return "\n".join(str(notification.message) for notification in app._notifications)


async def test_a_colour_right_behind_x_is_for_a_highlight_already_gone(
    library: Path, isolated_user: Path
) -> None:
    """`x` then `2` at once: the colour was asked for the highlight `x` deleted (a LookupError
    from the store ended the app)."""
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        burst(app, "x", "2")
        await settle(pilot)
        assert app.is_running
        # Keys wait their turn (type-ahead), not for the store: `2` comes while the deletion
        # is on its way (the usual case) or, on a busy machine, once it is answered and no
        # highlight is under the caret any more.
        said = notices(app)
        assert "was deleted meanwhile" in said or "New highlights will be green" in said
    with Store.open(isolated_user) as store:
        assert store.highlights.all() == []


async def test_enter_twice_at_once_in_the_highlights_list_jumps_once(library: Path) -> None:
    """The second `enter`'s choice reached the list after it had been dismissed: dismissing it
    again popped the screen below it (ScreenStackError ended the app)."""
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        await pilot.press("H")
        await settle(pilot)
        assert isinstance(app.screen, HighlightsScreen)
        await pilot.press("down")
        burst(app, "enter", "enter")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, MainScreen)


async def test_enter_twice_at_once_in_the_palette_runs_one_command() -> None:
    """The palette's second `enter` reached it after the first had closed it: Textual's palette
    closed itself again, taking the screen below (ScreenStackError ended the app)."""
    app = seeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Help")
        await palette_offers(pilot, "Help")
        burst(app, "enter", "enter")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_a_key_typed_just_before_ctrl_p_never_acts_on_the_palette() -> None:
    """`ctrl+p` is bound with priority: the palette opened while the key typed just before it
    still waited for its widget, and that key then met the palette's bindings: an `escape`
    closed it at once (the tmux monkey's hang: the palette never showed), an `enter` ran its
    first command (Add URL)."""
    app = seeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        burst(app, "escape", "ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        burst(app, "enter", "ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        assert not any(isinstance(screen, AddUrlScreen) for screen in app.screen_stack)


async def test_keys_typed_right_after_ctrl_p_go_to_the_palette() -> None:
    """What the palette answers: the keys typed after `ctrl+p`, in the same read too."""
    app = seeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        burst(app, "ctrl+p", *"Help")
        await palette_offers(pilot, "Help")
        assert app.screen.query_one(CommandInput).value == "Help"
        await pilot.press("escape")
        burst(app, "ctrl+p", "escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_a_discard_answered_while_ctrl_p_waits_closes_the_editor_not_the_palette(
    library: Path, isolated_user: Path
) -> None:
    """The discard dialog answered (a button press, in its own turn) while `ctrl+p` waited in
    the app's queue: the palette opened over the note editor, then the editor's `dismiss`
    took the screen on top, the palette (its search, still running, found its list gone:
    NoMatches ended the app), and the editor stayed. It closes once it is on top again."""
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("v", "w", "a")
        await settle(pilot)
        await pilot.press(*"Draft", "escape")
        await settle(pilot)
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        burst(app, "ctrl+p")
        confirm.action_yes()
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert not any(isinstance(screen, NoteEditor) for screen in app.screen_stack)
    with Store.open(isolated_user) as store:
        assert [item.note for item in store.highlights.all()] == [""]
