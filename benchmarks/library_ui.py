"""The library's views in a real terminal (tmux), on a long-kept library: 50,000 articles, 5,000
tags (about three an article, a long tail) and 20,000 highlights.

(a) key to screen for switching the view (`2` Archive, `1` Inbox), changing the sort (`S`,
    then `enter` on a sort: timed from `enter`), and filtering by a tag (`c`, a tag's name,
    `enter`: timed from `enter`); p50 and p95, target p95 <= 50 ms
(b) launch to the first full list (the Inbox with its count), warm, on 10,000 and 50,000 articles
(c) peak memory (VmHWM) with the 50,000-article library drawn
(d) a file dropped into the library folder, to its title on screen (target <= 2 s)

Keys are timed through tmux's control mode by default (`--method control`, see
`tmux_control.py`): from the key sent to the frame that shows its effect reaching tmux. Beside
the clock, (a) gives the CPU each key cost the app's process (every thread alive, from
`/proc/PID/task/*/schedstat`) and the tmux server (taking in what the app wrote), from the key
to its screen plus `SETTLE_KEY` seconds: figures the machine's load stretches much less.
`--method capture` times them as earlier sessions did, a `send-keys` and then a
`capture-pane` every 2 ms, each a subprocess; its figures carry that overhead.

With `--peer CMD` (another build of `reader`, say today's main) (b) and (c) are measured for it
too, in the same run, on the same libraries (its own data folder, without library state), so
the ratios the issue asks for (first screen <= 1.5x today's 10,000-article figure, memory <=
1.3x today's with the same library) are read off one output; and (a): both apps run at once
(the peer on a copy of the same prepared store), taking turns a round of keys each, so a
moment of load falls on both.

    .venv/bin/python benchmarks/library_ui.py [--articles 50000] [--tags 5000]
        [--highlights 20000] [--repeat 20] [--reader CMD] [--peer CMD] [--cache DIR]
        [--method control|capture]
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import genlib  # benchmarks/ is sys.path[0] when this file is run as a script
import library
from search_ui import environment
from tmux_control import ControlClient
from tmux_harness import TmuxServer, descendants, describe, proc_status_kib, tmux_available

from reader.core.library import load_index
from reader.store.dirs import index_cache_path

#: The list's border once a library is drawn: ours says the view, today's "Articles".
LIST_READY = re.compile(r"(Inbox|Articles) · [\d,]{3,}")
TIMEOUT = 600.0
KEY_TIMEOUT = 10.0
SETTLE = 3.0
#: Seconds after a key's screen still counted in its CPU (the frames that follow it).
SETTLE_KEY = 0.15


def prepare(root: Path, folder: Path, tags: int, highlights: int) -> int:
    """Our data folder for `folder`: the index cache, and the store's library state for its
    articles (tags, places, read, progress, highlights); returns the number of articles. Kept
    under `--cache` for the next run (made once: parsing 50,000 files takes minutes)."""
    data = root / "data"
    marker = root / f"prepared-{tags}-{highlights}.txt"
    if marker.exists():
        return int(marker.read_text())
    if data.exists():
        shutil.rmtree(data)
    data.mkdir(parents=True)
    os.chmod(data, 0o700)
    index = load_index([folder], index_cache_path(data))
    ids = [meta.id for meta in index.articles]
    library.generate(data, len(ids), tags, highlights, ids=ids)
    marker.write_text(str(len(ids)))
    return len(ids)


class Session:
    """One `reader` running in the private tmux server."""

    def __init__(self, tmux: TmuxServer, name: str) -> None:
        self.tmux, self.name = tmux, name
        #: Set by `attach`: keys are then timed through tmux's control mode.
        self.control: ControlClient | None = None
        #: Set by `attach`: the app's processes and the tmux server's, whose CPU each key costs.
        self._pids: list[int] = []
        self._server = 0
        #: CPU seconds of each timed key (app, tmux server), in the order timed.
        self.cpu: list[tuple[float, float]] = []

    def start(self, argv: Sequence[str], env: dict[str, str]) -> float:
        self.tmux.new_session(self.name, argv, width=100, height=30, env=env)
        return self.tmux.wait_for(self.name, LIST_READY, TIMEOUT)

    def attach(self) -> None:
        """Time keys from here on through a control-mode client (see `tmux_control.py`)."""
        self.control = ControlClient(self.tmux.socket_name, self.name)
        self._pids = list(descendants(self.tmux.pane_pid(self.name)))
        self._server = int(self.tmux.display(self.name, "#{pid}"))

    def timed(
        self, keys: Sequence[str], until: Callable[[str], bool], literal: bool = False
    ) -> float:
        """Seconds from sending `keys` to the first screen for which `until` holds."""
        if self.control is not None:
            app, server = cpu_ns(self._pids), cpu_ns([self._server])
            seconds = self.control.timed(list(keys), until, KEY_TIMEOUT, literal=literal)
            time.sleep(SETTLE_KEY)
            app, server = cpu_ns(self._pids) - app, cpu_ns([self._server]) - server
            self.cpu.append((app / 1e9, server / 1e9))
            return seconds
        start = time.perf_counter()
        self.tmux.send_keys(self.name, *keys, literal=literal)
        while time.perf_counter() - start < KEY_TIMEOUT:
            if until(self.tmux.capture(self.name)):
                return time.perf_counter() - start
            time.sleep(0.002)
        raise TimeoutError(f"{keys} -> nothing within {KEY_TIMEOUT} s:\n{self.screen()}")

    def wait(self, text: str) -> None:
        self.tmux.wait_for(self.name, text, KEY_TIMEOUT, start=time.perf_counter())

    def screen(self) -> str:
        return self.tmux.capture(self.name)

    def settle(self, quiet: float = 1.0, limit: float = 600.0) -> float:
        """Waits until the reader's process has used no CPU for `quiet` seconds (the index
        checked against the disk, the sort orders made): keys are timed on an idle app.
        Returns the seconds waited."""
        start = time.perf_counter()
        pids = list(descendants(self.tmux.pane_pid(self.name)))
        last, still = cpu_ticks(pids), time.perf_counter()
        while time.perf_counter() - start < limit:
            time.sleep(0.2)
            now = cpu_ticks(pids)
            if now != last:
                last, still = now, time.perf_counter()
            elif time.perf_counter() - still >= quiet:
                break
        return time.perf_counter() - start

    def memory_mib(self) -> float:
        pids = descendants(self.tmux.pane_pid(self.name))
        return max((proc_status_kib(pid, "VmHWM") or 0) for pid in pids) / 1024

    def quit(self) -> None:
        if self.control is not None:
            self.control.close()
            self.control = None
        self.tmux.send_keys(self.name, "q")
        self.tmux.wait_exit(self.name, 30.0)
        self.tmux.kill(self.name)


def peer_copy(root: Path) -> Path:
    """A copy of our prepared 50,000-article data for the peer's keys (both apps run at once:
    each needs a store of its own, in the same state)."""
    home = root / "peer-keys"
    if home.exists():
        shutil.rmtree(home)
    home.mkdir(parents=True)
    shutil.copytree(root / "big" / "data", home / "data")
    return home


def cpu_ticks(pids: Sequence[int]) -> int:
    """User and system CPU ticks used so far by `pids` (from /proc)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total


