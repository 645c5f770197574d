"""How fast search results follow each keystroke in the real app, in a real terminal.

``reader LIB`` runs in a detached tmux pane (120x40) on the generated 10,000-article library,
with a temporary data folder warmed by one earlier launch (so the search index loads from its
cache). Once a search has shown results, each query is typed one character at a time
(``send-keys -l``) and two times are taken from just before the key is sent. By default
(``--method control``) keys go in and the screen is looked at through one tmux control-mode
client (``tmux_control.py``), and each time is that of the frame that first showed the change
reaching tmux. With ``--method capture`` (the earlier sessions' method) each key is a
``send-keys`` subprocess and the screen is captured in a tight loop, a subprocess per look (a
few ms each, on the cores the app needs: that overhead is in its figures):

* key-to-echo: the search bar line shows the prefix typed so far (is typing ever blocked?)
* key-to-results: the results pane shows the results for that prefix. The expected results are
  computed beforehand with ``reader search PREFIX --json --limit 50 LIB`` (same data folder, so
  the same index): the pane title must read ``Results · N`` (``50+`` when capped) and each
  result wholly on screen (its lines between two blank lines) must begin with the expected
  title, in order (titles are shown whole, wrapped). A prefix whose expected screen equals the
  previous prefix's cannot be timed this way; it is counted, and left out of the latency
  figures.

* the app thread's CPU over the same span (``/proc/PID/schedstat`` of the reader's main
  thread: its events, layout, drawing and the terminal output it makes), the witness a loaded
  machine does not stretch.

After each match the script waits ``--pause`` seconds and checks the screen still shows that
prefix's results (a later, stale result replacing it would be counted as a flip), then types the
next character. Between queries: ``escape`` (back to the list), then ``/``.

Also, on the measured launch: the first keystroke of the first search, key to results (the
index opened on that key), and the app's memory (RSS) before it and once its results show.

Targets: key-to-echo p95 <= 50 ms; key-to-results p95 <= 50 ms (issue 18 item 4). The core
search target (index.search p95) is reported by ``benchmarks/search.py``, not here.

With ``--peer CMD`` another build (say today's main, installed in its own venv) is launched
beside the first, each with its own data folder, and each query is typed into both in turn,
the first alternating, so both meet the same load; the two are then printed side by side
(medians, p95, their ratio). ``--rounds N`` types the queries N times.

Usage: ``python benchmarks/search_ui.py [--reader CMD] [--peer CMD] [--rounds N] [--library DIR]
[--queries Q,Q,...]``.
Prints the command line first; exits 1 if the target fails, 2 if the measurement failed.
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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import genlib  # benchmarks/ is sys.path[0] when this file is run as a script
from tmux_control import ControlClient
from tmux_harness import (
    TmuxError,
    TmuxServer,
    descendants,
    describe,
    proc_status_kib,
    tmux_available,
)

QUERIES = ("kazakhstan", "treaty harbor", "goverment")
LIBRARY_SIZE = 10_000
RESULT_LIMIT = 50
"""What the app shows at most (``reader.ui.search.panel.RESULT_LIMIT``)."""
LIST_READY = "Inbox · 10,000"
BAR_FOCUSED = "esc Clear search"
"""The key bar once the search bar has the focus: typing before that would go to the list."""
LIST_FOCUSED = "enter Open"
KEY_TIMEOUT = 10.0
START_TIMEOUT = 180.0
TARGET_ECHO_P95_MS = 50.0
TARGET_RESULTS_P95_MS = 50.0
TITLE = re.compile(r"Results · (\d+\+?)")
SETTLE = 3.0
"""Seconds after the list is drawn before the memory is read (the library check runs then)."""
SHOWING = re.compile(r"Results · [1-9]")
"""A search has results (during indexing the pane reads ``Results · 0``, Indexing…)."""
SCROLLBAR = "▁▂▃▄▅▆▇█"


@dataclass
class Expected:
    """What the results pane should show for one prefix."""

    label: str  # "12" or "50+"
    titles: list[str]

    def same_screen(self, other: Expected | None, rows: int) -> bool:
        return (
            other is not None
            and self.label == other.label
            and self.titles[:rows] == other.titles[:rows]
        )


@dataclass
class Key:
    query: str
    prefix: str
    echo: float | None = None  # seconds
    results: float | None = None
    ambiguous: bool = False
    flipped: bool = False
    polls: int = 0
    cpu: float | None = None  # seconds of the app's thread from the key to its results


@dataclass
class Run:
    keys: list[Key] = field(default_factory=list)
    capture_ms: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def environment(root: Path) -> dict[str, str]:
    return {
        "READER_DATA_DIR": str(root / "data"),
        "READER_CONFIG": str(root / "config.toml"),
        "XDG_CACHE_HOME": str(root / "xdg-cache"),
        "XDG_CONFIG_HOME": str(root / "xdg-config"),
        "XDG_DATA_HOME": str(root / "xdg-data"),
        "XDG_STATE_HOME": str(root / "xdg-state"),
    }


def expected_for(reader: list[str], env: dict[str, str], library: Path, prefix: str) -> Expected:
    done = subprocess.run(
        [*reader, "search", prefix, "--json", "--limit", str(RESULT_LIMIT), str(library)],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )
    if done.returncode not in (0, 1):
        raise TmuxError(f"reader search {prefix!r} failed: {done.stderr.strip()[-300:]}")
    results = json.loads(done.stdout or "[]")
    count = len(results)
    label = f"{count}{'+' if count == RESULT_LIMIT else ''}"
    return Expected(label, [result["title"] for result in results])


def results_pane(screen: str) -> tuple[str | None, list[str], list[str]]:
    """Pane title count, the text of each result wholly on screen (its lines joined) and all
    content lines of the results pane (if shown)."""
    lines = screen.split("\n")
    top = next((i for i, line in enumerate(lines) if "Results · " in line), None)
    if top is None:
        return None, [], []
    label = TITLE.search(lines[top])
    content: list[str] = []
    for line in lines[top + 1 :]:
        if line.startswith("╰") or not line.startswith("│"):
            break
        end = line.find("│", 1)
        inner = line[1:end] if end > 0 else line[1:]
        content.append(inner.rstrip(SCROLLBAR + " ").strip())
    blocks: list[str] = []
    block: list[str] = []
    for line in content:  # a result's lines end at a blank line; the last may run off screen
        if line:
            block.append(line)
        elif block:
            blocks.append(" ".join(block))
            block = []
    return (label.group(1) if label else None), blocks, content


def visible_rows(screen_height: int) -> int:
    """Results that fit the pane at least: search bar, key bar and 2 borders take 4 rows; a
    result takes 4 to 6 (a title of one or two lines, three of snippet, a blank line)."""
    return max(1, (screen_height - 4) // 6)


def shows(screen: str, want: Expected, prefix: str, rows: int) -> bool:
    label, blocks, content = results_pane(screen)
    if label != want.label:
        return False
    if not want.titles:
        return any("Nothing found" in line for line in content)
    needed = min(rows, len(want.titles))
    if len(blocks) < needed:
        return False
    return all(
        block.startswith(" ".join(title.split()))
        for block, title in zip(blocks[:needed], want.titles[:needed], strict=True)
    )


def echoed(screen: str, prefix: str) -> bool:
    """The bar shows ``prefix``; the cursor column (last line) tells a trailing space apart."""
    body, _, cursor = screen.rpartition("\n")
    first = body.split("\n", 1)[0]
    if first[1:].rstrip() != prefix.rstrip():
        return False
    # The cursor sits one column after the text's end (text starts at column 1): column 2 + len.
    return not prefix.endswith(" ") or cursor.strip() == str(2 + len(prefix))


@dataclass
class Screens:
    """Types into one pane and looks at it: through a control-mode client, or subprocesses."""

    tmux: TmuxServer
    name: str
    run: Run
    control: ControlClient | None = None
    _frames: int = 0

    def send(self, key: str) -> float:
        """Type `key` literally; the time just before it was sent."""
        start = time.perf_counter()
        if self.control is None:
            self.tmux.send_keys(self.name, key, literal=True)
        else:
            self._frames = self.control.frames
            self.control.send_keys(key, literal=True)
        return start

    def look(self) -> tuple[str, float]:
        """The screen with a last line for the cursor column, and when it was drawn: the last
        frame tmux had received (control), or the moment of the look (capture)."""
        start = time.perf_counter()
        if self.control is None:
            out = self.tmux.tmux(
                "capture-pane", "-p", "-t", self.name,
                ";", "display-message", "-p", "-t", self.name, "#{cursor_x}",
            )  # fmt: skip
            drawn = time.perf_counter()
        else:
            screen, cursor = self.control.commands(
                f"capture-pane -p -t {self.name}",
                f"display-message -p -t {self.name} '#{{cursor_x}}'",
            )
            out, drawn = "\n".join([*screen.lines, *cursor.lines]), screen.last_frame
        self.run.capture_ms.append((time.perf_counter() - start) * 1000)
        return out.rstrip("\n"), drawn

    def wait(self, deadline: float) -> None:
        """Before the next look: for a new frame (control) or not at all (capture)."""
        if self.control is not None:
            self._frames = max(
                self._frames, self.control.next_frame(self._frames, deadline - time.perf_counter())
            )


def type_query(
    screens: Screens,
    query: str,
    expected: dict[str, Expected],
    rows: int,
    pause: float,
    pid: int | None = None,
) -> None:
    run = screens.run
    previous: Expected | None = None
    for end in range(1, len(query) + 1):
        prefix = query[:end]
        want = expected[prefix]
        key = Key(query, prefix, ambiguous=want.same_screen(previous, rows))
        run.keys.append(key)
        cpu = thread_cpu(pid)
        start = screens.send(query[end - 1])
        screen = ""
        while time.perf_counter() - start < KEY_TIMEOUT:
            screen, drawn = screens.look()
            now = max(0.0, drawn - start)
            key.polls += 1
            if key.echo is None and echoed(screen, prefix):
                key.echo = now
            if key.results is None and key.echo is not None and shows(screen, want, prefix, rows):
                key.results = now
                if cpu is not None and (spent := thread_cpu(pid)) is not None:
                    key.cpu = spent - cpu
            if key.echo is not None and key.results is not None:
                break
            screens.wait(start + KEY_TIMEOUT)
        if key.results is None:
            run.failures.append(
                f"{prefix!r}: no matching results within {KEY_TIMEOUT:g} s "
                f"(expected {want.label}, first {want.titles[:2]}); screen:\n{screen}"
            )
        else:
            time.sleep(pause)
            if not shows(screens.look()[0], want, prefix, rows):
                key.flipped = True
        previous = want


def app_pid(tmux: TmuxServer, name: str) -> int:
    """The pane's largest process: the reader's Python."""
    pids = list(descendants(tmux.pane_pid(name)))
    return max(pids, key=lambda pid: proc_status_kib(pid, "VmRSS") or 0)


def thread_cpu(pid: int | None) -> float | None:
    """Seconds the process's main thread (the app's: events, layout, drawing, the terminal
    output made) has run, from the scheduler's nanoseconds (Linux; None elsewhere)."""
    if pid is None:
        return None
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        return None


