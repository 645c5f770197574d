"""Run the installed `reader` in tmux and record every byte it writes (``pipe-pane``).

tmux is the terminal (its screen is what `wait_for` looks at) and ``pipe-pane -O`` copies the
program's output, before tmux interprets it, to a file: what a real terminal would have been
sent. The program waits for a go-file before it starts, so the recording misses nothing.

Keys are sent with `Recorded.press`, which waits for what only those keys can bring on screen:
it refuses a condition that already holds, since waiting for it would not tell whether the keys
were handled (the next key would then race the app).
"""

from __future__ import annotations

import os
import re
import shlex
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.e2e.tmux import TEST_POLL_INTERVAL, ScreenCheck, TmuxServer, contains, tmux_available

READER = Path(sys.executable).parent / "reader"
TIMEOUT = 20.0
#: What a step waits for: text, a regex searched in the screen, or a check (`gone("Links")`).
Awaited = str | re.Pattern[str] | ScreenCheck


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

    def wait_for(self, text: str | re.Pattern[str], timeout: float = TIMEOUT) -> None:
        """Wait for ``text``: for the first screen only; later steps wait with `press`."""
        self.tmux.wait_for(self.name, text, timeout, start=time.perf_counter())

    def press(self, *keys: str, until: Awaited, timeout: float = TIMEOUT) -> str:
        """Send tmux key names, then wait until the screen shows ``until``; return that screen.

        ``until`` must be something only these keys produce: it is checked against the screen
        before they are sent. An Escape may only come last: Textual reads a key that follows
        Escape within its ESCDELAY as Alt+key, so its effect is awaited before any other key.
        """
        if "Escape" in keys[:-1]:
            raise ValueError("Escape must be the last key of a step: its effect is awaited")

        def send() -> None:
            for key in keys:
                self.tmux.send_keys(self.name, key)

        return self._step(send, repr(keys), until, timeout)

    def type(self, text: str, *, until: Awaited, timeout: float = TIMEOUT) -> str:
        """Type ``text`` literally, then wait as `press` does."""
        return self._step(
            lambda: self.tmux.send_keys(self.name, text, literal=True), repr(text), until, timeout
        )

    def keys(self, *keys: str) -> None:
        """Keys whose effect cannot be seen (End on a list that fits): the next step's wait
        covers them, since the app reads keys in order. Never Escape (see `press`)."""
        if "Escape" in keys:
            raise ValueError("Escape must end a `press`, which awaits its effect")
        for key in keys:
            self.tmux.send_keys(self.name, key)

    def _step(self, send: Callable[[], None], sent: str, until: Awaited, timeout: float) -> str:
        check = until if isinstance(until, ScreenCheck) else contains(until)
        before = self.screen()
        if check(before):
            raise AssertionError(
                f"{check.what} holds before {sent} is sent: waiting for it would not tell that "
                f"the app handled {sent}; wait for something only {sent} brings:\n{before}"
            )
        send()
        return self.tmux.wait_for_screen(self.name, check, timeout)

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
    with TmuxServer(poll_interval=TEST_POLL_INTERVAL) as tmux:
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
