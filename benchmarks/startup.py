"""How fast ``reader`` starts and opens articles, and how much memory it takes, in a real terminal.

Each measurement launches the program in a detached tmux pane (80x24 unless noted) and polls the
screen every ~5 ms, from just before ``tmux new-session`` to the first capture that shows the
readiness text: what a user sees, including interpreter start-up and the first paint.

(a) ``reader`` on the bundled seeds, warm (cold first run reported apart)
(b) a bare Textual app (``benchmarks/bare_app.py``) showing the same seeds: the floor
(c) ``reader`` on a generated library of 10,000 articles, cold (builds the index) and warm
(d) opening a 1 MB article: from ``Enter`` on the list to its first words in the reading pane,
    plain text (d) and Markdown marked up as long reads are (d2: styles, tables, footnotes)
(e) peak memory (VmHWM) of the reader process with the 10,000-article library drawn

Usage: ``python benchmarks/startup.py [--repeat R] [--reader CMD] [--cache DIR]``. Prints the
command line first, then medians, ratios and PASS/FAIL per target; exits 1 if a target fails,
2 if the reader could not be measured (the pane's screen is printed).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import genlib  # benchmarks/ is sys.path[0] when this file is run as a script
from tmux_harness import (
    TmuxError,
    TmuxServer,
    cmdline,
    descendants,
    describe,
    proc_status_kib,
    tmux_available,
)

BENCH_DIR = Path(__file__).resolve().parent
SEEDS = BENCH_DIR.parent / "seeds"
SEED_READY = "Kazakhstan increases"
"""From the 2nd seed's title: the reader wraps titles at 80x24 and these two words share a row."""
LIBRARY_READY = re.compile(r"Article \d{5}:")
LIBRARY_SIZE = 10_000
TIMEOUT = 120.0
SETTLE = 0.5
"""Seconds to wait after the 10k library is drawn before reading its peak memory."""


@dataclass
class Measure:
    """Samples of one measurement, in seconds (or MiB), with the cold first run kept apart."""

    samples: list[float] = field(default_factory=list)
    cold: float | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    def spread(self, unit: str = "s", digits: int = 3) -> str:
        values = ", ".join(f"{v:.{digits}f}" for v in self.samples)
        return f"[{values}] {unit}"


class Runner:
    """Launches programs in the private tmux server with an isolated environment per scenario."""

    def __init__(self, tmux: TmuxServer, scratch: Path, width: int, height: int) -> None:
        self.tmux = tmux
        self.scratch = scratch
        self.width = width
        self.height = height
        self.count = 0

    def environment(self, scenario: str) -> dict[str, str]:
        """Data, config and cache folders of one scenario: the same for its cold and warm runs."""
        root = self.scratch / scenario
        return {
            "READER_DATA_DIR": str(root / "data"),
            "READER_CONFIG": str(root / "config.toml"),
            "XDG_CACHE_HOME": str(root / "xdg-cache"),
            "XDG_CONFIG_HOME": str(root / "xdg-config"),
            "XDG_DATA_HOME": str(root / "xdg-data"),
            "XDG_STATE_HOME": str(root / "xdg-state"),
        }

    def launch(
        self, argv: Sequence[str], env: dict[str, str], ready: str | re.Pattern[str]
    ) -> tuple[str, float]:
        """Start ``argv``, wait until ``ready`` is on screen; return the session and the seconds."""
        self.count += 1
        name = f"run{self.count}"
        self.tmux.new_session(name, argv, width=self.width, height=self.height, env=env)
        return name, self.tmux.wait_for(name, ready, TIMEOUT)

    def quit(self, name: str) -> None:
        """Press ``q`` and let the program exit by itself (so caches get written), then clean up."""
        self.tmux.send_keys(name, "q")
        if not self.tmux.wait_exit(name, 10.0):
            print(f"  note: {name} did not exit within 10 s of `q`; killed", flush=True)
        self.tmux.kill(name)

    def time_start(
        self, argv: Sequence[str], env: dict[str, str], ready: str | re.Pattern[str]
    ) -> float:
        """Seconds from launch to ``ready`` on screen, then quit."""
        name, seconds = self.launch(argv, env, ready)
        self.quit(name)
        return seconds


def peak_memory_mib(tmux: TmuxServer, name: str) -> tuple[float, str]:
    """Largest VmHWM among the pane's process and its descendants (the reader's Python)."""
    best, who = 0, ""
    for pid in descendants(tmux.pane_pid(name)):
        kib = proc_status_kib(pid, "VmHWM")
        if kib is not None and kib > best:
            best, who = kib, f"pid {pid}: {shlex.join(cmdline(pid))}"
    return best / 1024, who