def cpu_ns(pids: Sequence[int]) -> int:
    """CPU nanoseconds used so far by the threads alive of `pids` (/proc/PID/task/*/schedstat)."""
    total = 0
    for pid in pids:
        for stat in Path(f"/proc/{pid}/task").glob("*/schedstat"):
            try:
                total += int(stat.read_text().split()[0])
            except (OSError, ValueError, IndexError):
                continue
    return total


def has(text: str) -> Callable[[str], bool]:
    return lambda screen: text in screen


def lacks(text: str) -> Callable[[str], bool]:
    return lambda screen: text not in screen


LABELS = ("switch view", "change sort", "filter by tag", "floor: a menu")


class Keys:
    """(a) for one running app: each action timed from its last key to the screen showing it,
    and the CPU of each (app, tmux server)."""

    def __init__(self, run: Session) -> None:
        self.run = run
        self.found: dict[str, list[float]] = {label: [] for label in LABELS}
        self.cpu: dict[str, list[tuple[float, float]]] = {label: [] for label in LABELS}

    def report(self, name: str = "") -> bool:
        ok = True
        for label, seconds in self.found.items():
            floor = label.startswith("floor")
            ok &= report(f"{name}{label}", seconds, target_ms=None if floor else 50)
        if self.run.control is not None:
            print(f"    CPU a key, the key's screen and {SETTLE_KEY * 1000:.0f} ms after it:")
            for label, spent in self.cpu.items():
                app, server = (statistics.median(part) * 1000 for part in zip(*spent, strict=True))
                print(
                    f"  {name}{label:<16} app {app:6.1f} ms  tmux server {server:5.1f} ms (medians)"
                )
        return ok


