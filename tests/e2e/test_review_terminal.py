"""The daily review in a real terminal, keys only: `V`, a burst of grades typed faster than the
screen follows, `u`, and every grade in the store afterwards, in the order given.

The installed `reader` runs in tmux at 80x24, on a library of one article with three
highlights made beforehand through the store.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core.review.cards import Grade
from reader.store.state import Store
from tests.e2e.test_terminal import READER, TIMEOUT, unavailable
from tests.e2e.tmux import TEST_POLL_INTERVAL, TmuxServer, tmux_available
from tests.ui.conftest import ARTICLE
from tests.ui.review_kit import highlight_convoy

pytestmark = pytest.mark.e2e

SESSION = "review"


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


def test_a_burst_of_grades_is_saved_in_order_and_u_takes_the_last_back(
    tmux: TmuxServer, isolated_user: Path, tmp_path: Path
) -> None:
    library = tmp_path / "library"
    library.mkdir()
    (library / "convoy.md").write_text(ARTICLE, encoding="utf-8")
    highlight_convoy(isolated_user, library)
    env = {
        "READER_DATA_DIR": str(isolated_user),
        "READER_CONFIG": str(tmp_path / "config.toml"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "TERM": "xterm-256color",
    }
    tmux.new_session(SESSION, [str(READER), str(library)], env=env, cwd=tmp_path)
    tmux.wait_for(SESSION, "The convoy", TIMEOUT)
    tmux.send_keys(SESSION, "V")
    tmux.wait_for(SESSION, "3 left today", TIMEOUT)
    tmux.send_keys(SESSION, "314", literal=True)  # one read of the terminal: three grades
    tmux.wait_for(SESSION, "Done for today.", TIMEOUT)
    tmux.send_keys(SESSION, "u")
    tmux.wait_for(SESSION, "1 left today", TIMEOUT)
    tmux.send_keys(SESSION, "q")
    assert tmux.wait_exit(SESSION, TIMEOUT), tmux.capture(SESSION)

    with Store.open(isolated_user) as store:
        assert [entry.grade for entry in store.reviews.log()] == [Grade.GOOD, Grade.AGAIN]
    stats = subprocess.run(
        [str(READER), "review", "--stats", "--json"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert json.loads(stats.stdout)["reviewed_today"] == 2
