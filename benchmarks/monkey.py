"""The monkey in a real terminal: thousands of random keys to the installed ``reader`` in tmux.

``reader`` runs on the seeds with highlights, notes and bookmarks already stored (the same data
and the same weighted keys as ``tests/ui/test_monkey.py``: ``tests/ui/monkey_kit.py``), with its
quit key moved out of the monkey's reach and links copied, never opened (``SSH_CONNECTION`` set).
Keys go one at a time, in bursts, with resizes down to 10x4 among them. After every burst:

- the pane must still show the app: a program that exited with an error (a traceback) is a crash;
  one that exited cleanly chose the palette's own Quit by chance, and is started again;
- a harmless key must be answered within 1 s: at 100x30, ``ctrl+p`` (the palette, which every
  screen lets through) until its search icon shows, then ``escape`` until it is gone; a slower
  answer is a hang. On a loaded machine an answer is late without the app being slow: on Linux
  each answer is also timed less the app's wait for a CPU (``/proc/PID/schedstat``); a late
  answer whose own time was within the limit is counted apart ("late, waiting for a CPU"), not
  as a hang, and each says how long the app itself ran.

At the end the store must be sound (SQLite's integrity check, every attached highlight on its
words). Prints crashes (target 0), hangs over 1 s (target 0), the slowest answers, and the seed
that reproduces a failure (keys and sizes follow from it; timing does not).

    .venv/bin/python benchmarks/monkey.py [--keys 2000] [--seed N] [--burst 25] [--reader PATH]
"""

from __future__ import annotations

import argparse
import contextlib
import random
import re
import shlex
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

from tmux_harness import TmuxError, TmuxServer, describe

from tests.ui.monkey_kit import (
    CONFIG,
    GROUPS,
    HEIGHTS,
    RESIZE,
    SEEDS,
    WIDTHS,
    highlighted_store,
    store_problems,
)

SESSION = "monkey"
SIZE = (100, 30)
#: Seconds the harmless key may take to be answered.
ANSWER_LIMIT = 1.0
#: The command palette's search icon: shown while it is open, whatever is typed in it.
PALETTE = "🔎"
#: Seconds after an escape before the next key, so the two are not read as one alt+key
#: (Textual waits 100 ms for what follows an escape).
AFTER_ESCAPE = 0.15
START_TIMEOUT = 30.0
#: Seconds a late answer is still waited for, to tell a slow one from none.
LATE_LIMIT = 30.0
#: Seconds the screen must stay the same before the harmless key is sent.
QUIET = 0.3

#: Textual key names that tmux spells differently, and punctuation by name.
TMUX_NAMES = {
    "enter": "Enter", "escape": "Escape", "tab": "Tab", "shift+tab": "BTab", "up": "Up",
    "down": "Down", "left": "Left", "right": "Right", "home": "Home", "end": "End",
    "pageup": "PPage", "pagedown": "NPage", "space": "Space", "backspace": "BSpace",
    "delete": "DC",
}  # fmt: skip
CHARACTERS = {
    "question_mark": "?", "exclamation_mark": "!", "slash": "/", "plus": "+", "minus": "-",
    "left_parenthesis": "(", "right_parenthesis": ")", "left_curly_bracket": "{",
    "right_curly_bracket": "}", "left_square_bracket": "[", "right_square_bracket": "]",
    "full_stop": ".", "comma": ",", "quotation_mark": '"', "number_sign": "#",
    "apostrophe": "'", "colon": ":", "semicolon": ";", "equals_sign": "=", "asterisk": "*",
    "ampersand": "&", "at": "@", "dollar_sign": "$", "percent_sign": "%", "underscore": "_",
    "tilde": "~", "grave_accent": "`", "vertical_line": "|", "backslash": "\\",
    "less_than_sign": "<", "greater_than_sign": ">", "circumflex_accent": "^",
}  # fmt: skip


def tmux_key(key: str) -> tuple[str, bool]:
    """The tmux spelling of a Textual key name, and whether it is to be sent literally."""
    if len(key) == 1:
        return key, True
    if key in CHARACTERS:
        return CHARACTERS[key], True
    if key in TMUX_NAMES:
        return TMUX_NAMES[key], False
    if key.startswith("ctrl+"):
        return f"C-{key.removeprefix('ctrl+')}", False
    raise ValueError(f"no tmux name for the key {key!r}")


Step = str | tuple[int, int]


def steps(rng: random.Random, count: int) -> list[Step]:
    """`count` steps drawn with the kit's weights: key names, or (width, height) to resize to."""
    weights = [weight for weight, _ in GROUPS]
    drawn: list[Step] = []
    for _ in range(count):
        (keys,) = rng.choices([keys for _, keys in GROUPS], weights)
        if keys == [RESIZE]:
            drawn.append((rng.randint(*WIDTHS), rng.randint(*HEIGHTS)))
        else:
            drawn.append(rng.choice(keys))
    return drawn


class LateUnderLoad(TmuxError):
    """The answer came past the limit, but the app's own time was within it: the machine was
    busy, the app was not slow."""