def keys_to_screen(runs: Sequence[Keys], repeat: int) -> None:
    """(a): each action `repeat` times in each app, the apps taking turns (one round each)."""
    for turn in range(repeat):
        for keys in runs:
            key_round(keys, turn)


def key_round(keys: Keys, turn: int) -> None:
    """One round of (a): the floor, two view switches, two sorts, a tag's view and back."""
    run = keys.run

    def timed(label: str, key: str, until: Callable[[str], bool]) -> None:
        keys.found[label].append(run.timed([key], until))
        keys.cpu[label].append(run.cpu[-1] if run.cpu else (0.0, 0.0))

    # The floor: a key that only opens a small dialog, on the same machine at that moment.
    timed("floor: a menu", "S", has("last opened"))
    run.timed(["Escape"], lacks("last opened"))
    timed("switch view", "2", has("Archive · "))
    timed("switch view", "1", has("Inbox · "))
    run.tmux.send_keys(run.name, "S")
    run.wait("last opened")
    run.tmux.send_keys(run.name, "title", literal=True)
    timed("change sort", "Enter", has("by title"))
    run.tmux.send_keys(run.name, "S")
    run.wait("last opened")
    run.tmux.send_keys(run.name, "added", literal=True)
    timed("change sort", "Enter", lacks("by title"))
    run.tmux.send_keys(run.name, "c")
    run.wait("Views")
    run.tmux.send_keys(run.name, f"#Tag {turn % 10}", literal=True)
    timed("filter by tag", "Enter", has(f"#Tag {turn % 10} · "))
    timed("switch view", "1", has("Inbox · "))


def live_drop(run: Session, folder: Path) -> float:
    """(d): a new article written into the library folder, to its title on screen."""
    path = folder / "dropped-while-running.md"
    text = "---\ntitle: Dropped while running\ndate: 2099-01-01\n---\n\nFresh words.\n"
    start = time.perf_counter()
    path.write_text(text, encoding="utf-8")
    try:
        run.tmux.wait_for(run.name, "Dropped while running", KEY_TIMEOUT, start=start)
        return time.perf_counter() - start
    finally:
        path.unlink()


