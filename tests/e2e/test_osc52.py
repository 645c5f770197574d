"""The OSC 52 bytes really cross a multiplexer and reach the terminal around it.

The outer terminal is a private tmux with ``set-clipboard on``: it keeps what an OSC 52 sets as a
paste buffer, which ``show-buffer`` reads back. Inside it runs the multiplexer under test:

- GNU screen, which must pass the DCS pieces through without spilling any on the screen;
- a nested tmux with ``allow-passthrough on`` and ``set-clipboard off``, so only the passthrough
  envelope can deliver the text (the plain sequence sent first is dropped there).

The text is long enough (several kB, non-ASCII) to need many of screen's pieces.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from reader.core.osc52 import Multiplexer, osc52_sequence
from tests.e2e.test_terminal import unavailable
from tests.e2e.tmux import TEST_POLL_INTERVAL, TmuxServer, tmux_available, wait_until

pytestmark = pytest.mark.e2e

TEXT = "> “Copied” über SSH ✓\n" + "passage " * 400 + "end"
TIMEOUT = 20.0
POLL = TEST_POLL_INTERVAL


def tmux_version() -> tuple[int, int]:
    found = re.search(
        r"(\d+)\.(\d+)",
        subprocess.run(["tmux", "-V"], capture_output=True, text=True, check=False).stdout,
    )
    return (int(found[1]), int(found[2])) if found else (0, 0)


@pytest.fixture
def outer() -> Iterator[TmuxServer]:
    if not tmux_available():
        unavailable("tmux is not installed: the OSC 52 round trip needs it")
    with TmuxServer(poll_interval=TEST_POLL_INTERVAL) as server:
        yield server


def copy_inside(
    outer: TmuxServer,
    tmp_path: Path,
    kind: Multiplexer,
    start: str,
    stop: list[str],
    attached: Callable[[], bool],
) -> None:
    """Copy `TEXT` from a program that ``start`` runs inside the multiplexer, then check it.

    ``start`` is a shell command taking the inner program's command line as ``$INNER``; ``stop``
    is the argv that ends the multiplexer afterwards, whatever happened. The inner program
    writes the sequence only once ``attached()`` says the multiplexer has its client: a
    passthrough with no client to go to is lost.
    """
    sequence = tmp_path / "sequence"
    sequence.write_text(osc52_sequence(TEXT, terminal_multiplexer=kind), encoding="ascii")
    go = tmp_path / "go"
    inner = (
        f"while [ ! -e {shlex.quote(str(go))} ]; do sleep 0.02; done; "
        f"cat {shlex.quote(str(sequence))}; echo written; sleep 30"
    )
    outer.new_session("outer", ["sh", "-c", f"INNER={shlex.quote(inner)}; {start}"])

    def copied() -> str | None:
        found = outer.tmux("show-buffer", check=False)
        return found if found == TEXT else None

    try:
        outer.tmux("set", "-s", "set-clipboard", "on")
        wait_until(attached, TIMEOUT, f"a client on the inner {kind}", interval=POLL)
        go.touch()
        outer.wait_for("outer", "written", TIMEOUT)
        buffer = wait_until(
            copied,
            TIMEOUT,
            "the text in the outer paste buffer",
            interval=POLL,
            shown=lambda: outer.tmux("show-buffer", check=False)[:300],
        )
        screen = outer.capture("outer")
    finally:
        subprocess.run(stop, capture_output=True, check=False)
    assert buffer == TEXT
    assert "cGFzc2FnZS" not in screen, f"base64 spilled on the screen:\n{screen}"


def listed(argv: list[str], env: dict[str, str] | None = None) -> str:
    """What a multiplexer's listing command prints (empty if it fails)."""
    return subprocess.run(
        argv, capture_output=True, text=True, check=False, env=env and {**os.environ, **env}
    ).stdout


def test_screen_pieces_reach_the_outer_terminal(
    outer: TmuxServer, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if shutil.which("screen") is None:
        pytest.skip("GNU screen is not installed (apt-get install -y screen)")
    # screen keeps its socket in SCREENDIR, and a Unix socket's path is limited to about 100
    # bytes: pytest's own folders (longer under xdist) can exceed it, and screen then never
    # starts. A short private folder of its own instead.
    screens = Path(tempfile.mkdtemp(prefix="rs-"))
    request.addfinalizer(lambda: shutil.rmtree(screens, ignore_errors=True))
    name = f"reader-osc52-{uuid.uuid4().hex[:8]}"
    folder = shlex.quote(str(screens))
    start = (
        f'export SCREENDIR={folder} TERM=screen-256color; exec screen -q -S {name} sh -c "$INNER"'
    )
    stop = ["env", f"SCREENDIR={screens}", "screen", "-S", name, "-X", "quit"]

    def attached() -> bool:
        return "(Attached)" in listed(["screen", "-ls", name], {"SCREENDIR": str(screens)})

    copy_inside(outer, tmp_path, "screen", start, stop, attached)


def test_tmux_passthrough_reaches_the_outer_terminal(outer: TmuxServer, tmp_path: Path) -> None:
    if tmux_version() < (3, 3):
        pytest.skip("tmux older than 3.3 has no allow-passthrough option")
    config = tmp_path / "inner.conf"
    config.write_text(
        "set -g status off\nset -g allow-passthrough on\nset -s set-clipboard off\n",
        encoding="utf-8",
    )
    socket = f"reader-inner-{uuid.uuid4().hex[:8]}"
    start = f'unset TMUX; exec tmux -L {socket} -f {shlex.quote(str(config))} new-session "$INNER"'
    stop = ["tmux", "-L", socket, "kill-server"]

    def attached() -> bool:
        return bool(listed(["tmux", "-L", socket, "list-clients"]).strip())

    copy_inside(outer, tmp_path, "tmux", start, stop, attached)