@dataclass
class Tally:
    """What the run found."""

    keys: int = 0
    bursts: int = 0
    crashes: list[str] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)
    #: Answers past the limit whose own time (less the wait for a CPU) was within it.
    crowded: list[str] = field(default_factory=list)
    quits: int = 0
    answers: list[float] = field(default_factory=list)


class Monkey:
    """One `reader` in tmux, its data folder, and the keys sent to it."""

    def __init__(self, tmux: TmuxServer, reader: list[str], scratch: Path) -> None:
        self.tmux = tmux
        self.scratch = scratch
        self.data = scratch / "data"
        config = scratch / "config.toml"
        config.write_text(CONFIG, encoding="utf-8")
        self.env = {
            "READER_DATA_DIR": str(self.data),
            "READER_CONFIG": str(config),
            "XDG_CACHE_HOME": str(scratch / "xdg-cache"),
            "SSH_CONNECTION": "10.0.0.1 50000 10.0.0.2 22",
        }
        self.argv = [*reader, str(SEEDS)]
        #: Each answer's seconds less the time the app waited for a CPU meanwhile (Linux).
        self.own: list[float] = []
        highlighted_store(self.data)

    def start(self) -> None:
        self.tmux.kill(SESSION)
        self.tmux.new_session(
            SESSION, self.argv, width=SIZE[0], height=SIZE[1], env=self.env, cwd=self.scratch
        )
        self.tmux.wait_for(SESSION, "Inbox · ", START_TIMEOUT)  # the list, its view known

    def send(self, step: Step) -> None:
        if isinstance(step, tuple):
            width, height = step
            self.tmux.tmux("resize-window", "-t", SESSION, "-x", str(width), "-y", str(height))
            return
        name, literal = tmux_key(step)
        self.tmux.send_keys(SESSION, name, literal=literal)
        if step == "escape":
            time.sleep(AFTER_ESCAPE)

    def exit_status(self) -> int | None:
        """None while the app runs; its exit status once it ended."""
        if not self.tmux.pane_dead(SESSION):
            return None
        return int(self.tmux.display(SESSION, "#{pane_dead_status}") or -1)

    def settle(self) -> float:
        """Seconds until the screen stops changing (`QUIET` s the same): the app has caught up
        with the burst. Keys sent faster than any typist queue up on a loaded machine; the
        harmless key is to measure the app, not the queue."""
        start = time.perf_counter()
        screen, since = self.tmux.capture(SESSION), start
        while time.perf_counter() - since < QUIET:
            if time.perf_counter() - start > LATE_LIMIT:
                break
            time.sleep(0.02)
            now = self.tmux.capture(SESSION)
            if now != screen:
                screen, since = now, time.perf_counter()
        return since - start

    def answer(self) -> float:
        """Seconds for the harmless key to show its effect (raises `TmuxError` past the limit)."""
        self.send(SIZE)
        time.sleep(AFTER_ESCAPE)  # an escape ending the burst is read alone
        self.settle()
        if PALETTE in self.tmux.capture(SESSION):
            self._palette("Escape", shown=False)
        seconds = self._palette("C-p", shown=True)
        return max(seconds, self._palette("Escape", shown=False))

    def _palette(self, key: str, shown: bool) -> float:
        waited = self.cpu_wait()
        start = time.perf_counter()
        self.tmux.send_keys(SESSION, key)
        deadline = start + ANSWER_LIMIT
        while (PALETTE in self.tmux.capture(SESSION)) != shown:
            if time.perf_counter() > deadline:
                self._too_late(shown, start, waited)
            time.sleep(0.005)
        seconds = time.perf_counter() - start
        self._own(seconds, waited)
        if key == "Escape":
            time.sleep(AFTER_ESCAPE)
        return seconds

    def _too_late(self, shown: bool, start: float, waited: float | None) -> NoReturn:
        state = "open" if shown else "close"
        seconds = self._late(shown, start)
        own_time: float | None = None
        if seconds is None:
            late = f"not even after {LATE_LIMIT:.0f} s"
        else:
            late = f"it did after {seconds:.1f} s"
            if (own_time := self._own(seconds, waited)) is not None:
                late += f", the app running {own_time:.1f} s of it and waiting for a CPU the rest"
        if shown and PALETTE in self.tmux.capture(SESSION):
            with contextlib.suppress(TmuxError):  # the next burst starts where it was
                self._palette("Escape", shown=False)
        error = LateUnderLoad if own_time is not None and own_time <= ANSWER_LIMIT else TmuxError
        raise error(
            f"the palette did not {state} within {ANSWER_LIMIT} s ({late})\n"
            + self.tmux.capture(SESSION)
        )

    def cpu_wait(self) -> float | None:
        """Seconds the app has spent ready to run but waiting for a CPU (Linux; None elsewhere):
        on a loaded machine an answer is late without the app being slow."""
        try:
            pid = self.tmux.display(SESSION, "#{pane_pid}")
            return int(Path(f"/proc/{pid}/schedstat").read_text().split()[1]) / 1e9
        except (OSError, ValueError, IndexError, TmuxError):
            return None

    def _own(self, seconds: float, waited: float | None) -> float | None:
        """`seconds` less the time the app waited for a CPU meanwhile (kept in `own`)."""
        now = self.cpu_wait()
        if waited is None or now is None:
            return None
        own = max(0.0, seconds - (now - waited))
        self.own.append(own)
        return own

    def _late(self, shown: bool, start: float) -> float | None:
        """Seconds the answer took after all (None: not within `LATE_LIMIT`)."""
        while time.perf_counter() < start + LATE_LIMIT:
            if (PALETTE in self.tmux.capture(SESSION)) == shown:
                return time.perf_counter() - start
            time.sleep(0.02)
        return None


