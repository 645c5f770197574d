"""The daily review at the scale of a long-kept library: 20,000 highlights.

Targets (issue 17): the review screen opens in at most 100 ms (`V` to the first highlight on
screen), and each grade shows the next highlight within one frame (1/60 s: the grade's handler,
which draws the next card, takes under 16.7 ms; the store write happens behind, in the writer
thread).

A store is generated with plain SQL (the store's schema, through `Store.open`): 20,000
highlights over 2,000 articles, half reviewed before (due dates spread over two months around
today), 2,000 tagged as favourites, 200 articles in the Trash. Then:

* `todays_review` (the store's and the core's share: every card read at once, today's picked,
  ten read in full), wall and CPU;
* in the app (Textual's headless Pilot, 100x30, the seeds as the library): `V` to the first
  highlight shown, each time on a new day so the round is gathered afresh; and 100 grades in a
  row, each the handler's time (`action_grade`, on the app's thread) and key to the next card.

    .venv/bin/python benchmarks/review.py [--highlights 20000] [--repeat 7] [--grades 100]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from reader.core.review.settings import ReviewSettings
from reader.store.review_day import todays_review
from reader.store.state import Store

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
OPEN_TARGET_MS = 100.0
FRAME_MS = 1000 / 60


def generate(folder: Path, highlights: int) -> None:
    """The store described in the module's docstring."""
    rng = random.Random(17)
    articles = [f"{n:012x}" for n in range(max(1, highlights // 10))]
    stamp = NOW.isoformat(timespec="seconds")
    with Store.open(folder) as store, store._db.write() as conn:  # setup only
        rows, cards = [], []
        for n in range(highlights):
            key, article = f"h{n:07d}", articles[n % len(articles)]
            quote = f"Passage {n} of a long read, with a few words around what mattered."
            rows.append((key, article, quote, quote, "text before ", " text after", 0,
                         len(quote), "a note" if n % 7 == 0 else "", stamp, stamp))  # fmt: skip
            if n % 2:
                due = NOW + timedelta(days=rng.uniform(-30, 30))
                cards.append((key, "review", 5.0, 5.0, due.isoformat(timespec="seconds"),
                              stamp, 3, 0, stamp))  # fmt: skip
        conn.executemany(
            "INSERT INTO highlights (id, article_id, quote, original, prefix, suffix, "
            "start_offset, end_offset, note, created, updated) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        conn.executemany(
            "INSERT INTO review_cards (highlight_id, stage, stability, difficulty, due, "
            "last_review, reps, lapses, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            cards,
        )
        conn.execute(
            "INSERT INTO tags (key, name, created) VALUES ('favourite', 'favourite', ?)", (stamp,)
        )
        conn.executemany(
            "INSERT INTO highlight_tags (highlight_id, tag_id) VALUES (?, 1)",
            [(f"h{n:07d}",) for n in range(0, highlights, max(1, highlights // 2000))],
        )
        conn.executemany(
            "INSERT INTO article_state (article_id, location, updated_at) VALUES (?, 'trash', ?)",
            [(article, stamp) for article in articles[:: max(1, len(articles) // 200)]],
        )


def median_ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:7.1f} ms"


def p95_ms(values: list[float]) -> str:
    ordered = sorted(values)
    return f"{ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000:7.1f} ms"


def measure_store(folder: Path, repeat: int) -> list[float]:
    walls, cpus = [], []
    with Store.open(folder) as store:
        for day in range(repeat):
            wall, cpu = time.perf_counter(), time.process_time()
            found = todays_review(store, ReviewSettings(), NOW + timedelta(days=day))
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
            assert len(found.highlights) == 10, len(found.highlights)
    print(f"todays_review          wall {median_ms(walls)}   cpu {median_ms(cpus)}   (median)")
    return walls


class Timings:
    """What the app's run measured, each a list of seconds."""

    def __init__(self) -> None:
        self.opens: list[float] = []  # V on a new day, the round gathered after the key
        self.ahead: list[float] = []  # V on a new day, the round gathered ahead (`prepare`)
        self.open_cpus: list[float] = []
        self.ahead_cpus: list[float] = []
        self.shown_at: list[float] = []
        self.handlers: list[float] = []
        self.keys: list[float] = []


async def measure_app(folder: Path, repeat: int, grades: int) -> Timings:
    """`V` and `3` delivered as key events (as the terminal driver posts them), timed until
    the card holds the highlight; the paint follows at the next refresh."""
    from textual import events

    from reader.ui.app import build_app
    from reader.ui.screens.review.screen import ReviewScreen

    clock = [NOW]
    app = build_app([SEEDS], folder, clock=lambda: clock[0])
    timed = Timings()

    def carded() -> bool:
        return isinstance(app.screen, ReviewScreen) and app.screen.current is not None

    async def key(name: str, done: Callable[[], bool]) -> float:
        start, cpu = time.perf_counter(), time.process_time()
        app.post_message(events.Key(name, name))
        drawn = None
        while not done():
            if drawn is None and name == "V" and isinstance(app.screen, ReviewScreen):
                drawn = time.perf_counter() - start  # the screen is up, gathering
            await asyncio.sleep(0.0005)
        if drawn is not None:
            timed.shown_at.append(drawn)
        if name == "V":
            timed.open_cpus.append(time.process_time() - cpu)
        return time.perf_counter() - start

    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        launcher = getattr(app.screen, "review", None)
        ahead = hasattr(launcher, "prepare")  # a peer build may gather only on `V`
        for day in range(repeat + 1):
            clock[0] = NOW + timedelta(days=2 * day)
            opened = await key("V", carded)
            if day:  # the first opening also imports the review's modules (and fsrs)
                timed.opens.append(opened)
            else:
                timed.open_cpus.pop()
            await pilot.press("escape")
            await settled(app, pilot)
            if ahead:
                clock[0] = NOW + timedelta(days=2 * day + 1)
                launcher.prepare()  # as the main screen does once the library is read
                while launcher.today.round is None:
                    await asyncio.sleep(0.001)
                timed.ahead.append(await key("V", carded))
                timed.ahead_cpus.append(timed.open_cpus.pop())
                await pilot.press("escape")
                await settled(app, pilot)
        await grade_all(app, pilot, key, grades, timed)
    return timed


async def settled(app: Any, pilot: Any) -> None:
    """Every worker done (the gather behind a review shown), so none runs into the next."""
    await app.workers.wait_for_complete()
    await pilot.pause()


async def grade_all(
    app: Any, pilot: Any, key: Callable[..., Any], grades: int, timed: Timings
) -> None:
    """`grades` grades in a row, alternately by the key and by the handler called directly."""
    from reader.ui.screens.review.screen import ReviewScreen

    await pilot.press("V")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ReviewScreen) and screen.round is not None
    for n in range(grades):
        shown = screen.current
        if shown is None:
            break
        if n % 2:
            start = time.perf_counter()
            screen.action_grade(3)  # on the app's thread, as the key's handler runs
            timed.handlers.append(time.perf_counter() - start)
        else:
            timed.keys.append(await key("3", lambda shown=shown: screen.current is not shown))
        await pilot.pause()
    await pilot.pause()


def report(timed: Timings) -> None:
    print(f"V to the review screen {median_ms(timed.shown_at)} (median, gathering shown)")
    print(
        f"V to the first card    {median_ms(timed.opens)} (median)   {p95_ms(timed.opens)} "
        f"(p95)   cpu {median_ms(timed.open_cpus)} (median, all threads)   gathered on V"
    )
    if timed.ahead:
        print(
            f"V to the first card    {median_ms(timed.ahead)} (median)   {p95_ms(timed.ahead)} "
            f"(p95)   cpu {median_ms(timed.ahead_cpus)} (median, all threads)   gathered ahead"
        )
    print(
        f"grade handler          {median_ms(timed.handlers)} (median)   "
        f"{p95_ms(timed.handlers)} (p95)"
    )
    print(f"grade key to next card {median_ms(timed.keys)} (median)   {p95_ms(timed.keys)} (p95)")


def peer(python: str, options: argparse.Namespace) -> None:
    """The same measures by another build (its own Python, e.g. today's main's venv), in this
    run, so both see the same load; its lines are printed after `peer |`."""
    command = [python, str(Path(__file__).resolve()), "--highlights", str(options.highlights)]
    command += ["--repeat", str(options.repeat), "--grades", str(options.grades)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    for line in (done.stdout + done.stderr).splitlines():
        print(f"peer | {line}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--highlights", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--grades", type=int, default=100)
    parser.add_argument("--peer", metavar="PYTHON", help="also measure the build PYTHON runs")
    options = parser.parse_args()
    print("$ " + shlex.join([sys.executable, *sys.argv]))
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "data"
        config = Path(scratch) / "config.toml"
        config.write_text(f"[review]\nper_day = {options.grades + 10}\n", encoding="utf-8")
        os.environ["READER_CONFIG"] = str(config)
        generate(folder, options.highlights)
        print(f"{options.highlights:,} highlights, half reviewed before; {os.cpu_count()} cores")
        measure_store(folder, options.repeat)
        timed = asyncio.run(measure_app(folder, options.repeat, options.grades))
        report(timed)
    if options.peer:
        peer(options.peer, options)
    opens = [statistics.median(values) for values in (timed.opens, timed.ahead) if values]
    fine = max(opens) * 1000 <= OPEN_TARGET_MS
    fine = fine and statistics.median(timed.handlers) * 1000 <= FRAME_MS
    print(f"targets: open <= {OPEN_TARGET_MS:.0f} ms, grade handler <= {FRAME_MS:.1f} ms: "
          + ("met" if fine else "MISSED"))  # fmt: skip
    return 0 if fine else 1


if __name__ == "__main__":
    sys.exit(main())
