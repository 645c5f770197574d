"""The installed ``reader`` in tmux: add a web page from the app (A), then read it.

The page is served by the test's own local site on 127.0.0.1; the app runs in a real terminal,
fetches it in the background, lists it (with its site as the source) and opens it.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.test_terminal import PROMPT, READER, SESSION, TIMEOUT, tmux, wait_until_prompt
from tests.e2e.tmux import TmuxServer
from tests.ingest.pages import PAGES, serve_fixtures
from tests.ingest.server import LocalSite

pytestmark = pytest.mark.e2e

__all__ = ["tmux"]  # the fixture, shared with test_terminal

NEWS = PAGES["news"]


@pytest.fixture
def site() -> Iterator[LocalSite]:
    with LocalSite() as running:
        yield serve_fixtures(running)


def test_add_a_url_from_the_app_and_read_it(
    tmux: TmuxServer, site: LocalSite, isolated_user: Path, tmp_path: Path
) -> None:
    env = {
        "READER_DATA_DIR": str(isolated_user),
        "READER_CONFIG": str(tmp_path / "config.toml"),
        "HISTFILE": str(tmp_path / "bash_history"),
        "PS1": PROMPT,
    }
    tmux.new_session(
        SESSION, ["bash", "--norc", "--noprofile"], width=100, height=30, env=env, cwd=tmp_path
    )
    wait_until_prompt(tmux)
    tmux.send_keys(SESSION, shlex.quote(str(READER)), literal=True)
    tmux.send_keys(SESSION, "Enter")
    tmux.wait_for(SESSION, "Inbox · 5", TIMEOUT)

    tmux.send_keys(SESSION, "A")
    tmux.wait_for(SESSION, "Add a web page to your library", TIMEOUT)
    tmux.send_keys(SESSION, site.url(NEWS.path), literal=True)
    tmux.send_keys(SESSION, "Enter")
    tmux.wait_for(SESSION, "Inbox · 6", TIMEOUT)
    screen = tmux.capture(SESSION)
    assert "Harbour council approves" in screen and "The Harbour Gazette" in screen, screen

    tmux.send_keys(SESSION, "g")  # the newest article is first
    tmux.send_keys(SESSION, "Enter")
    tmux.wait_for(SESSION, "Harbour City councillors on Wednesday", TIMEOUT)
    screen = tmux.capture(SESSION)
    assert "Share on Facebook" not in screen and "Advertisement" not in screen, screen

    tmux.send_keys(SESSION, "q")
    screen = wait_until_prompt(tmux)
    assert "Traceback" not in screen, screen
    assert site.hits[NEWS.path] == 1