def play(monkey: Monkey, rng: random.Random, keys: int, burst: int, tally: Tally) -> None:
    monkey.start()
    while tally.keys < keys:
        drawn = steps(rng, min(burst, keys - tally.keys))
        tally.bursts += 1
        for step in drawn:
            monkey.send(step)
        tally.keys += len(drawn)
        where = f"burst {tally.bursts} (keys {tally.keys - len(drawn) + 1}-{tally.keys})"
        status = monkey.exit_status()
        if status is None:
            try:
                tally.answers.append(monkey.answer())
                continue
            except LateUnderLoad as error:
                tally.crowded.append(f"{where}: {error}".split("\n", 1)[0])
                continue
            except TmuxError as error:
                status = monkey.exit_status()  # the app may have ended during the probe
                if status is None:
                    tally.hangs.append(f"{where}: {error}; keys {drawn}")
                    continue
        screen = monkey.tmux.tmux("capture-pane", "-p", "-S", "-", "-t", SESSION)
        if status == 0 and "Traceback" not in screen:
            tally.quits += 1
        else:
            tally.crashes.append(f"{where}: exit {status}; keys {drawn}\n{traceback_of(screen)}")
        monkey.start()


def traceback_of(screen: str) -> str:
    """The frames (file:line in function) and the exception of a traceback on screen."""
    lines = [line.strip("│ ╰─╯") for line in screen.splitlines()]
    frames = [line for line in lines if re.search(r"\.py:\d+ in \S+", line)]
    starts = [n for n, line in enumerate(lines) if re.match(r"([a-z_]\w*\.)*[A-Z]\w*: ", line)]
    error = lines[starts[-1] :] if starts else lines[-1:]
    error = [line for line in error if line and not line.startswith("Pane is dead")]
    return "\n".join(f"    {line}" for line in [*frames[-8:], *error[:12]])


def report(tally: Tally, seed: int, problems: list[str], own: list[float]) -> bool:
    answers = sorted(tally.answers) or [0.0]
    print(f"keys sent: {tally.keys:,} in {tally.bursts} bursts, seed {seed}")
    print(f"crashes: {len(tally.crashes)} (target 0)")
    print(f"hangs over {ANSWER_LIMIT:.0f} s: {len(tally.hangs)} (target 0)")
    print(
        f"late, waiting for a CPU (the app's own time within {ANSWER_LIMIT:.0f} s): "
        f"{len(tally.crowded)}"
    )
    print(
        f"harmless key answered: median {statistics.median(answers):.3f} s, "
        f"slowest {answers[-1]:.3f} s ({len(tally.answers)} probes)"
    )
    if own:
        print(
            f"each key's answer less the app's wait for a CPU: median {statistics.median(own):.3f}"
            f" s, slowest {max(own):.3f} s ({len(own)} answers)"
        )
    print(f"clean exits (the palette's Quit chosen by chance, restarted): {tally.quits}")
    print(f"store: {'sound' if not problems else '; '.join(problems[:5])}")
    for failure in [*tally.crashes, *tally.hangs, *tally.crowded]:
        print(f"  {failure}")
    ok = not tally.crashes and not tally.hangs and not problems
    if not ok:
        print(f"reproduce with: python benchmarks/monkey.py --seed {seed} --keys {tally.keys}")
    print("PASS" if ok else "FAIL")
    return ok


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reader", default=str(Path(sys.executable).parent / "reader"))
    parser.add_argument("--keys", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--burst", type=int, default=25, help="keys between two checks")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(10**6)
    print(f"$ python benchmarks/monkey.py {shlex.join(sys.argv[1:] if argv is None else argv)}")
    reader = shlex.split(args.reader)
    print(describe(reader))
    tally = Tally()
    with tempfile.TemporaryDirectory(prefix="reader-monkey-") as scratch, TmuxServer() as tmux:
        monkey = Monkey(tmux, reader, Path(scratch))
        started = time.perf_counter()
        play(monkey, random.Random(seed), args.keys, args.burst, tally)
        tmux.send_keys(SESSION, "F12")  # the quit key the monkey never pressed
        tmux.wait_exit(SESSION, 40.0)
        print(f"({time.perf_counter() - started:.0f} s)")
        problems = store_problems(monkey.data)
    return 0 if report(tally, seed, problems, monkey.own) else 1


if __name__ == "__main__":
    sys.exit(main())
