"""Annotating in a real terminal, keys only: select, highlight, note, quit, come back, export.

The installed `reader` runs in tmux at 80x24; `send-keys` types and `capture-pane` reads the
screen, as a user over SSH would see it. `pipe-pane` records the bytes the app writes, so the
OSC 52 clipboard sequence of `y` is checked as it leaves the program.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.test_terminal import READER, TIMEOUT, unavailable
from tests.e2e.tmux import TEST_POLL_INTERVAL, TmuxServer, tmux_available, wait_until

pytestmark = pytest.mark.e2e

SESSION = "annotate"
ARTICLE = """---
title: The convoy
source: Field Notes
---

Col. Smith met U.S. officials in Almaty on Monday. The talks ran late.

A second paragraph follows, about the yurts. It has two sentences.
"""


@pytest.fixture
def tmux() -> Iterator[TmuxServer]:
    if not tmux_available():
        unavailable("tmux is not installed: the real-terminal test needs it")
    if not READER.exists():
        unavailable(f"no installed console script at {READER}")
    server = TmuxServer(poll_interval=TEST_POLL_INTERVAL)
    try:
        yield server
    finally:
        server.kill_server()


def _env(data: Path, tmp_path: Path) -> dict[str, str]:
    return {
        "READER_DATA_DIR": str(data),
        "READER_CONFIG": str(tmp_path / "config.toml"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "TERM": "xterm-256color",
    }


def _wait_file(path: Path, needle: bytes, timeout: float = TIMEOUT) -> bytes:
    """Wait until the file at `path` holds `needle`; return its bytes."""

    def holding() -> bytes | None:
        data = path.read_bytes() if path.exists() else b""
        return data if needle in data else None

    found = wait_until(holding, timeout, f"{needle!r} in {path.name}", interval=TEST_POLL_INTERVAL)
    assert found is not None
    return found


def test_highlight_and_note_survive_a_restart_and_reach_the_export(
    tmux: TmuxServer, isolated_user: Path, tmp_path: Path
) -> None:
    library = tmp_path / "library"
    library.mkdir()
    (library / "convoy.md").write_text(ARTICLE, encoding="utf-8")
    env = _env(isolated_user, tmp_path)
    command = [str(READER), str(library)]

    tmux.new_session(SESSION, command, env=env, cwd=tmp_path)
    tmux.wait_for(SESSION, "The convoy", TIMEOUT)
    tmux.send_keys(SESSION, "Enter")
    tmux.wait_for(SESSION, "Col. Smith met", TIMEOUT)
    # Select "Smith met U.S." with the keyboard and highlight it.
    for key in ("w", "v", "w", "w", "w", "h"):
        tmux.send_keys(SESSION, key)
    # At 80 columns the article has the whole width while reading: tab shows the list beside
    # it, which counts the highlight, and tab again goes back to the article.
    tmux.send_keys(SESSION, "Tab")
    tmux.wait_for(SESSION, "✎1", TIMEOUT)
    tmux.send_keys(SESSION, "Tab")
    tmux.send_keys(SESSION, "a")
    tmux.wait_for(SESSION, "ctrl+s save", TIMEOUT)
    tmux.send_keys(SESSION, "Ask who Smith is", literal=True)
    tmux.send_keys(SESSION, "C-s")
    tmux.wait_for(SESSION, "Note saved", TIMEOUT)

    # `y` copies the highlight and its note: the OSC 52 sequence leaves the app as bytes.
    written = tmp_path / "written.bin"
    tmux.tmux("pipe-pane", "-O", "-t", SESSION, f"cat > {written}")
    tmux.send_keys(SESSION, "y")
    tmux.wait_for(SESSION, "Copied the highlight and its note", TIMEOUT)
    expected = "> Smith met U.S.\n\n— The convoy, Field Notes\n\nAsk who Smith is\n"
    payload = base64.b64encode(expected.encode()).decode().encode()
    assert payload in _wait_file(written, payload), "no OSC 52 sequence with the quote"
    tmux.tmux("pipe-pane", "-t", SESSION)

    tmux.send_keys(SESSION, "q")
    assert tmux.wait_exit(SESSION, TIMEOUT), tmux.capture(SESSION)
    tmux.tmux("kill-session", "-t", SESSION)

    # A new session: the highlight and its note are still there.
    tmux.new_session(SESSION, command, env=env, cwd=tmp_path)
    tmux.wait_for(SESSION, "✎1", TIMEOUT)  # the list counts the article's highlights
    tmux.send_keys(SESSION, "Enter")
    tmux.wait_for(SESSION, "Col. Smith met", TIMEOUT)
    tmux.send_keys(SESSION, "]")
    tmux.wait_for(SESSION, "Ask who Smith is", TIMEOUT)  # the note shows beside the text
    tmux.send_keys(SESSION, "q")
    assert tmux.wait_exit(SESSION, TIMEOUT)

    exported = subprocess.run(
        [str(READER), "export", "--format", "json", str(library)],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    articles = json.loads(exported.stdout)["articles"]
    highlights = [item for article in articles for item in article["highlights"]]
    assert [(item["quote"], item["note"]) for item in highlights] == [
        ("Smith met U.S.", "Ask who Smith is")
    ]
