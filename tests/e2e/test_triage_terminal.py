"""The installed ``reader`` in tmux, triaged with keys only (issue 12): open, archive, tag,
switch view, sort, undo, select many; keys sent one by one and in bursts; and a file dropped
into the library folder while the app runs, shown without a restart.

No timings are asserted (speed is in ``benchmarks/``); every wait is for what the screen shows.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_terminal import READER, TIMEOUT, tmux
from tests.e2e.tmux import TmuxServer, gone

pytestmark = pytest.mark.e2e

__all__ = ["tmux"]  # the fixture, shared with test_terminal

SESSION = "triage"
#: Titles short enough to sit on one row of the list at 80x24, newest published first.
ARTICLES = (
    ("Ember", "2025-06-01"),
    ("Falcon", "2024-06-01"),
    ("Garnet", "2023-06-01"),
    ("Harbor", "2022-06-01"),
)


def _write(folder: Path, title: str, date: str) -> None:
    text = f"---\ntitle: {title}\ndate: {date}\n---\n\n" + "Words to read. " * 40 + "\n"
    (folder / f"{title.lower()}.md").write_text(text, encoding="utf-8")


def _start(tmux: TmuxServer, isolated_user: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for title, date in ARTICLES:
        _write(folder, title, date)
    env = {
        "READER_DATA_DIR": str(isolated_user),
        "READER_CONFIG": str(tmp_path / "config.toml"),
    }
    tmux.new_session(SESSION, [str(READER), str(folder)], width=80, height=24, env=env)
    tmux.wait_for(SESSION, "Inbox · 4", TIMEOUT)
    return folder


def _keys(tmux: TmuxServer, *keys: str) -> None:
    tmux.send_keys(SESSION, *keys)


def test_triage_with_keys_only(tmux: TmuxServer, isolated_user: Path, tmp_path: Path) -> None:
    _start(tmux, isolated_user, tmp_path)
    # Open the first article, archive it from the reading pane, back to the list.
    _keys(tmux, "Enter")
    tmux.wait_for(SESSION, "Words to read.", TIMEOUT)
    _keys(tmux, "e")
    tmux.wait_for(SESSION, "u undoes", TIMEOUT)  # at 80 columns the article has the width
    _keys(tmux, "Escape")
    tmux.wait_for(SESSION, "enter Open", TIMEOUT)  # the list's keys: escape arrived on its own
    tmux.wait_for(SESSION, "Inbox · 3", TIMEOUT)
    # Tag the article under the cursor (a new tag); the name in one burst once the picker is up.
    _keys(tmux, "t")
    tmux.wait_for(SESSION, "Tag the article", TIMEOUT)
    _keys(tmux, "l", "a", "t", "e", "r", "Enter")
    tmux.wait_for(SESSION, "#later", TIMEOUT)
    # The Archive view, then back to the Inbox.
    _keys(tmux, "2")
    tmux.wait_for(SESSION, "Archive · 1", TIMEOUT)
    assert "Ember" in tmux.capture(SESSION)
    _keys(tmux, "1")
    tmux.wait_for(SESSION, "Inbox · 3", TIMEOUT)
    # Sort by title.
    _keys(tmux, "S")
    tmux.wait_for(SESSION, "last opened", TIMEOUT)
    _keys(tmux, "t", "i", "t", "l", "e", "Enter")
    tmux.wait_for(SESSION, "by title", TIMEOUT)
    # Undo the tag and the archive: the Inbox has all four again.
    _keys(tmux, "u")
    tmux.wait_for_screen(SESSION, gone("#later"), TIMEOUT)
    _keys(tmux, "u")
    tmux.wait_for(SESSION, "Inbox · 4", TIMEOUT)
    # Select the first two and trash them, in one burst; then the Trash view.
    _keys(tmux, "g", "space", "space", "d", "3")
    tmux.wait_for(SESSION, "Trash · 2", TIMEOUT)
    _keys(tmux, "q")
    assert tmux.wait_exit(SESSION, TIMEOUT)


def test_a_burst_of_triage_keys_loses_none(
    tmux: TmuxServer, isolated_user: Path, tmp_path: Path
) -> None:
    """Keys typed faster than the screen redraws: every one is applied, in order."""
    _start(tmux, isolated_user, tmp_path)
    _keys(tmux, "e", "e", "d", "U", "2")  # archive two, trash one, mark the last read
    tmux.wait_for(SESSION, "Archive · 2", TIMEOUT)
    _keys(tmux, "3")
    tmux.wait_for(SESSION, "Trash · 1", TIMEOUT)
    _keys(tmux, "1")
    tmux.wait_for(SESSION, "Inbox · 1", TIMEOUT)
    _keys(tmux, "u", "u", "u", "u")
    tmux.wait_for(SESSION, "Inbox · 4", TIMEOUT)


def test_a_file_dropped_into_the_folder_shows_while_running(
    tmux: TmuxServer, isolated_user: Path, tmp_path: Path
) -> None:
    folder = _start(tmux, isolated_user, tmp_path)
    _write(folder, "Iceberg", "2026-01-01")
    tmux.wait_for(SESSION, "Inbox · 5", TIMEOUT)
    assert "Iceberg" in tmux.capture(SESSION)
    (folder / "falcon.md").unlink()
    tmux.wait_for(SESSION, "Inbox · 4", TIMEOUT)
    assert "Falcon" not in tmux.capture(SESSION)


def test_a_sort_typed_in_a_burst_with_other_keys_lands_right(
    tmux: TmuxServer, isolated_user: Path, tmp_path: Path
) -> None:
    """`S`, the sort's name, enter and the keys behind it in one burst: the menu takes its
    letters, and the list sorted by title takes the rest (its first article, opened)."""
    folder = _start(tmux, isolated_user, tmp_path)
    _write(folder, "Aardvark", "2021-06-01")  # published last, first by title
    tmux.wait_for(SESSION, "Inbox · 5", TIMEOUT)
    _keys(tmux, "S")
    tmux.wait_for(SESSION, "last opened", TIMEOUT)
    _keys(tmux, *"published", "Enter")
    tmux.wait_for(SESSION, "by published", TIMEOUT)
    listed = tmux.capture(SESSION)
    assert listed.index("Ember") < listed.index("Aardvark"), listed  # Ember first now
    _keys(tmux, "S", "t", "i", "t", "l", "e", "Enter", "g", "Enter")
    tmux.wait_for(SESSION, "Words to read.", TIMEOUT)
    screen = tmux.capture(SESSION)
    assert "Aardvark" in screen and "Ember" not in screen, screen  # first by title, alone
    _keys(tmux, "Escape")
    tmux.wait_for(SESSION, "by title", TIMEOUT)
    _keys(tmux, "q")
    assert tmux.wait_exit(SESSION, TIMEOUT)