def percentile(values: Sequence[float], p: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def report(label: str, seconds: Sequence[float], target_ms: float | None = None) -> bool:
    ms = [value * 1000 for value in seconds]
    p95 = percentile(ms, 95)
    verdict = "" if target_ms is None else (" PASS" if p95 <= target_ms else " FAIL")
    print(
        f"  {label:<16} p50 {percentile(ms, 50):7.1f} ms  p95 {p95:7.1f} ms  "
        f"max {max(ms):7.1f} ms  (n={len(ms)}){verdict}"
    )
    return not verdict.endswith("FAIL")


def first_screens(
    tmux: TmuxServer, argv: list[str], env: dict[str, str], repeat: int
) -> tuple[list[float], float]:
    """(b) and (c): warm launches to the list (after one that warms the caches), and the peak
    memory of the last one once the list is drawn."""
    times, memory = [], 0.0
    for turn in range(repeat + 1):
        run = Session(tmux, f"start{turn}-{abs(hash(tuple(argv))) % 1000}")
        seconds = run.start(argv, env)
        if turn:
            times.append(seconds)
            time.sleep(SETTLE)
        else:
            run.settle()  # the first launch finishes what a first launch does (caches, anchors)
        memory = run.memory_mib()
        run.quit()
    return times, memory


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--tags", type=int, default=5_000)
    parser.add_argument("--highlights", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--starts", type=int, default=3, help="warm launches measured (3)")
    parser.add_argument("--reader", default=str(Path(sys.executable).parent / "reader"))
    parser.add_argument(
        "--peer", default="", help="another reader to compare with: (a) in turns, (b) and (c)"
    )
    parser.add_argument("--keys-only", action="store_true", help="(a) and (d) only")
    parser.add_argument("--starts-only", action="store_true", help="(b) and (c) only")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "reader-bench")
    parser.add_argument(
        "--method",
        choices=("control", "capture"),
        default="control",
        help="how keys are timed: tmux control mode (default) or a capture loop",
    )
    args = parser.parse_args(argv)
    print("$ " + shlex.join([sys.executable, *sys.argv]))
    if not tmux_available():
        print("tmux is not installed")
        return 2
    reader = shlex.split(args.reader)
    print(describe(reader))
    big = genlib.generate_library(args.cache / f"lib{args.articles // 1000}k", args.articles)
    small = genlib.generate_library(args.cache / "lib10k", 10_000)
    ok = True
    with TmuxServer() as tmux:
        root = args.cache / "library-ui"
        count = prepare(root / "big", big, args.tags, args.highlights)
        prepare(root / "small", small, args.tags // 5, args.highlights // 5)
        print(f"# {count:,} articles, {args.tags:,} tags, {args.highlights:,} highlights; 100x30")

        if args.starts_only:
            return starts(tmux, args, reader, root, small, big)
        apps = [("", reader, root / "big")]
        if args.peer:  # its own copy of the same data, made before either app runs
            apps.append(("peer ", shlex.split(args.peer), peer_copy(root)))
        runs: list[Keys] = []
        for name, command, home in apps:
            run = Session(tmux, f"keys{len(runs)}")
            run.start([*command, str(big)], environment(home))
            settled = run.settle()
            print(
                f"# {name}keys timed once the app was idle, {settled:.1f} s after its first screen"
            )
            runs.append(Keys(run))
        for keys in runs:
            if args.method == "control":
                keys.run.attach()
        turns = ", the apps taking turns (a round each)" if args.peer else ""
        print(f"# keys timed by {args.method}{turns}")
        print("(a) key to screen")
        keys_to_screen(runs, args.repeat)
        for (name, _command, _home), keys in zip(apps, runs, strict=True):
            passed = keys.report(name)
            ok &= passed or bool(name)  # (the peer's figures do not decide)
        for keys in runs[1:]:
            keys.run.quit()
        run = runs[0].run
        print("(d) a file dropped into the folder, to the screen")
        ok &= report("live library", [live_drop(run, big) for _ in range(3)], target_ms=2000)
        run.quit()
        if args.keys_only:
            print("PASS" if ok else "FAIL")
            return 0 if ok else 1

        starts(tmux, args, reader, root, small, big)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


def starts(
    tmux: TmuxServer,
    args: argparse.Namespace,
    reader: list[str],
    root: Path,
    small: Path,
    big: Path,
) -> int:
    """(b) and (c), for the reader and the peer, on both libraries."""
    print("(b) launch to the first full list, warm; (c) peak memory")
    readers = [("reader", reader, root)] + (
        [("peer", shlex.split(args.peer), root / "peer")] if args.peer else []
    )
    for name, command, home in readers:
        for size, folder in (("10k", small), (f"{args.articles // 1000}k", big)):
            ours = home / ("small" if size == "10k" else "big")
            env = environment(home / size if name == "peer" else ours)
            times, memory = first_screens(tmux, [*command, str(folder)], env, args.starts)
            report(f"{name} {size}", times)
            print(f"  {name} {size} peak memory {memory:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