def bench_seeds_and_bare(
    run: Runner, reader: list[str], repeat: int, peer: list[str] | None = None
) -> tuple[Measure, Measure, Measure]:
    """(a) and (b), and the peer's (a) when one is given, interleaved so that drift in machine
    load hits them alike."""
    a, b, p = Measure(), Measure(), Measure()
    bare = [sys.executable, str(BENCH_DIR / "bare_app.py"), str(SEEDS)]
    starts = [(a, reader, run.environment("seeds")), (b, bare, run.environment("bare"))]
    if peer is not None:
        starts.append((p, peer, run.environment("peer")))
    for measure, argv, env in starts:
        measure.cold = run.time_start(argv, env, SEED_READY)
    for _ in range(repeat):
        for measure, argv, env in starts:
            measure.samples.append(run.time_start(argv, env, SEED_READY))
    return a, b, p


def print_seeds(a: Measure, b: Measure, p: Measure, peer: str | None) -> None:
    """(a) and (b) with their p95, and the peer's (a) beside them."""
    print(f"(a) reader, bundled seeds:      {a.median:.3f} s   p95 {a.p95:.3f} s", end="")
    print(f"   {a.median / b.median:.2f}x bare   cold {a.cold:.3f} s")
    print(f"      runs {a.spread()}")
    print(f"(b) bare Textual app, seeds:    {b.median:.3f} s   p95 {b.p95:.3f} s")
    print(f"      runs {b.spread()}")
    if peer is not None:
        print(f"(a) peer ({peer}): {p.median:.3f} s   p95 {p.p95:.3f} s", end="")
        print(f"   {p.median / b.median:.2f}x bare")
        print(f"      runs {p.spread()}")
    print(
        f"    paired: median of each round's ratio to the bare app: reader {paired(a, b):.2f}x",
        end="",
    )
    print(f", peer {paired(p, b):.2f}x" if peer is not None else "")


def paired(mine: Measure, bare: Measure) -> float:
    """The median of each round's ratio (the runs of one round met the same load)."""
    return statistics.median(x / y for x, y in zip(mine.samples, bare.samples, strict=True))


def bench_library(
    run: Runner, reader: list[str], library: Path, repeat: int
) -> tuple[Measure, Measure, str]:
    """(c) start-up on the 10k library, and (e) peak memory once it is drawn."""
    c, e = Measure(), Measure()
    env = run.environment("lib10k")
    argv = [*reader, str(library)]
    who = ""
    for i in range(repeat + 1):
        name, seconds = run.launch(argv, env, LIBRARY_READY)
        time.sleep(SETTLE)
        mib, who = peak_memory_mib(run.tmux, name)
        run.quit(name)
        if i == 0:
            c.cold, e.cold = seconds, mib
        else:
            c.samples.append(seconds)
            e.samples.append(mib)
    return c, e, who


def bench_big_article(
    run: Runner, reader: list[str], folder: Path, repeat: int, title: str = genlib.BIG_ARTICLE_TITLE
) -> Measure:
    """(d) ``Enter`` on the list to the big article's first words in the reading pane."""
    d = Measure()
    env = run.environment(folder.name)
    ready = title.split(":")[0] + ":"  # "Big article:", never wrapped
    for i in range(repeat + 1):
        name, _ = run.launch([*reader, str(folder)], env, ready)
        if genlib.BIG_ARTICLE_MARKER in run.tmux.capture(name):
            raise TmuxError(
                "the article body is on screen before Enter; cannot time opening it:\n"
                + run.tmux.capture(name)
            )
        start = time.perf_counter()
        run.tmux.send_keys(name, "Enter")
        seconds = run.tmux.wait_for(name, genlib.BIG_ARTICLE_MARKER, TIMEOUT, start=start)
        run.quit(name)
        if i == 0:
            d.cold = seconds
        else:
            d.samples.append(seconds)
    return d


def check_library(reader: list[str], env: dict[str, str], library: Path) -> str:
    """What ``reader list --json`` sees in the generated library (after the timed runs)."""
    start = time.perf_counter()
    done = subprocess.run(
        [*reader, "list", "--json", str(library)],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )
    seconds = time.perf_counter() - start
    try:
        articles = json.loads(done.stdout)
    except ValueError:
        return f"`reader list --json` failed ({done.returncode}): {done.stderr.strip()[-300:]}"
    first = articles[0]["title"] if articles else None
    return f"{len(articles):,} articles, first {first!r}; `reader list --json` took {seconds:.2f} s"


