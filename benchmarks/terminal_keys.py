"""A caret move and a page turn in `reader`, beside vim and less on the same text (issue 18 item 4).

The 1 MB generated article (``genlib.py --big``) is opened at 80x24 in three tmux sessions of
one server: the installed ``reader`` (the article opened with `enter`), ``vim -R`` and ``less``
(each with no user configuration, the quickest they come). Each key is sent through a tmux
control-mode client attached to that session (``tmux_control.py``: one long-lived process, no
subprocess per step), and timed from the moment it is sent to the first frame the program
writes back: its answer to the key, as tmux receives it. Keys alternate between the programs,
one at a time, each after the previous one's frames have stopped (50 ms without output), so
load hits all alike.

Beside them, ``bare_pager.py``: the least a Textual app does for the same keys (a marked line
moved, a screen of lines replaced), the floor under any Textual program, run at the ticks a
second `reader` gives Textual (`TEXTUAL_FPS`, see `reader/cli/library.py`).

* caret move: `j` in each (reader's caret, vim's cursor, a line scrolled in less, which has no
  cursor);
* page turn: `space` in reader and less, `ctrl+f` in vim.

Target: reader at most 2x vim, by medians and p95 (issue 18 item 4).

    .venv/bin/python benchmarks/terminal_keys.py [--reader PATH] [--keys 60] [--cache DIR]
"""

from __future__ import annotations

import argparse
import shlex
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import genlib  # benchmarks/ is sys.path[0] when this file is run as a script
from tmux_control import ControlClient
from tmux_harness import TmuxServer, describe

from reader.cli.library import FRAMES_PER_SECOND

TIMEOUT = 30.0
#: The least a Textual app does for the same keys (`bare_pager.py`): the toolkit's floor.
BARE = Path(__file__).resolve().parent / "bare_pager.py"
#: Seconds without output after which a program is taken to have finished answering a key.
QUIET = 0.05


class Program:
    """One program in its own session, and a control-mode client attached to it."""

    def __init__(self, tmux: TmuxServer, name: str, argv: list[str], env: dict[str, str]):
        self.name = name
        tmux.new_session(name, argv, width=80, height=24, env=env)
        self.client = ControlClient(tmux.socket_name, name)

    def first_frame(self, keys: list[str]) -> float:
        """Seconds from sending `keys` to the first frame after them."""
        seen = self.client.frames
        start = time.perf_counter()
        self.client.send_keys(*keys)
        if self.client.next_frame(seen, TIMEOUT) < 0:
            raise TimeoutError(f"{self.name}: {keys} drew nothing in {TIMEOUT} s")
        first = self.client.first_frame_after(start)
        self.quiet()
        return first - start

    def quiet(self) -> None:
        """Waits until the program has written nothing for `QUIET` seconds."""
        while True:
            seen = self.client.frames
            if self.client.next_frame(seen, QUIET) < 0:
                return


def percentile(values: Sequence[float], p: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reader", default=str(Path(sys.executable).parent / "reader"))
    parser.add_argument("--keys", type=int, default=60, help="keys timed per program and key")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/reader-bench"))
    args = parser.parse_args(argv)
    print(
        f"$ python benchmarks/terminal_keys.py {shlex.join(sys.argv[1:] if argv is None else argv)}"
    )
    print(describe([args.reader]))
    library = args.cache / "big-article"
    text = genlib.write_big_article(library / "big.txt")
    figures: dict[tuple[str, str], list[float]] = {}
    with TmuxServer() as tmux, tempfile.TemporaryDirectory() as data:
        env = {"READER_DATA_DIR": data, "TERM": "xterm-256color"}
        reader = Program(tmux, "reader", [args.reader, str(library)], env)
        tmux.wait_for("reader", "Big article", TIMEOUT)
        tmux.send_keys("reader", "Enter")
        tmux.wait_for("reader", genlib.BIG_ARTICLE_MARKER, TIMEOUT)
        vim = Program(tmux, "vim", ["vim", "-R", "-u", "NONE", "-i", "NONE", "-n", str(text)], env)
        tmux.wait_for("vim", genlib.BIG_ARTICLE_MARKER, TIMEOUT)
        less = Program(tmux, "less", ["less", str(text)], env)
        tmux.wait_for("less", genlib.BIG_ARTICLE_MARKER, TIMEOUT)
        ticks = {**env, "TEXTUAL_FPS": str(FRAMES_PER_SECOND)}  # as `reader` runs Textual
        bare = Program(tmux, "textual", [sys.executable, str(BARE), str(text)], ticks)
        tmux.wait_for("textual", genlib.BIG_ARTICLE_MARKER.split()[0], TIMEOUT)
        programs = {"reader": reader, "textual": bare, "vim": vim, "less": less}
        pages = {"reader": ["Space"], "textual": ["Space"], "vim": ["C-f"], "less": ["Space"]}
        for program in programs.values():
            program.quiet()
        for _ in range(args.keys):
            for name, program in programs.items():
                figures.setdefault((name, "caret j"), []).append(program.first_frame(["j"]))
        for _ in range(args.keys):
            for name, program in programs.items():
                figures.setdefault((name, "page"), []).append(program.first_frame(pages[name]))
        for program in programs.values():
            program.client.close()
    print(f"1 MB article, tmux 80x24, key to the program's first frame, {args.keys} keys each:")
    for (name, key), values in figures.items():
        ms = [value * 1000 for value in values]
        print(
            f"  {name:<8} {key:<8} median {statistics.median(ms):6.1f} ms"
            f"  p95 {percentile(ms, 95):6.1f} ms"
        )
    ok = True
    for key in ("caret j", "page"):
        ours, theirs = figures[("reader", key)], figures[("vim", key)]
        median = statistics.median(ours) / statistics.median(theirs)
        p95 = percentile(ours, 95) / percentile(theirs, 95)
        ok &= median <= 2 and p95 <= 2
        print(f"-> {key}: reader / vim {median:.2f}x median, {p95:.2f}x p95 (target at most 2x)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
