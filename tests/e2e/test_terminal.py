"""The installed ``reader`` in a real terminal: start, open an article, quit, terminal restored.

Textual's pilot tests run the app headless; only a real terminal shows what users see when
the console script starts, draws, takes keys and, above all, gives the terminal back: shell
prompt visible, alternate screen left, cursor shown, mouse reporting off. tmux is that terminal.

The reader is typed into an interactive ``bash`` (no rc files, ``PS1='READY$ '``) exactly as a
user would, so after ``q`` the test can look at the shell itself. No timings are asserted here;
speed is measured in ``benchmarks/``. Timeouts are generous for slow CI machines.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest

from tests.e2e.tmux import TEST_POLL_INTERVAL, ScreenCheck, TmuxServer, tmux_available

pytestmark = pytest.mark.e2e

READER = Path(sys.executable).parent / "reader"
SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"
#: From the 2nd seed's title; the list wraps titles at 80x24, and these words share a row.
SEED_TITLE = "Kazakhstan increases"
PROMPT = "READY$ "
TIMEOUT = 20.0
SESSION = "e2e"

#: Terminal modes the app may switch while running; all must be back as they were after ``q``.
MODES = (
    "alternate_on",
    "cursor_flag",
    "insert_flag",
    "keypad_cursor_flag",
    "keypad_flag",
    "mouse_all_flag",
    "mouse_any_flag",
    "mouse_button_flag",
    "mouse_sgr_flag",
    "mouse_standard_flag",
    "mouse_utf8_flag",
)


def body_phrases() -> dict[str, str]:
    """Map each seed file to a phrase from the start of its body (never part of a title).

    The phrase opens the first body line of 40 or more characters and is cut at a word
    boundary to at most 24 characters, short enough not to wrap in a narrow reading pane.
    """
    files = sorted(SEEDS.glob("*.txt"))
    texts = {f.name: f.read_text(encoding="utf-8").splitlines() for f in files}
    titles = " ".join(lines[0] for lines in texts.values() if lines)
    phrases: dict[str, str] = {}
    for name, lines in texts.items():
        for line in lines[1:]:
            line = line.strip()
            if len(line) < 40:
                continue
            phrase = line[:25].rsplit(" ", 1)[0]
            if phrase not in titles:
                phrases[name] = phrase
                break
    return phrases


def last_line(screen: str) -> str:
    """The last non-empty row of a capture (tmux trims trailing blanks)."""
    rows = [row for row in screen.splitlines() if row.strip()]
    return rows[-1] if rows else ""


AT_PROMPT = ScreenCheck(
    f"the shell prompt {PROMPT!r} as the last row",
    lambda screen: last_line(screen) == PROMPT.rstrip(),
)
ECHOED_OK = ScreenCheck(
    "a row reading 'ok', then the prompt",
    lambda screen: "ok" in screen.splitlines() and AT_PROMPT(screen),
)


def wait_until_prompt(tmux: TmuxServer, timeout: float = TIMEOUT) -> str:
    """Wait until the shell's bare prompt is the last non-empty row; return that screen."""
    return tmux.wait_for_screen(SESSION, AT_PROMPT, timeout)


def modes(tmux: TmuxServer) -> dict[str, str]:
    """The pane's terminal modes, as tmux's format variables report them."""
    values = tmux.display(SESSION, "\t".join(f"#{{{m}}}" for m in MODES)).split("\t")
    return dict(zip(MODES, values, strict=True))


def unavailable(reason: str) -> NoReturn:
    """Skip, except in CI (``READER_REQUIRE_TMUX=1``, set by ``.ci/run``), where it must run."""
    if os.environ.get("READER_REQUIRE_TMUX") == "1":
        pytest.fail(f"{reason} (READER_REQUIRE_TMUX=1: this test must run)")
    pytest.skip(reason)


@pytest.fixture
def tmux() -> Iterator[TmuxServer]:
    """A private tmux server, killed whatever happens."""
    if not tmux_available():
        unavailable("tmux is not installed: the real-terminal test needs it")
    if not READER.exists():
        unavailable(f"no installed console script at {READER}: run `pip install -e .` first")
    if shutil.which("bash") is None:
        unavailable("bash is not installed: the test types the reader command into bash")
    server = TmuxServer(poll_interval=TEST_POLL_INTERVAL)
    try:
        yield server
    finally:
        server.kill_server()


def test_open_article_and_quit_restores_terminal(
    tmux: TmuxServer, isolated_user: Path, tmp_path: Path
) -> None:
    phrases = body_phrases()
    assert phrases, f"no seed articles found in {SEEDS}"
    env = {
        # The conftest's temporary folders, passed explicitly: the shell in tmux is not a child
        # of this process in any way tmux guarantees.
        "READER_DATA_DIR": str(isolated_user),
        "READER_CONFIG": str(tmp_path / "config.toml"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "share"),
        "HISTFILE": str(tmp_path / "bash_history"),
        "PS1": PROMPT,
    }
    tmux.new_session(SESSION, ["bash", "--norc", "--noprofile"], env=env, cwd=tmp_path)
    wait_until_prompt(tmux)
    before = modes(tmux)

    tmux.send_keys(SESSION, shlex.quote(str(READER)), literal=True)
    tmux.send_keys(SESSION, "Enter")
    tmux.wait_for(SESSION, SEED_TITLE, TIMEOUT)
    assert modes(tmux)["alternate_on"] == "1", "the app should draw on the alternate screen"

    listed = tmux.capture(SESSION)
    unseen = [phrase for phrase in phrases.values() if phrase not in listed]
    assert unseen, f"every article body is already on screen before Enter:\n{listed}"
    tmux.send_keys(SESSION, "Enter")
    tmux.wait_for(SESSION, re.compile("|".join(map(re.escape, unseen))), TIMEOUT)

    tmux.send_keys(SESSION, "q")
    screen = wait_until_prompt(tmux)
    assert "Traceback" not in screen, screen
    assert tmux.display(SESSION, "#{pane_current_command}") == "bash", screen
    assert modes(tmux) == before, f"terminal modes not restored; screen:\n{screen}"

    tmux.send_keys(SESSION, "echo o''k", literal=True)  # the typed line never reads "ok"
    tmux.send_keys(SESSION, "Enter")
    screen = tmux.wait_for_screen(SESSION, ECHOED_OK, TIMEOUT)
    assert "ok" in screen.splitlines(), f"the shell does not echo after the app quit:\n{screen}"
    assert last_line(screen) == PROMPT.rstrip(), screen
