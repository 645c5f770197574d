"""Drive programs in a real terminal: a private, detached tmux server.

Shared by the end-to-end test (``tests/e2e/test_terminal.py``) and the benchmarks
(``benchmarks/tmux_harness.py``), both as ``from tests.e2e.tmux import ...``: tests must not
import from ``benchmarks/``, so the helper lives here and the benchmarks put the repository root
on ``sys.path``. It uses only the standard library and imports nothing from the project, so it
could as well be loaded by its path.

Waiting is always for a condition: :func:`wait_until` polls a predicate with a generous
timeout and names what it waited for when the time runs out; :meth:`TmuxServer.wait_for_screen`
(a :class:`ScreenCheck` on the captured screen), :meth:`TmuxServer.wait_for` and
:meth:`TmuxServer.wait_exit` are built on it, and so are the tests' own waits.

Every :class:`TmuxServer` runs on its own socket (``tmux -L <unique name>``) with its own config
file, so it never touches, and is never affected by, the user's tmux server or ``~/.tmux.conf``.
Its status line is off, so a session created at 80x24 gives the program a real 80x24 pane.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TypeVar

POLL_INTERVAL = 0.005
"""Seconds between two captures by default (each capture is a subprocess): fine enough for the
benchmarks, which time the first capture showing a change."""
TEST_POLL_INTERVAL = 0.05
"""Seconds between two captures in the tests, which time nothing: polling less often leaves the
CPU to the program under test on a loaded machine."""

T = TypeVar("T")

_CONFIG = """\
set -g status off
set -g remain-on-exit on
set -s exit-empty off
set -sg escape-time 0
set -g history-limit 5000
set -g default-terminal "{term}"
set -g default-shell /bin/sh
"""


class TmuxError(RuntimeError):
    """A tmux command failed, or a pane never showed what was awaited (message has the screen)."""


class WaitTimeout(TmuxError):
    """A condition awaited with :func:`wait_until` did not hold in time (message says which)."""


def wait_until(
    predicate: Callable[[], T],
    timeout: float,
    what: str,
    *,
    interval: float = POLL_INTERVAL,
    shown: Callable[[], str] | None = None,
) -> T:
    """Call ``predicate`` every ``interval`` seconds until it returns something true; return it.

    The one way the tests and benchmarks wait: for a condition, with a generous ``timeout``
    (they run on loaded machines), never for a fixed time. Past ``timeout`` it raises
    :class:`WaitTimeout` naming ``what`` was awaited, followed by ``shown()`` (the screen, a
    file...) if given. ``predicate`` may raise to stop early (a program that exited).
    """
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            detail = f":\n{shown()}" if shown is not None else ""
            raise WaitTimeout(f"waited {timeout:g} s for {what}{detail}")
        time.sleep(interval)


@dataclass(frozen=True)
class ScreenCheck:
    """A condition on a captured screen, with the words that name it when a wait fails."""

    what: str
    holds: Callable[[str], bool]

    def __call__(self, screen: str) -> bool:
        return self.holds(screen)


def contains(text: str | re.Pattern[str]) -> ScreenCheck:
    """The screen shows ``text`` (a substring, or a regex searched for)."""
    if isinstance(text, re.Pattern):
        pattern = text
        return ScreenCheck(
            f"/{pattern.pattern}/", lambda screen: pattern.search(screen) is not None
        )
    return ScreenCheck(repr(text), lambda screen: text in screen)


def gone(text: str) -> ScreenCheck:
    """``text`` is no longer on the screen (a dialog closed)."""
    return ScreenCheck(f"{text!r} to go", lambda screen: text not in screen)


def tmux_available() -> bool:
    """True if a ``tmux`` executable is on PATH."""
    return shutil.which("tmux") is not None


def _terminal_name() -> str:
    """Pick the TERM tmux advertises inside its panes, preferring full 256-colour support."""
    for name in ("tmux-256color", "screen-256color"):
        found = subprocess.run(["infocmp", name], capture_output=True, check=False)
        if found.returncode == 0:
            return name
    return "screen"


class TmuxServer:
    """A private tmux server; use it as a context manager so it is always killed.

    Panes stay open after their program exits (``remain-on-exit``), so a crash leaves its
    traceback on screen for :meth:`capture` instead of silently closing the session.
    """

    def __init__(
        self, socket_name: str | None = None, *, poll_interval: float = POLL_INTERVAL
    ) -> None:
        self.socket_name = socket_name or f"reader-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        #: Seconds between two captures while waiting (see :data:`TEST_POLL_INTERVAL`).
        self.poll_interval = poll_interval
        self._workdir = Path(tempfile.mkdtemp(prefix="reader-tmux-"))
        self._config = self._workdir / "tmux.conf"
        self._config.write_text(_CONFIG.format(term=_terminal_name()), encoding="utf-8")
        self.started_at: dict[str, float] = {}

    def __enter__(self) -> TmuxServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.kill_server()

    # -- plumbing ------------------------------------------------------------------------------

    def _base(self) -> list[str]:
        return ["tmux", "-L", self.socket_name, "-f", str(self._config)]

    def tmux(self, *args: str, check: bool = True) -> str:
        """Run one tmux command on this server and return its stdout."""
        env = {k: v for k, v in os.environ.items() if k != "TMUX"}
        done = subprocess.run(
            [*self._base(), *args], capture_output=True, text=True, env=env, check=False
        )
        if check and done.returncode != 0:
            raise TmuxError(f"tmux {shlex.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    # -- sessions ------------------------------------------------------------------------------

    def new_session(
        self,
        name: str,
        command: str | Sequence[str],
        *,
        width: int = 80,
        height: int = 24,
        env: Mapping[str, str] | None = None,
        cwd: Path | str | None = None,
    ) -> float:
        """Start ``command`` in a detached session of ``width`` x ``height``.

        ``command`` is a shell command line (str), or an argv that is quoted and ``exec``-ed so
        the program itself is the pane's process; tmux runs it with ``/bin/sh -c``. ``env`` is
        exported first, so it reaches the program whatever the server's own environment is.
        Returns (and remembers for :meth:`wait_for`) the ``time.perf_counter()`` taken just
        before ``new-session`` runs.
        """
        shell = command if isinstance(command, str) else "exec " + shlex.join(command)
        if env:
            assignments = " ".join(shlex.quote(f"{k}={v}") for k, v in env.items())
            shell = f"export {assignments}; {shell}"
        args = ["new-session", "-d", "-s", name, "-x", str(width), "-y", str(height)]
        if cwd is not None:
            args += ["-c", str(cwd)]
        start = time.perf_counter()
        self.tmux(*args, shell)
        self.started_at[name] = start
        return start

    def capture(self, name: str) -> str:
        """Return the visible screen of the session's pane, one line per row."""
        return self.tmux("capture-pane", "-p", "-t", name)

    def _capture_and_state(self, name: str) -> tuple[str, bool]:
        """Capture the screen and tell whether the pane's program has exited, in one subprocess."""
        out = self.tmux(
            "capture-pane",
            "-p",
            "-t",
            name,
            ";",
            "display-message",
            "-p",
            "-t",
            name,
            "#{pane_dead}",
        )
        screen, _, dead = out.rstrip("\n").rpartition("\n")
        return screen, dead.strip() == "1"

    def wait_for_screen(self, name: str, check: ScreenCheck, timeout: float) -> str:
        """Capture the screen until ``check`` holds for it; return that screen.

        Raises :class:`TmuxError` with the screen if the time runs out or the program exits
        first (its pane stays, with its last words on it).
        """
        last = ""

        def holds() -> bool:
            nonlocal last
            last, dead = self._capture_and_state(name)
            if check(last):
                return True
            if dead:
                raise TmuxError(f"program in {name!r} exited before {check.what}:\n{last}")
            return False

        wait_until(
            holds,
            timeout,
            f"{check.what} in {name!r}",
            interval=self.poll_interval,
            shown=lambda: last,
        )
        return last

    def wait_for(
        self,
        name: str,
        text: str | re.Pattern[str],
        timeout: float,
        *,
        start: float | None = None,
    ) -> float:
        """Poll the screen until it contains ``text`` (a substring or a regex).

        Returns the seconds from ``start`` (default: just before this session's
        ``new-session``) to the first capture showing it. Raises :class:`TmuxError` with the
        screen if the time runs out or the program exits first.
        """
        origin = self.started_at.get(name, time.perf_counter()) if start is None else start
        self.wait_for_screen(name, contains(text), timeout)
        return time.perf_counter() - origin

    def send_keys(self, name: str, *keys: str, literal: bool = False) -> None:
        """Type ``keys``: tmux key names (``Enter``, ``C-c``), or plain text if ``literal``."""
        self.tmux("send-keys", "-t", name, *(["-l"] if literal else []), *keys)

    def display(self, name: str, fmt: str) -> str:
        """Expand a tmux format (``#{alternate_on}``, ``#{cursor_y}``...) for the session's pane."""
        return self.tmux("display-message", "-p", "-t", name, fmt).strip()

    def pane_pid(self, name: str) -> int:
        """PID of the pane's first process (the command itself, or the shell running it)."""
        return int(self.display(name, "#{pane_pid}"))

    def pane_dead(self, name: str) -> bool:
        """True once the pane's program has exited (the pane stays, see ``remain-on-exit``)."""
        return self.display(name, "#{pane_dead}") == "1"

    def wait_exit(self, name: str, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for the pane's program to exit; True if it did."""
        try:
            return wait_until(
                lambda: self.pane_dead(name),
                timeout,
                f"the program in {name!r} to exit",
                interval=max(self.poll_interval, 0.02),
            )
        except WaitTimeout:
            return False

    def kill(self, name: str) -> None:
        """Kill one session (its program gets SIGHUP); a no-op if it is already gone."""
        self.tmux("kill-session", "-t", name, check=False)

    def kill_server(self) -> None:
        """Kill this private server and its sessions; remove its socket file and config folder.

        tmux leaves the socket file behind after ``kill-server``; without the cleanup every
        test run would add one to ``/tmp/tmux-<uid>``.
        """
        socket = self.tmux("display-message", "-p", "#{socket_path}", check=False).strip()
        self.tmux("kill-server", check=False)
        if socket:
            Path(socket).unlink(missing_ok=True)
        shutil.rmtree(self._workdir, ignore_errors=True)


# -- processes --------------------------------------------------------------------------------


def descendants(pid: int) -> Iterator[int]:
    """Yield ``pid`` and all its descendants, read from ``/proc/<pid>/task/*/children`` (Linux)."""
    yield pid
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            kids = children.read_text().split()
        except OSError:
            continue
        for kid in kids:
            yield from descendants(int(kid))


def proc_status_kib(pid: int, field: str) -> int | None:
    """Read one ``kB`` field (``VmHWM``, ``VmRSS``...) of ``/proc/<pid>/status``, or None."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        key, _, value = line.partition(":")
        if key == field:
            return int(value.split()[0])
    return None


def cmdline(pid: int) -> list[str]:
    """The argv of process ``pid`` (empty if it is gone)."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    return [part.decode(errors="replace") for part in raw.split(b"\0") if part]
