"""Annotating a 1 MB article in a real terminal: caret moves, new highlights, scrolling.

The installed ``reader`` runs in tmux at 120x40 on the big generated article (``genlib.py
--big``). For each key the screen is captured (with attributes, so a caret that moved shows),
the key is sent, and the screen is captured again every few milliseconds until it changed: the
time from key to the new screen, as a user sees it, including tmux's own work (a capture costs
about 3 ms, so figures are slightly pessimistic). A new highlight counts as on screen when the
article list's count (✎N) grows: it is drawn in the same frame as the highlight.

Targets (issue "Highlight and annotate"): a caret move and a new highlight on screen within
50 ms at p95; an article with 500 highlights scrolls as fast as one with none (within 1.2x of
the median, both sessions measured in the same run).

    .venv/bin/python benchmarks/annotate.py [--reader PATH] [--keys 60] [--cache DIR]
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
from tmux_harness import TmuxServer, describe

from reader.core.library import load_article, load_index
from reader.store.state import Store

SESSION = "annotate"
POLL = 0.002
TIMEOUT = 30.0


def percentile(values: Sequence[float], p: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(label: str, seconds: Sequence[float]) -> tuple[float, float]:
    ms = [value * 1000 for value in seconds]
    median, p95 = statistics.median(ms), percentile(ms, 95)
    print(f"  {label:<28} n={len(ms):>3}  median {median:6.1f} ms  p95 {p95:6.1f} ms")
    return median, p95


class Session:
    """One `reader` in its own tmux session (sessions share a server, so they alternate)."""

    def __init__(
        self, tmux: TmuxServer, name: str, reader: str, library: Path, data: Path, made: int
    ):
        self.tmux, self.name = tmux, name
        self.highlights = made  # the article list shows the count as ✎N
        env = {"READER_DATA_DIR": str(data), "TERM": "xterm-256color"}
        tmux.new_session(name, [reader, str(library)], width=120, height=40, env=env)
        tmux.wait_for(name, "Big article", TIMEOUT)
        tmux.send_keys(name, "Enter")
        tmux.wait_for(name, genlib.BIG_ARTICLE_MARKER, TIMEOUT)
        for _ in range(40):
            tmux.send_keys(name, "Space")
        self.settle(1.0)

    def screen(self) -> str:
        return self.tmux.tmux("capture-pane", "-e", "-p", "-t", self.name)

    def key(self, key: str, until: str | None = None) -> float:
        """Seconds from sending `key` to a different screen (or one showing `until`)."""
        before = self.screen()
        start = time.perf_counter()
        self.tmux.send_keys(self.name, key)
        while time.perf_counter() - start < TIMEOUT:
            now = self.screen()
            if (until in now) if until is not None else (now != before):
                return time.perf_counter() - start
            time.sleep(POLL)
        raise RuntimeError(f"key {key!r} changed nothing in {TIMEOUT} s")

    def settle(self, quiet: float = 0.3) -> None:
        """Waits until the screen stops changing (notices fading, workers finishing)."""
        last, since = self.screen(), time.perf_counter()
        while time.perf_counter() - since < quiet:
            time.sleep(0.02)
            now = self.screen()
            if now != last:
                last, since = now, time.perf_counter()


KEYS = (
    ("caret: w (word)", "w"),
    ("caret: j (line)", "j"),
    ("caret: ) (sentence)", ")"),
    ("caret: } (paragraph)", "}"),
)


def measure(sessions: Sequence[Session], keys: int) -> list[dict[str, list[float]]]:
    """The same keys in every session, alternating key by key, so noise hits all alike."""
    results: list[dict[str, list[float]]] = [{} for _ in sessions]
    for label, key in KEYS:
        for _ in range(keys):
            for session, result in zip(sessions, results, strict=True):
                result.setdefault(label, []).append(session.key(key))
    for _ in range(max(5, keys // 6)):
        for session, result in zip(sessions, results, strict=True):
            for key in (")", "v", "w", "w"):
                session.key(key)
            session.settle(0.2)
            session.highlights += 1
            counted = f"✎{session.highlights}"  # the list's count: drawn with the highlight
            result.setdefault("new highlight: h", []).append(session.key("h", counted))
    for _ in range(keys):
        for session, result in zip(sessions, results, strict=True):
            result.setdefault("scroll: space (page)", []).append(session.key("Space"))
    return results


def add_highlights(library: Path, data: Path, count: int) -> None:
    meta = load_index([library]).articles[0]
    body = load_article(meta).body
    step = len(body) // (count + 1)
    with Store.open(data) as store:
        for index in range(count):
            start = body.index(" ", step * (index + 1)) + 1
            end = body.index(" ", start + 40)
            color = ("yellow", "green", "blue", "pink", "purple")[index % 5]
            note = "a note" if index % 3 == 0 else ""
            store.highlights.add(meta.id, body, start, end, color, note)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reader", default=str(Path(sys.executable).parent / "reader"))
    parser.add_argument("--keys", type=int, default=60, help="keys timed per measurement")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/reader-bench"))
    args = parser.parse_args(argv)
    print(f"$ python benchmarks/annotate.py {shlex.join(sys.argv[1:] if argv is None else argv)}")
    print(describe([args.reader]))
    library = args.cache / "big-article"
    genlib.write_big_article(library / "big.txt")
    with (
        tempfile.TemporaryDirectory() as plain,
        tempfile.TemporaryDirectory() as marked,
        TmuxServer() as tmux,
    ):
        add_highlights(library, Path(marked), 500)
        sessions = [
            Session(tmux, "plain", args.reader, library, Path(plain), 0),
            Session(tmux, "marked", args.reader, library, Path(marked), 500),
        ]
        none, many = measure(sessions, args.keys)
    print("1 MB article, tmux 120x40, key to changed screen (two apps, keys alternating):")
    print("without highlights:")
    for label, values in none.items():
        report(label, values)
    print("with 500 highlights in the article:")
    for label, values in many.items():
        report(label, values)

    def worst(results: dict[str, list[float]]) -> float:
        return max(
            percentile(values, 95) * 1000
            for label, values in results.items()
            if not label.startswith("scroll")
        )

    ratio = statistics.median(many["scroll: space (page)"]) / statistics.median(
        none["scroll: space (page)"]
    )
    print(f"-> worst p95 of caret moves and new highlights: {worst(none):.1f} ms without,")
    print(f"   {worst(many):.1f} ms with 500 highlights (target 50 ms)")
    print(f"-> scrolling with 500 highlights / without: {ratio:.2f}x median (target at most 1.2x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
