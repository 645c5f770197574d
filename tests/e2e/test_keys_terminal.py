"""The key bar in a real terminal at 80 columns: `?` and `q` on its last row in the list and
while reading, `?` listing the palette, and `q` quitting, against the installed `reader`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_terminal import READER, SEEDS, TIMEOUT
from tests.e2e.test_terminal import tmux as tmux  # the fixture: a private tmux server
from tests.e2e.tmux import ScreenCheck, TmuxServer, contains

pytestmark = pytest.mark.e2e

SESSION = "keys"


def key_bar_shows(*wanted: str, what: str) -> ScreenCheck:
    """The last row of the screen (the key bar) shows every one of `wanted`."""

    def holds(screen: str) -> bool:
        rows = screen.rstrip("\n").split("\n")
        return all(text in rows[-1] for text in wanted)

    return ScreenCheck(f"the key bar showing {wanted} {what}", holds)


def test_help_and_quit_are_on_the_key_bar_at_80_columns(
    tmux: TmuxServer, isolated_user: Path, tmp_path: Path
) -> None:
    env = {
        "READER_DATA_DIR": str(isolated_user),
        "READER_CONFIG": str(tmp_path / "config.toml"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "TERM": "xterm-256color",
    }
    tmux.new_session(SESSION, [str(READER), str(SEEDS)], width=80, height=24, env=env)
    tmux.wait_for(SESSION, "Inbox · 5", TIMEOUT)
    tmux.wait_for_screen(SESSION, key_bar_shows("? Help", "q Quit", what="in the list"), TIMEOUT)
    tmux.send_keys(SESSION, "Enter")
    tmux.wait_for(SESSION, "min left", TIMEOUT)
    screen = tmux.wait_for_screen(
        SESSION, key_bar_shows("space Page", "? Help", "q Quit", what="while reading"), TIMEOUT
    )
    assert "^q" not in screen.rstrip("\n").split("\n")[-1]
    tmux.send_keys(SESSION, "?")
    help_screen = tmux.wait_for_screen(SESSION, contains("Command palette"), TIMEOUT)
    assert "ctrl+p" in help_screen and "slash" not in help_screen
    tmux.send_keys(SESSION, "Escape")
    closed = ScreenCheck("the help closed", lambda screen: "Command palette" not in screen)
    tmux.wait_for_screen(SESSION, closed, TIMEOUT)
    tmux.send_keys(SESSION, "q")
    assert tmux.wait_exit(SESSION, TIMEOUT), tmux.capture(SESSION)
