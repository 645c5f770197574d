"""`reader` draws a change at Textual's next tick: 240 a second unless the user says otherwise.

At Textual's default 60, a key waited 8 ms on average for its echo and as long again for its
answer; the figures are in `benchmarks/README.md` ("Textual's ticks").
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from reader.cli.library import FRAMES_PER_SECOND

TICKS = """
import sys
from pathlib import Path
from reader.cli.library import make_app
make_app([Path(sys.argv[1])], None)
from textual import constants
print(constants.MAX_FPS)
"""


def _ticks(seeds_dir: Path, tmp_path: Path, asked: str | None) -> int:
    env = {key: value for key, value in os.environ.items() if key != "TEXTUAL_FPS"}
    env["READER_DATA_DIR"] = str(tmp_path / "data")
    if asked is not None:
        env["TEXTUAL_FPS"] = asked
    result = subprocess.run(
        [sys.executable, "-c", TICKS, str(seeds_dir)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return int(result.stdout.split()[-1])


def test_the_app_ticks_more_often_than_textual_by_default(seeds_dir: Path, tmp_path: Path) -> None:
    assert FRAMES_PER_SECOND > 60
    assert _ticks(seeds_dir, tmp_path, None) == FRAMES_PER_SECOND


def test_a_users_own_rate_is_kept(seeds_dir: Path, tmp_path: Path) -> None:
    assert _ticks(seeds_dir, tmp_path, "30") == 30
