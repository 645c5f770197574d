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

Usage: ``python benchmarks/search_ui.py [--reader CMD] [--library DIR] [--queries Q,Q,...]``.
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--reader",
        default=str(Path(sys.executable).parent / "reader"),
        help="command that starts the reader (default: the console script next to Python)",
    )
    parser.add_argument(
        "--library",
        type=Path,
        default=Path(tempfile.gettempdir()) / "reader-bench" / "lib10k",
        help="the 10,000-article library (generated there by genlib if missing)",
    )
    parser.add_argument("--queries", default=",".join(QUERIES), help="queries, commas")
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
    reader = shlex.split(args.reader)
    queries = [q for q in args.queries.split(",") if q]

    print("$ " + shlex.join([sys.executable, *sys.argv]))
    if not tmux_available():
        print("tmux is not installed")
        return 2
    print(describe(reader))
    print(
        f"# tmux {args.width}x{args.height}; queries typed one character at a time: "
        f"{', '.join(queries)}; {args.pause:g} s pause after each key's results"
    )
    library = genlib.generate_library(args.library, LIBRARY_SIZE)
    argv_app = [*reader, str(library)]
    rows = visible_rows(args.height)
    run = Run()

    with tempfile.TemporaryDirectory(prefix="reader-search-ui-") as scratch, TmuxServer() as tmux:
        env = environment(Path(scratch))
        try:
            # Warm-up launch: builds the search index and writes its cache.
            start = time.perf_counter()
            tmux.new_session("warm", argv_app, width=args.width, height=args.height, env=env)
            tmux.wait_for("warm", LIST_READY, START_TIMEOUT)
            tmux.send_keys("warm", "/")
            tmux.wait_for("warm", BAR_FOCUSED, 10.0, start=time.perf_counter())
            tmux.send_keys("warm", "a", literal=True)
            tmux.wait_for("warm", SHOWING, START_TIMEOUT)
            print(f"warm-up launch (builds the index): {time.perf_counter() - start:.1f} s")
            tmux.send_keys("warm", "Escape")
            tmux.wait_for("warm", LIST_FOCUSED, 10.0, start=time.perf_counter())
            tmux.send_keys("warm", "q")
            if not tmux.wait_exit("warm", 60.0):
                print("  note: warm-up reader did not exit within 60 s of `q`; killed")
            tmux.kill("warm")

            # Expected results per prefix, from the CLI on the same (now cached) index.
            start = time.perf_counter()
            prefixes = sorted({q[:end] for q in queries for end in range(1, len(q) + 1)})
            with ThreadPoolExecutor(max_workers=4) as pool:
                found = pool.map(lambda p: expected_for(reader, env, library, p), prefixes)
                expected = dict(zip(prefixes, found, strict=True))
            print(
                f"expected results for {len(prefixes)} prefixes (`reader search PREFIX --json "
                f"--limit {RESULT_LIMIT}`): {time.perf_counter() - start:.1f} s"
            )

            # Measured launch: wait until a search shows results (index loaded from cache).
            start = tmux.new_session("ui", argv_app, width=args.width, height=args.height, env=env)
            ready = tmux.wait_for("ui", LIST_READY, START_TIMEOUT)
            time.sleep(SETTLE)  # the library check that follows the first screen
            before = rss_mib(tmux, "ui")
            tmux.send_keys("ui", "/")
            tmux.wait_for("ui", BAR_FOCUSED, 10.0, start=time.perf_counter())
            typed = time.perf_counter()
            tmux.send_keys("ui", "a", literal=True)
            tmux.wait_for("ui", SHOWING, START_TIMEOUT)
            first_key = time.perf_counter() - typed
            after = rss_mib(tmux, "ui")
            pid = app_pid(tmux, "ui")
            searchable = time.perf_counter() - start
            print(
                f"measured launch: list drawn {ready:.2f} s, first search results "
                f"{searchable:.2f} s after launch"
            )
            print(
                f"first keystroke of the first search (`a`), key to results: "
                f"{first_key * 1000:.0f} ms; memory (RSS) {before:.0f} MiB before, "
                f"{after:.0f} MiB after ({after / before:.2f}x)"
            )
            control = ControlClient(tmux.socket_name, "ui") if args.method == "control" else None
            screens = Screens(tmux, "ui", run, control)
            print(f"keys sent and timed by {args.method}")
            for query in queries:
                tmux.send_keys("ui", "Escape")
                tmux.wait_for("ui", LIST_FOCUSED, 10.0, start=time.perf_counter())
                tmux.send_keys("ui", "/")
                tmux.wait_for("ui", BAR_FOCUSED, 10.0, start=time.perf_counter())
                time.sleep(0.2)
                type_query(screens, query, expected, rows, args.pause, pid)
            if control is not None:
                control.close()
            tmux.send_keys("ui", "Escape")
            tmux.wait_for("ui", LIST_FOCUSED, 10.0, start=time.perf_counter())
            tmux.send_keys("ui", "q")
            tmux.wait_exit("ui", 10.0)
        except TmuxError as error:
            print(f"\nMEASUREMENT FAILED: {error}")
            return 2

    print()
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
    print("\nall queries")
    print(line("key-to-results", [k.results for k in timed]))
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

    print("\ntargets")
    p95 = percentile([e * 1000 for e in echoes], 95) if echoes else float("inf")
    ok = p95 <= TARGET_ECHO_P95_MS
    print(
        f"  {'key-to-echo p95':<28} {p95:8.1f} ms  <= {TARGET_ECHO_P95_MS:g} ms  "
        f"{'PASS' if ok else 'FAIL'}"
    )
    timed_ms = [k.results * 1000 for k in timed if k.results is not None]
    results_p95 = percentile(timed_ms, 95) if timed_ms else float("inf")
    results_ok = results_p95 <= TARGET_RESULTS_P95_MS
    print(
        f"  {'key-to-results p95':<28} {results_p95:8.1f} ms  <= {TARGET_RESULTS_P95_MS:g} ms  "
        f"{'PASS' if results_ok else 'FAIL'}"
    )
    print("  (the core per-keystroke search target is reported by benchmarks/search.py)")
    if run.failures:
        return 2
    return 0 if ok and results_ok else 1


if __name__ == "__main__":
    sys.exit(main())
