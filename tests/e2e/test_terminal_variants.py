"""Harsh terminals: 16 colours (TERM=linux, TERM=xterm), NO_COLOR=1 and LANG=C stay usable.

The installed `reader` runs in tmux with the variant's environment, on the sample articles: the
list must show, keys must work (open an article, help, back, quit), and what it writes must fit
the terminal: no 256- or 24-bit colours where only 16 exist, and only greys with NO_COLOR.
TERM=dumb is refused before the app starts (see tests/unit/test_cli.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.recorded import recorded_reader, user_env
from tests.e2e.tmux import ScreenCheck, gone

pytestmark = pytest.mark.e2e

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
#: The first article's title (the list is newest first), and the second one's opening words.
FIRST_TITLE = "Putin declared victory in"
SECOND_BODY = "Kazakhstan"
#: Only the help screen shows command ids.
HELP = "(reader.help)"
#: The key bar while the article list has the focus (and only then).
LIST_KEYS = "enter Open"

_SGR = re.compile(r"\x1b\[([0-9;]*)m")
_EXTENDED = re.compile(r"(?:^|;)[34]8;([25]);")


def colours(output: str) -> tuple[set[str], set[int]]:
    """The extended-colour kinds used ("5": 256 colours, "2": 24-bit), and 256-colour indexes."""
    kinds: set[str] = set()
    indexes: set[int] = set()
    for params in _SGR.findall(output):
        kinds.update(_EXTENDED.findall(params))
        indexes.update(int(index) for index in re.findall(r"[34]8;5;(\d+)", params))
    return kinds, indexes


@pytest.mark.parametrize(
    "variant",
    [
        {"TERM": "linux"},
        {"TERM": "xterm"},
        {"NO_COLOR": "1"},
        {"LANG": "C", "LC_ALL": "C"},
    ],
    ids=["TERM=linux", "TERM=xterm", "NO_COLOR=1", "LANG=C"],
)
def test_usable(variant: dict[str, str], tmp_path: Path) -> None:
    env = user_env(tmp_path, tmp_path / "data", **variant)
    with recorded_reader(tmp_path, [str(SEEDS)], env, size=(100, 30)) as app:
        app.wait_for(FIRST_TITLE)
        # The reading pane's position line: an article is open.
        app.press("j", "Enter", until="min left")
        assert SECOND_BODY in app.screen()
        app.press("?", until=HELP)  # the help screen lists every command
        app.press("Escape", until=gone(HELP))
        app.press("Escape", until=LIST_KEYS)  # back to the list
        assert FIRST_TITLE in app.screen()
        app.keys("q")
        assert app.tmux.wait_exit(app.name, 10), app.screen()
        output = app.output().decode("utf-8", errors="replace")
    assert "Traceback" not in output
    kinds, indexes = colours(output)
    if variant.get("TERM") in ("linux", "xterm"):
        assert kinds == set(), "16-colour terminals got extended colours"
    if "NO_COLOR" in variant:
        assert kinds <= {"5"} and indexes <= set(range(232, 256)) | {0, 7, 8, 15, 16, 231}


def test_a_stale_exported_size_is_ignored_and_resizes_followed(tmp_path: Path) -> None:
    """`user_env` exports COLUMNS=80 LINES=24; the terminal (tmux) says otherwise."""
    env = user_env(tmp_path, tmp_path / "data")
    with recorded_reader(tmp_path, [str(SEEDS)], env, size=(100, 30)) as app:
        app.wait_for(FIRST_TITLE)
        assert _border_width(app.screen()) == 100, app.screen()
        app.tmux.tmux("resize-window", "-t", app.name, "-x", "130", "-y", "35")
        wide = ScreenCheck("the panes 130 wide", lambda screen: _border_width(screen) == 130)
        screen = app.tmux.wait_for_screen(app.name, wide, 10)
        assert _border_width(screen) == 130, screen
        app.keys("q")


def _border_width(screen: str) -> int:
    """Columns from the list's top-left corner to the reading pane's top-right corner."""
    row = next((line for line in screen.splitlines() if "╭─ Inbox" in line), "")
    return len(row.rstrip())
