"""Hostile input and harsh terminals (issue 6): how many adversarial cases pass, how fast a 50 MB
file shows its first screen, and whether a resize storm on a 1 MB article leaves the app answering.

(a) the adversarial library (``tests/adversarial``), loaded with the library code: cases passing,
    failing and not runnable here (e.g. permission cases when run as root), per family
(b) the 50 MB file: from ``Enter`` on the list to its first words in the reading pane, in tmux
    (cold first run apart; the cut at 1 MB is what keeps this short); launch to list as well
(c) a storm of 300 window sizes (down to 1x1 and back) sent by tmux to a reader showing a 1 MB
    single-line article, then a key (``?``, help): seconds from the key to its effect on screen,
    and whether the program is still alive (and the article still scrolls to its end)

Usage: ``python benchmarks/hostile.py [--repeat R] [--reader CMD] [--cases]``. Prints the command
line first, then figures (medians) and PASS/FAIL per target; exits 1 if a target fails.
"""

from __future__ import annotations

import argparse
import os
import random
import shlex
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from tmux_harness import TmuxError, TmuxServer, describe, tmux_available

from reader.core.library import load_index
from reader.core.text.sanitize import sanitize
from tests.adversarial.cases_files import BIG_TITLE
from tests.adversarial.check import cannot_run, failures
from tests.adversarial.generate import Case, Library, generate, restore

TIMEOUT = 60.0
SIZE = (100, 30)
BIG_FIRST_WORDS = "Paragraph 0 of the big file"
LINE_WORDS = "a long line of words"


def bench_cases(root: Path, show: bool) -> tuple[int, int, int, Library]:
    """(a) Every case judged as `tests/unit/test_adversarial.py` does."""
    library = generate(root / "adversarial")
    index = load_index([library.library])
    passed, failed, skipped = Counter[str](), Counter[str](), Counter[str]()
    for case in library.cases:
        reason = cannot_run(case, library)
        wrong = [] if reason else failures(case, library, index)
        bucket = skipped if reason else failed if wrong else passed
        bucket[case.family] += 1
        if show or wrong:
            status = f"not run ({reason})" if reason else "FAIL" if wrong else "pass"
            print(f"    {case.name:<28} {case.family:<9} {case.expect:<8} {status}")
            for detail in wrong:
                print(f"      {detail}")
    for family in sorted(passed | failed | skipped):
        print(
            f"    {family:<10} {passed[family]:3} pass  {failed[family]:3} fail"
            f"  {skipped[family]:3} not run here"
        )
    return sum(passed.values()), sum(failed.values()), sum(skipped.values()), library


def environment(scratch: Path, scenario: str) -> dict[str, str]:
    root = scratch / scenario
    return {
        "READER_DATA_DIR": str(root / "data"),
        "READER_CONFIG": str(root / "config.toml"),
        "XDG_CACHE_HOME": str(root / "xdg-cache"),
        "XDG_CONFIG_HOME": str(root / "xdg-config"),
    }


def launch(tmux: TmuxServer, name: str, argv: list[str], env: dict[str, str], ready: str) -> float:
    tmux.new_session(name, argv, width=SIZE[0], height=SIZE[1], env=env)
    return tmux.wait_for(name, ready, TIMEOUT)


def quit_app(tmux: TmuxServer, name: str) -> None:
    tmux.send_keys(name, "q")
    tmux.wait_exit(name, 10.0)
    tmux.kill(name)


def only(source: Path, folder: Path) -> Path:
    """A library of one file (a hard link, so 50 MB are not copied)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / source.name
    if not target.exists():
        os.link(source, target)
    return folder


def bench_big(
    tmux: TmuxServer, reader: list[str], folder: Path, scratch: Path, repeat: int
) -> tuple[list[float], list[float], float]:
    """(b) Enter to the first words of the 50 MB file; launch to its title in the list."""
    env = environment(scratch, "big")
    opened: list[float] = []
    started: list[float] = []
    cold = 0.0
    for run in range(repeat + 1):
        name = f"big{run}"
        start_seconds = launch(tmux, name, [*reader, str(folder)], env, BIG_TITLE)
        time.sleep(0.3)  # the checked index is applied: the cursor is on the file
        start = time.perf_counter()
        tmux.send_keys(name, "Enter")
        seconds = tmux.wait_for(name, BIG_FIRST_WORDS, TIMEOUT, start=start)
        quit_app(tmux, name)
        if run == 0:
            cold = seconds
        else:
            opened.append(seconds)
            started.append(start_seconds)
    return opened, started, cold


def storm_sizes(count: int) -> list[tuple[int, int]]:
    rng = random.Random(6)
    sizes = [(rng.randint(1, 200), rng.randint(1, 60)) for _ in range(count)]
    sizes[count // 3] = sizes[2 * count // 3] = (1, 1)
    return sizes


def send_storm(tmux: TmuxServer, name: str, paced: bool) -> float:
    """300 sizes then the normal one; all in one tmux call (a burst the app sees as a few
    SIGWINCHs) or one call each (a few ms apart, like a window dragged by its corner)."""
    sizes = [*storm_sizes(300), SIZE]
    start = time.perf_counter()
    if paced:
        for width, height in sizes:
            tmux.tmux("resize-window", "-t", name, "-x", str(width), "-y", str(height))
    else:
        commands: list[str] = []
        for width, height in sizes:
            commands += ["resize-window", "-t", name, "-x", str(width), "-y", str(height), ";"]
        tmux.tmux(*commands[:-1])
    return time.perf_counter() - start


def bench_storm(
    tmux: TmuxServer, reader: list[str], folder: Path, scratch: Path, repeat: int, paced: bool
) -> tuple[list[float], list[float], bool, list[float]]:
    """(c) a storm, then ``?``: seconds until help shows; then the article must still scroll to
    its end. Also returns the seconds from ``Enter`` to the 1 MB line's first screen."""
    env = environment(scratch, "storm")
    opened: list[float] = []
    answers: list[float] = []
    storms: list[float] = []
    alive = True
    for run in range(repeat):
        name = f"storm{'p' if paced else 'b'}{run}"
        launch(tmux, name, [*reader, str(folder)], env, "one line 1mb")
        time.sleep(0.3)
        start = time.perf_counter()
        tmux.send_keys(name, "Enter")
        opened.append(tmux.wait_for(name, LINE_WORDS, TIMEOUT, start=start))
        storms.append(send_storm(tmux, name, paced))
        start = time.perf_counter()
        tmux.send_keys(name, "?")  # the help screen: an effect nothing else on screen has
        try:
            answers.append(tmux.wait_for(name, "(reader.help)", 10.0, start=start))
            tmux.send_keys(name, "Escape")
            time.sleep(0.3)  # so Escape is not read together with the next key as Alt+G
            tmux.send_keys(name, "G")  # the article is still there, whole, and scrolls
            tmux.wait_for(name, "100% ·", 10.0)
        except TmuxError as error:
            print(f"  storm run {run}: the app did not answer: {str(error)[:2000]}")
            alive = False
        screen = tmux.capture(name)
        alive = alive and not tmux.pane_dead(name) and "Traceback" not in screen
        quit_app(tmux, name)
    return answers, storms, alive, opened


