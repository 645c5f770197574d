"""Keys typed ahead in a real terminal (issue 13, item 1): each burst is one `send-keys`.

Over SSH a burst of keys reaches the program in one read, before anything it asked for has
answered: the article read in a thread, the note editor waiting for its highlight to be saved,
the search answering in a thread. The installed `reader` runs in tmux at 80x24 on the seed
articles; every burst below is sent with a single `send-keys` and must end where the same keys
typed slowly end.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.test_terminal import READER, SEEDS, TIMEOUT, unavailable
from tests.e2e.tmux import TEST_POLL_INTERVAL, ScreenCheck, TmuxServer, contains, tmux_available

pytestmark = pytest.mark.e2e

SESSION = "type-ahead"
#: Words of the two first articles of the list (newest first) that only their reading pane shows.
FIRST_BODY = "Russian President Vladimir Putin on Monday declared victory"
SECOND_BODY = "Kiev, Ukraine – With their country’s fate"


def start(server: TmuxServer, tmp_path: Path, name: str) -> None:
    """The installed `reader` on a copy of the seeds with its own data, showing its list."""
    library = tmp_path / "library"
    if not library.exists():
        shutil.copytree(SEEDS, library)
    env = {
        "READER_DATA_DIR": str(tmp_path / f"data-{name}"),
        "READER_CONFIG": str(tmp_path / "config.toml"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "TERM": "xterm-256color",
    }
    server.new_session(name, [str(READER), str(library)], env=env, cwd=tmp_path)
    server.wait_for(name, "Inbox · 5", TIMEOUT)


@pytest.fixture
def reader(tmp_path: Path) -> Iterator[TmuxServer]:
    """A private tmux server whose session `SESSION` shows the list of the seeds at 80x24."""
    if not tmux_available():
        unavailable("tmux is not installed: the real-terminal test needs it")
    if not READER.exists():
        unavailable(f"no installed console script at {READER}")
    server = TmuxServer(poll_interval=TEST_POLL_INTERVAL)
    try:
        start(server, tmp_path, SESSION)
        yield server
    finally:
        server.kill_server()


def at_once(tmux: TmuxServer, *keys: str) -> None:
    """One `send-keys`: tmux key names, and words typed as they are."""
    tmux.send_keys(SESSION, *keys)


def screen_where(what: str, holds: re.Pattern[str]) -> ScreenCheck:
    return ScreenCheck(what, lambda screen: holds.search(screen) is not None)


def opened(tmux: TmuxServer) -> None:
    at_once(tmux, "Enter")
    tmux.wait_for(SESSION, FIRST_BODY, TIMEOUT)


def border(screen: str) -> str:
    """The reading pane's lower border, which says how far through the article the view is."""
    return next((row for row in reversed(screen.splitlines()) if "min left" in row), "")


def test_j_enter_g_opens_the_next_article_at_its_end(reader: TmuxServer) -> None:
    at_once(reader, "j", "Enter", "G")
    reader.wait_for(SESSION, "100% · 0 min left", TIMEOUT)
    at_once(reader, "g")
    reader.wait_for(SESSION, SECOND_BODY, TIMEOUT)


def test_tab_j_enter_opens_the_next_article(reader: TmuxServer) -> None:
    opened(reader)
    at_once(reader, "Tab", "j", "Enter")
    screen = reader.wait_for_screen(SESSION, contains(SECOND_BODY), TIMEOUT)
    assert "Inbox ·" not in screen  # reading, at the whole width: the list went away
    assert "0% · 4 min left" in screen  # opened where it starts, the caret not moved


def test_enter_space_space_turns_two_pages(reader: TmuxServer, tmp_path: Path) -> None:
    start(reader, tmp_path, "slowly")
    reader.send_keys("slowly", "Enter")  # the keys one at a time, each once the last acted
    screen = reader.wait_for_screen("slowly", contains("0% · 2 min left"), TIMEOUT)
    for _ in range(2):
        before = border(screen)
        reader.send_keys("slowly", "Space")
        turned = ScreenCheck("the page to turn", lambda now, was=before: border(now) != was)
        screen = reader.wait_for_screen("slowly", turned, TIMEOUT)
    at_once(reader, "Enter", "Space", "Space")
    reader.wait_for(SESSION, border(screen).strip("╰─╯ "), TIMEOUT)


def test_a_library_search_typed_at_once_opens_the_result_and_walks_it(
    reader: TmuxServer,
) -> None:
    at_once(reader, "/", "kazakh", "Enter", "n", "n")
    screen = reader.wait_for_screen(
        SESSION, screen_where("matches walked", re.compile(r"match [3-9]\d* of \d+")), TIMEOUT
    )
    assert "kazakhn" not in screen  # n went to the article, not into the search bar


def test_find_in_the_article_typed_at_once(reader: TmuxServer) -> None:
    opened(reader)
    at_once(reader, "/", "kazakh", "Enter", "n", "n")
    reader.wait_for(SESSION, re.compile(r"/kazakh · 3 of \d+"), TIMEOUT)


def test_v_w_w_h_right_behind_enter_highlights_two_words(reader: TmuxServer) -> None:
    at_once(reader, "Enter", "v", "w", "w", "h")
    reader.wait_for(SESSION, FIRST_BODY, TIMEOUT)
    at_once(reader, "Tab")  # the list, beside the article again, counts the highlight
    reader.wait_for(SESSION, "✎1", TIMEOUT)


def test_a_note_typed_at_once_is_saved_whole(reader: TmuxServer) -> None:
    opened(reader)
    at_once(reader, "a", "who said so?", "C-s")
    reader.wait_for(SESSION, "Note saved", TIMEOUT)
    reader.wait_for(SESSION, "who said so?", TIMEOUT)  # the note under the text, whole
