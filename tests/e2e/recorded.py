"""Run the installed `reader` in tmux and record every byte it writes (``pipe-pane``).

tmux is the terminal (its screen is what `wait_for` looks at) and ``pipe-pane -O`` copies the
program's output, before tmux interprets it, to a file: what a real terminal would have been
sent. The program waits for a go-file before it starts, so the recording misses nothing.
"""

from __future__ import annotations

import os
import shlex
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.e2e.tmux import TmuxServer, tmux_available

READER = Path(sys.executable).parent / "reader"
TIMEOUT = 20.0
#: Seconds after Escape (Textual waits this long or less to tell Escape from Alt+key).
ESCAPE_PAUSE = 0.25


def unavailable(reason: str) -> None:
    """Skip, except in CI (``READER_REQUIRE_TMUX=1``), where it must run."""
    if os.environ.get("READER_REQUIRE_TMUX") == "1":
        pytest.fail(f"{reason} (READER_REQUIRE_TMUX=1: this test must run)")
    pytest.skip(reason)


def require_tools() -> None:
    if not tmux_available():
        unavailable("tmux is not installed: the real-terminal tests need it")
    if not READER.exists():
        unavailable(f"no installed console script at {READER}: run `pip install -e .` first")


class Recorded:
    """One `reader` in a tmux session, with its output recorded to `log`."""

    def __init__(self, tmux: TmuxServer, name: str, log: Path) -> None:
        self.tmux = tmux
        self.name = name
        self.log = log

    def wait_for(self, text: str, timeout: float = TIMEOUT) -> None:
        self.tmux.wait_for(self.name, text, timeout, start=time.perf_counter())

    def keys(self, *keys: str) -> None:
        """tmux key names, one per call; after Escape a pause, so that the app does not read
        Escape and the next key as one Alt+key."""
        for key in keys:
            self.tmux.send_keys(self.name, key)
            if key == "Escape":
                time.sleep(ESCAPE_PAUSE)

    def type(self, text: str) -> None:
        self.tmux.send_keys(self.name, text, literal=True)

    def screen(self) -> str:
        return self.tmux.capture(self.name)

    def output(self) -> bytes:
        return self.log.read_bytes() if self.log.exists() else b""


@contextmanager
def recorded_reader(
    tmp_path: Path,
    args: list[str],
    env: Mapping[str, str],
    size: tuple[int, int] = (120, 40),
) -> Iterator[Recorded]:
    """Start `reader ARGS` with `env` in a private tmux server; kill everything afterwards."""
    require_tools()
    go = tmp_path / "go"
    log = tmp_path / "output.bin"
    command = (
        f"while [ ! -e {shlex.quote(str(go))} ]; do sleep 0.02; done; "
        f"exec {shlex.join([str(READER), *args])}"
    )
    with TmuxServer() as tmux:
        tmux.new_session("app", command, width=size[0], height=size[1], env=env)
        tmux.tmux("pipe-pane", "-O", "-t", "app", f"cat >> {shlex.quote(str(log))}")
        go.touch()
        yield Recorded(tmux, "app", log)


def user_env(tmp_path: Path, data: Path, **extra: str) -> dict[str, str]:
    """Private folders for the run (the app is not a child of this process in tmux), and a stale
    COLUMNS/LINES as a shell may export them (pytest-xdist does): the app must ask the terminal."""
    return {
        "COLUMNS": "80",
        "LINES": "24",
        "READER_DATA_DIR": str(data),
        "READER_CONFIG": str(tmp_path / "config.toml"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        **extra,
    }
