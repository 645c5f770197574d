"""Key-to-screen timing through tmux's control mode, without a process per step.

The capture method (`TmuxServer.capture` in a loop) starts two subprocesses per look, one to
send the keys and one per capture: each costs a few milliseconds of the same two cores the app
needs, and the first look can only happen after the previous one returned. A key the app draws
in 10 ms is then timed at 30-40 ms, and the difference grows with the machine's load.

A control-mode client (`tmux -C attach`) is one long-lived process: commands go in on its
standard input, and tmux writes a `%output` line the moment the pane's program writes to the
terminal. So the time a key reaches the screen is the time tmux received the frame that shows
it; a `capture-pane` asked after that frame tells whether it shows what was awaited. tmux
writes notifications and command answers to the client in the order it handled them, so the
last `%output` line before an answer's `%begin` is the last frame that answer's capture saw.
"""

from __future__ import annotations

import queue
import shlex
import subprocess
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

#: Seconds to wait for tmux to answer one command.
ANSWER_TIMEOUT = 30.0
#: Frames whose times are kept (`first_frame_after`).
FRAMES_KEPT = 256


@dataclass(frozen=True)
class Answer:
    """One command's output, and the time of the last frame tmux had received before it ran."""

    lines: list[str]
    last_frame: float


class ControlClient:
    """A tmux control-mode client attached to one session of a private server."""

    def __init__(self, socket_name: str, session: str) -> None:
        self.session = session
        self._process = subprocess.Popen(
            ["tmux", "-L", socket_name, "-C", "attach", "-t", session],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._answers: queue.Queue[Answer] = queue.Queue()
        self._frames = threading.Condition()
        self._frame_count = 0
        self._last_frame = 0.0
        #: When each frame came (the last `FRAMES_KEPT`).
        self._frame_times: deque[float] = deque(maxlen=FRAMES_KEPT)
        self._reading = threading.Thread(target=self._read, daemon=True)
        self._reading.start()
        self.command("display-message -p ready")  # attached: answers come in order from here

    def _read(self) -> None:
        """Sort tmux's lines into frames (`%output`) and answers (`%begin`..`%end`)."""
        assert self._process.stdout is not None
        block: list[str] | None = None
        block_frame = 0.0
        for raw in self._process.stdout:
            now = time.perf_counter()
            line = raw.decode("utf-8", "replace").rstrip("\n")
            if block is not None:
                if line.startswith(("%end ", "%error ")):
                    if line.split()[-1] == "1":  # flags 1: a command this client sent
                        self._answers.put(Answer(block, block_frame))
                    block = None
                else:
                    block.append(line)
            elif line.startswith("%begin "):
                block, block_frame = [], self._last_frame
            elif line.startswith("%output "):
                with self._frames:
                    self._last_frame = now
                    self._frame_times.append(now)
                    self._frame_count += 1
                    self._frames.notify_all()

    def command(self, line: str) -> Answer:
        """Run one tmux command and return its answer."""
        return self.commands(line)[0]

    def commands(self, *lines: str) -> list[Answer]:
        """Run tmux commands one after the other, in one write; their answers in order."""
        assert self._process.stdin is not None
        self._process.stdin.write(b"".join(line.encode("utf-8") + b"\n" for line in lines))
        self._process.stdin.flush()
        return [self._answers.get(timeout=ANSWER_TIMEOUT) for _ in lines]

    @property
    def frames(self) -> int:
        """How many frames (`%output` lines) tmux has sent so far."""
        with self._frames:
            return self._frame_count

    def send_keys(self, *keys: str, literal: bool = False) -> None:
        flag = " -l" if literal else ""
        words = " ".join(shlex.quote(key) for key in keys)
        self.command(f"send-keys{flag} -t {shlex.quote(self.session)} {words}")

    def capture(self) -> Answer:
        return self.command(f"capture-pane -p -t {shlex.quote(self.session)}")

    def timed(
        self,
        keys: list[str],
        until: Callable[[str], bool],
        timeout: float,
        literal: bool = False,
    ) -> float:
        """Seconds from sending `keys` to the first frame after which `until(screen)` holds."""
        seen = self.frames
        start = time.perf_counter()
        self.send_keys(*keys, literal=literal)
        while True:
            answer = self.capture()
            if until("\n".join(answer.lines)):
                return max(0.0, answer.last_frame - start)
            seen = self.next_frame(seen, start + timeout - time.perf_counter())
            if seen < 0:
                raise TimeoutError(f"{keys} -> nothing within {timeout} s")

    def first_frame_after(self, start: float) -> float:
        """When the first frame after `start` (a `perf_counter` time) came (inf: none yet)."""
        with self._frames:
            return next((when for when in self._frame_times if when >= start), float("inf"))

    def next_frame(self, seen: int, timeout: float) -> int:
        """Wait for a frame after the `seen`-th; how many there are then, or -1 if none came."""
        with self._frames:
            if timeout <= 0 or not self._frames.wait_for(
                lambda: self._frame_count > seen, timeout=timeout
            ):
                return -1
            return self._frame_count

    def close(self) -> None:
        """Detach: the session and its program go on."""
        if self._process.stdin is not None:
            self._process.stdin.close()
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