def verdict(label: str, value: float, limit: float, unit: str) -> bool:
    ok = value <= limit
    print(f"  {label:<34} {value:8.3f} {unit:<4} <= {limit:g} {unit:<4} {'PASS' if ok else 'FAIL'}")
    return ok


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="warm runs per measurement (7)")
    parser.add_argument(
        "--reader",
        default=str(Path(sys.executable).parent / "reader"),
        help="command that starts the reader (default: the console script next to Python)",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path(tempfile.gettempdir()) / "reader-bench",
        help="where generated libraries are kept between runs",
    )
    parser.add_argument("--width", type=int, default=80)
    parser.add_argument(
        "--seeds-only", action="store_true", help="(a) and (b) alone (issue 18 item 5)"
    )
    parser.add_argument("--peer", help="another build's reader command, measured beside (a)")
    parser.add_argument("--height", type=int, default=24)
    args = parser.parse_args(argv)
    reader = shlex.split(args.reader)

    print("$ " + shlex.join([sys.executable, *sys.argv]))
    if not tmux_available():
        print("tmux is not installed")
        return 2
    probe = subprocess.run([*reader, "--version"], capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        print(f"`{args.reader} --version` failed:\n{probe.stderr.strip()}")
        return 2
    print(describe(reader))
    print(
        f"# tmux {args.width}x{args.height}, {args.repeat} warm runs each, medians; "
        f"time = launch (or key press) to first screen showing the readiness text"
    )

    library = genlib.generate_library(args.cache / "lib10k", LIBRARY_SIZE)
    big_folder = args.cache / "big"
    genlib.write_big_article(big_folder / "big-article.txt")
    markdown_folder = args.cache / "big-md"
    genlib.write_big_article(markdown_folder / "big-article.md")

    peer = shlex.split(args.peer) if args.peer else None
    if args.seeds_only:
        return seeds_only(args, reader, peer)
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as scratch, TmuxServer() as tmux:
        tmux.new_session("idle", ["cat"])  # server up before the first timed launch
        run = Runner(tmux, Path(scratch), args.width, args.height)
        try:
            a, b, p = bench_seeds_and_bare(run, reader, args.repeat, peer)
            c, e, who = bench_library(run, reader, library, args.repeat)
            d = bench_big_article(run, reader, big_folder, args.repeat)
            d2 = bench_big_article(
                run, reader, markdown_folder, args.repeat, genlib.BIG_MARKDOWN_TITLE
            )
            seen = check_library(reader, run.environment("lib10k"), library)
        except TmuxError as error:
            print(f"\nMEASUREMENT FAILED: {error}")
            return 2

    print()
    print_seeds(a, b, p, args.peer)
    print(
        f"(c) reader, {LIBRARY_SIZE:,} articles:   {c.median:.3f} s   "
        f"cold first run (builds index) {c.cold:.3f} s"
    )
    print(f"      runs {c.spread()}")
    print(f"      library: {seen}")
    print(
        f"(d) open 1 MB article (Enter):  {d.median:.3f} s   first (discarded) run {d.cold:.3f} s"
    )
    print(f"      runs {d.spread()}")
    print(
        f"(d2) open 1 MB Markdown:       {d2.median:.3f} s   first (discarded) run {d2.cold:.3f} s"
    )
    print(f"      runs {d2.spread()}")
    print(
        f"(e) peak memory, {LIBRARY_SIZE:,} articles: {max(e.samples):.1f} MiB worst warm run, "
        f"median {e.median:.1f} MiB, cold run {e.cold:.1f} MiB"
    )
    print(f"      runs {e.spread('MiB', 1)}  ({who})")
    print()
    print("targets")
    results = [
        verdict("(a)/(b) seeds vs bare Textual", a.median / b.median, 1.3, "x"),
        verdict("(c)/(a) 10k library vs seeds", c.median / a.median, 1.5, "x"),
        verdict("(d) open 1 MB article", d.median, 0.4, "s"),
        verdict("(d2) open 1 MB Markdown article", d2.median, 0.4, "s"),
        verdict("(e) peak memory, 10k library", max(e.samples), 120, "MiB"),
    ]
    return 0 if all(results) else 1


def seeds_only(args: argparse.Namespace, reader: list[str], peer: list[str] | None) -> int:
    """`--seeds-only`: (a) and (b) (and the peer's (a)), with the load they were measured at."""
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as scratch, TmuxServer() as tmux:
        tmux.new_session("idle", ["cat"])
        run = Runner(tmux, Path(scratch), args.width, args.height)
        try:
            a, b, p = bench_seeds_and_bare(run, reader, args.repeat, peer)
        except TmuxError as error:
            print(f"\nMEASUREMENT FAILED: {error}")
            return 2
    print(f"# load average {load:.1f} before, {os.getloadavg()[0]:.1f} after")
    print_seeds(a, b, p, args.peer)
    return 0 if verdict("(a)/(b) seeds vs bare Textual", a.median / b.median, 1.3, "x") else 1


if __name__ == "__main__":
    sys.exit(main())