def rss_mib(tmux: TmuxServer, name: str) -> float:
    """Resident memory of the pane's largest process (the reader's Python), in MiB."""
    sizes = [proc_status_kib(pid, "VmRSS") or 0 for pid in descendants(tmux.pane_pid(name))]
    return max(sizes, default=0) / 1024


def percentile(values: Sequence[float], p: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def line(label: str, values_s: Sequence[float]) -> str:
    ms = [v * 1000 for v in values_s]
    if not ms:
        return f"  {label:<22} (no samples)"
    return (
        f"  {label:<22} p50 {percentile(ms, 50):7.1f} ms  p95 {percentile(ms, 95):7.1f} ms"
        f"  max {max(ms):7.1f} ms  (n={len(ms)})"
    )


@dataclass
class Build:
    """One build of the reader measured in the run: its command, data folder, keys and figures."""

    label: str
    reader: list[str]
    env: dict[str, str]
    run: Run = field(default_factory=Run)
    screens: Screens | None = None
    pid: int | None = None

    @property
    def session(self) -> str:
        return f"ui-{self.label}"


def warm_up(tmux: TmuxServer, build: Build, library: Path, size: tuple[int, int]) -> float:
    """One launch that builds the search index and writes its cache, then quits; seconds."""
    start = time.perf_counter()
    name = f"warm-{build.label}"
    tmux.new_session(
        name, [*build.reader, str(library)], width=size[0], height=size[1], env=build.env
    )
    tmux.wait_for(name, LIST_READY, START_TIMEOUT)
    tmux.send_keys(name, "/")
    tmux.wait_for(name, BAR_FOCUSED, 10.0, start=time.perf_counter())
    tmux.send_keys(name, "a", literal=True)
    tmux.wait_for(name, SHOWING, START_TIMEOUT)
    took = time.perf_counter() - start
    tmux.send_keys(name, "Escape")
    tmux.wait_for(name, LIST_FOCUSED, 10.0, start=time.perf_counter())
    tmux.send_keys(name, "q")
    if not tmux.wait_exit(name, 60.0):
        print(f"  note: {build.label}'s warm-up did not exit within 60 s of `q`; killed")
    tmux.kill(name)
    return took


def launch(
    tmux: TmuxServer, build: Build, library: Path, size: tuple[int, int], method: str
) -> None:
    """The measured launch: until a first search shows results (the index loaded from its
    cache); prints the first keystroke's time and the memory around it."""
    name = build.session
    argv = [*build.reader, str(library)]
    start = tmux.new_session(name, argv, width=size[0], height=size[1], env=build.env)
    ready = tmux.wait_for(name, LIST_READY, START_TIMEOUT)
    time.sleep(SETTLE)  # the library check that follows the first screen
    before = rss_mib(tmux, name)
    tmux.send_keys(name, "/")
    tmux.wait_for(name, BAR_FOCUSED, 10.0, start=time.perf_counter())
    typed = time.perf_counter()
    tmux.send_keys(name, "a", literal=True)
    tmux.wait_for(name, SHOWING, START_TIMEOUT)
    first_key = time.perf_counter() - typed
    after = rss_mib(tmux, name)
    build.pid = app_pid(tmux, name)
    print(
        f"{build.label}: list drawn {ready:.2f} s, first search results "
        f"{time.perf_counter() - start:.2f} s after launch; first keystroke of the first "
        f"search (`a`), key to results: {first_key * 1000:.0f} ms; memory (RSS) "
        f"{before:.0f} MiB before, {after:.0f} MiB after ({after / before:.2f}x)"
    )
    control = ControlClient(tmux.socket_name, name) if method == "control" else None
    build.screens = Screens(tmux, name, build.run, control)


def type_queries(
    tmux: TmuxServer,
    builds: list[Build],
    queries: list[str],
    expected: dict[str, Expected],
    rows: int,
    args: argparse.Namespace,
) -> None:
    """Each query typed into each build in turn, the first build alternating (interleaved, so
    both meet the same load), `--rounds` times."""
    turn = 0
    for _ in range(args.rounds):
        for query in queries:
            order = builds if turn % 2 == 0 else builds[::-1]
            turn += 1
            for build in order:
                assert build.screens is not None
                tmux.send_keys(build.session, "Escape")
                tmux.wait_for(build.session, LIST_FOCUSED, 10.0, start=time.perf_counter())
                tmux.send_keys(build.session, "/")
                tmux.wait_for(build.session, BAR_FOCUSED, 10.0, start=time.perf_counter())
                time.sleep(0.2)
                type_query(build.screens, query, expected, rows, args.pause, build.pid)


def quit_build(tmux: TmuxServer, build: Build) -> None:
    if build.screens is not None and build.screens.control is not None:
        build.screens.control.close()
    tmux.send_keys(build.session, "Escape")
    tmux.wait_for(build.session, LIST_FOCUSED, 10.0, start=time.perf_counter())
    tmux.send_keys(build.session, "q")
    tmux.wait_exit(build.session, 10.0)


def measure(
    builds: list[Build],
    library: Path,
    queries: list[str],
    args: argparse.Namespace,
) -> dict[str, Expected] | None:
    """Warm-up launches, the expected results, the measured launches and the typing; the
    expected results per prefix (None if the measurement failed)."""
    size = (args.width, args.height)
    rows = visible_rows(args.height)
    with TmuxServer() as tmux:
        try:
            for build in builds:
                took = warm_up(tmux, build, library, size)
                print(f"{build.label}: warm-up launch (builds the index): {took:.1f} s")
            # Expected results per prefix, from the first build's CLI on its cached index:
            # every build must show the same (relevance is not to change between builds).
            start = time.perf_counter()
            prefixes = sorted({q[:end] for q in queries for end in range(1, len(q) + 1)})
            first = builds[0]
            with ThreadPoolExecutor(max_workers=4) as pool:
                found = pool.map(
                    lambda p: expected_for(first.reader, first.env, library, p), prefixes
                )
                expected = dict(zip(prefixes, found, strict=True))
            print(
                f"expected results for {len(prefixes)} prefixes (`reader search PREFIX --json "
                f"--limit {RESULT_LIMIT}`): {time.perf_counter() - start:.1f} s"
            )
            for build in builds:
                launch(tmux, build, library, size, args.method)
            print(f"keys sent and timed by {args.method}; load average {load()}")
            type_queries(tmux, builds, queries, expected, rows, args)
            print(f"load average after: {load()}")
            for build in builds:
                quit_build(tmux, build)
        except TmuxError as error:
            print(f"\nMEASUREMENT FAILED: {error}")
            return None
    return expected


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def report(build: Build, queries: list[str], expected: dict[str, Expected]) -> tuple[float, float]:
    """Prints `build`'s keys and figures; its (key-to-echo p95, key-to-results p95) in ms."""
    run = build.run
    print(f"\n== {build.label}: {describe(build.reader)}")
    timed = [k for k in run.keys if k.results is not None and not k.ambiguous]
    for query in queries:
        keys = [k for k in run.keys if k.query == query]
        print(f"{query!r}")
        for k in keys:
            results = f"{k.results * 1000:7.1f} ms" if k.results is not None else "  timeout"
            echo = f"{k.echo * 1000:6.1f} ms" if k.echo is not None else "  never"
            notes = []
            if k.ambiguous:
                notes.append("same screen as previous prefix: not timed")
            if k.flipped:
                notes.append("FLIPPED after the match (stale result replaced it?)")
            label = expected[k.prefix].label
            print(
                f"    {k.prefix!r:<17} echo {echo}  results {results}  "
                f"({label:>3} results, {k.polls} polls) {'; '.join(notes)}"
            )
        print(line("key-to-results", [k.results for k in timed if k.query == query]))
        print(line("key-to-echo", [k.echo for k in keys if k.echo is not None]))
    print("all queries")
    print(line("key-to-results", [k.results for k in timed]))
    print(line("  first keys", [k.results for k in timed if len(k.prefix) == 1]))
    print(line("  other keys", [k.results for k in timed if len(k.prefix) > 1]))
    echoes = [k.echo for k in run.keys if k.echo is not None]
    print(line("key-to-echo", echoes))
    cpus = [k.cpu for k in timed if k.cpu is not None]
    print(line("app thread CPU", cpus) + " (key to results; what load does not stretch)")
    caps = run.capture_ms
    print(
        f"  polling: one capture takes p50 {statistics.median(caps):.1f} ms, "
        f"max {max(caps):.1f} ms (the resolution of these times; send-keys is included too)"
    )
    ambiguous = sum(k.ambiguous for k in run.keys)
    flipped = sum(k.flipped for k in run.keys)
    print(
        f"  {len(run.keys)} keys, {len(timed)} timed, {ambiguous} not timed (same screen as the "
        f"previous prefix), {len(run.failures)} timeouts, {flipped} flipped after the match"
    )
    for failure in run.failures[:2]:
        print(f"\nTIMEOUT {failure}")
    echo_p95 = percentile([e * 1000 for e in echoes], 95) if echoes else float("inf")
    timed_ms = [k.results * 1000 for k in timed if k.results is not None]
    return echo_p95, percentile(timed_ms, 95) if timed_ms else float("inf")


def compare(builds: list[Build]) -> None:
    """The builds side by side: medians and p95 of key-to-results and of the app's CPU."""
    print("\nside by side (same run, interleaved)")
    figures = []
    for build in builds:
        timed = [k for k in build.run.keys if k.results is not None and not k.ambiguous]
        ms = [k.results * 1000 for k in timed]
        firsts = [k.results * 1000 for k in timed if len(k.prefix) == 1]
        cpu = [k.cpu * 1000 for k in timed if k.cpu is not None]
        first_cpu = [k.cpu * 1000 for k in timed if k.cpu is not None and len(k.prefix) == 1]
        figures.append((percentile(ms, 50), percentile(ms, 95), percentile(cpu, 50)))
        print(
            f"  {build.label:<7} key-to-results p50 {figures[-1][0]:6.1f} ms  p95 "
            f"{figures[-1][1]:6.1f} ms  first keys {', '.join(f'{v:.0f}' for v in firsts)} ms"
            f"  app CPU p50 {figures[-1][2]:5.1f} ms, of first keys p50 "
            f"{percentile(first_cpu, 50) if first_cpu else float('nan'):5.1f} ms"
        )
    (p50, p95, cpu), (peer50, peer95, peer_cpu) = figures[0], figures[1]
    print(
        f"  ratio {builds[0].label}/{builds[1].label}: p50 {p50 / peer50:.2f}x, "
        f"p95 {p95 / peer95:.2f}x, app CPU p50 {cpu / peer_cpu:.2f}x"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--reader",
        default=str(Path(sys.executable).parent / "reader"),
        help="command that starts the reader (default: the console script next to Python)",
    )
    parser.add_argument(
        "--peer",
        default="",
        help="another build's reader (say today's main) measured in the same run, interleaved",
    )
    parser.add_argument(
        "--library",
        type=Path,
        default=Path(tempfile.gettempdir()) / "reader-bench" / "lib10k",
        help="the 10,000-article library (generated there by genlib if missing)",
    )
    parser.add_argument("--queries", default=",".join(QUERIES), help="queries, commas")
    parser.add_argument("--rounds", type=int, default=1, help="times each query is typed (1)")
    parser.add_argument("--pause", type=float, default=0.1, help="seconds between keys (0.1)")
    parser.add_argument("--width", type=int, default=120)
    parser.add_argument("--height", type=int, default=40)
    parser.add_argument(
        "--method",
        choices=("control", "capture"),
        default="control",
        help="how keys are sent and timed: tmux control mode (default) or subprocesses",
    )
    args = parser.parse_args(argv)
    queries = [q for q in args.queries.split(",") if q]

    print("$ " + shlex.join([sys.executable, *sys.argv]))
    if not tmux_available():
        print("tmux is not installed")
        return 2
    print(
        f"# tmux {args.width}x{args.height}; queries typed one character at a time: "
        f"{', '.join(queries)} ({args.rounds} round(s)); {args.pause:g} s pause after each "
        f"key's results; load average {load()}"
    )
    library = genlib.generate_library(args.library, LIBRARY_SIZE)
    commands = [("reader", args.reader)] + ([("peer", args.peer)] if args.peer else [])
    with tempfile.TemporaryDirectory(prefix="reader-search-ui-") as scratch:
        builds = [
            Build(label, shlex.split(command), environment(Path(scratch) / label))
            for label, command in commands
        ]
        expected = measure(builds, library, queries, args)
    if expected is None:
        return 2
    figures = [report(build, queries, expected) for build in builds]
    if len(builds) > 1:
        compare(builds)

    print("\ntargets (the first build)")
    echo_p95, results_p95 = figures[0]
    ok = echo_p95 <= TARGET_ECHO_P95_MS
    results_ok = results_p95 <= TARGET_RESULTS_P95_MS
    for label, value, target, passed in (
        ("key-to-echo p95", echo_p95, TARGET_ECHO_P95_MS, ok),
        ("key-to-results p95", results_p95, TARGET_RESULTS_P95_MS, results_ok),
    ):
        print(f"  {label:<28} {value:8.1f} ms  <= {target:g} ms  {'PASS' if passed else 'FAIL'}")
    print("  (the core per-keystroke search target is reported by benchmarks/search.py)")
    if any(build.run.failures for build in builds):
        return 2
    return 0 if ok and results_ok else 1


if __name__ == "__main__":
    sys.exit(main())