def verdict(label: str, value: float, limit: float, unit: str) -> bool:
    ok = value <= limit
    print(f"  {label:<40} {value:8.3f} {unit:<4} <= {limit:g} {unit:<4} {'PASS' if ok else 'FAIL'}")
    return ok


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per figure")
    parser.add_argument("--reader", default=str(Path(sys.executable).parent / "reader"))
    parser.add_argument("--cases", action="store_true", help="list every case, not only failures")
    args = parser.parse_args(argv)
    reader = shlex.split(args.reader)
    print(f"$ {shlex.join([Path(sys.executable).name, 'benchmarks/hostile.py', *sys.argv[1:]])}")
    print(describe(reader))
    if not tmux_available():
        print("tmux is not installed: cannot measure")
        return 2
    with tempfile.TemporaryDirectory(prefix="reader-hostile-") as scratch_name:
        scratch = Path(scratch_name)
        print("(a) adversarial cases, per family:")
        passed, failed, skipped, library = bench_cases(scratch, args.cases)
        try:
            big = only(Path(library.path_of(_case(library, "big-50mb"))), scratch / "big-lib")
            line = only(Path(library.path_of(_case(library, "line-1mb"))), scratch / "line-lib")
            with TmuxServer() as tmux:
                opened, started, cold = bench_big(tmux, reader, big, scratch, args.repeat)
                burst = bench_storm(tmux, reader, line, scratch, args.repeat, paced=False)
                paced = bench_storm(tmux, reader, line, scratch, args.repeat, paced=True)
        finally:
            restore(library.root)
    total = passed + failed
    print(f"(a) adversarial cases:             {passed}/{total} pass, {skipped} not run here")
    print(
        f"(b) 50 MB file, Enter to first screen: median {statistics.median(opened):.3f} s "
        f"{_spread(opened)}; cold first run {cold:.3f} s"
    )
    print(f"    launch to the list:            median {statistics.median(started):.3f} s")
    line_opened = burst[3] + paced[3]
    print(
        f"    1 MB single line, Enter to first screen: median "
        f"{statistics.median(line_opened):.3f} s {_spread(line_opened)}"
    )
    for label, (answers, storms, alive, _) in (("burst", burst), ("paced", paced)):
        print(
            f"(c) 300 resizes ({label}) on a 1 MB article: key answered in median "
            f"{statistics.median(answers):.3f} s {_spread(answers)}; storm took median "
            f"{statistics.median(storms):.3f} s; app alive and scrolling: {alive}"
        )
    sanitized = bench_sanitize(args.repeat)
    print(f"(d) sanitise 1 MB of text with 2,000 escapes: median {sanitized * 1000:.1f} ms")
    print("targets:")
    results = [
        verdict("(a) adversarial cases failing", failed, 0, "case"),
        verdict("(b) 50 MB file, first screen", statistics.median(opened), 1.0, "s"),
    ]
    for label, (answers, _, alive, _) in (("burst", burst), ("paced", paced)):
        results.append(
            verdict(f"(c) key after the {label} storm", statistics.median(answers), 0.5, "s")
        )
        if not alive:
            print(f"  (c) the app did not survive the {label} storm: FAIL")
            results.append(False)
    return 0 if all(results) else 1


def bench_sanitize(repeat: int) -> float:
    """Median seconds to sanitise 1 MB of text carrying 2,000 escape sequences."""
    line = "Plain text with “curly quotes” – and a dash, Кириллица too.\n"
    dirty = (line * (1_000_000 // len(line))).replace("dash", "dash\x1b[1m", 2000)
    times = []
    for _ in range(max(3, repeat)):
        started = time.perf_counter()
        sanitize(dirty)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _case(library: Library, name: str) -> Case:
    return next(case for case in library.cases if case.name == name)


def _spread(values: list[float]) -> str:
    return "[" + ", ".join(f"{value:.3f}" for value in values) + "]"


if __name__ == "__main__":
    raise SystemExit(main())
