"""The library list's keys inside the app (Pilot, headless), timed by the app thread's CPU as
well as by the clock: what `library_ui.py` times in tmux, with the machine's load taken out.

On a shared machine the clock measures the load (the floor of `library_ui.py`, a key opening a
small menu, reached a p50 of 139 ms under a load average of 12 on 2 cores); the CPU time the
app's thread spends from the key to the next idle screen does not grow with other processes.
Same library, same actions as `library_ui.py` (a): switching the view (`2`, `1`), changing the
sort (`S`, the sort's name, `enter`: timed from `enter`), filtering by a tag (`c`, `#Tag N`,
`enter`: timed from `enter`), each on an idle app; and the first screen (launch to the list's
count) and to the complete list (every state read, every order made).

    .venv/bin/python benchmarks/library_keys.py [--articles 50000] [--repeat 20] [--cache DIR]

Run it with another build's interpreter (a `pip install .` of another commit) to measure that
build: the script imports `reader` from whichever environment runs it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shlex
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import genlib  # benchmarks/ is sys.path[0] when this file is run as a script
from library_ui import prepare, report
from search_ui import environment

Measure = tuple[list[float], list[float]]


class Timer:
    """Wall and app-thread CPU seconds of each timed action, by label."""

    def __init__(self) -> None:
        self.found: dict[str, Measure] = {}

    async def timed(
        self,
        label: str,
        pilot: Any,
        action: Callable[[], Awaitable[None]],
        until: Callable[[], bool],
    ) -> None:
        wall, cpu = time.perf_counter(), time.thread_time()
        await action()
        while not until():
            await pilot.pause()
        await pilot.pause()  # the screen drawn with it
        walls, cpus = self.found.setdefault(label, ([], []))
        walls.append(time.perf_counter() - wall)
        cpus.append(time.thread_time() - cpu)


async def wait(pilot: Any, until: Callable[[], bool], limit: float = 600.0) -> None:
    start = time.perf_counter()
    while not until():
        if time.perf_counter() - start > limit:
            raise TimeoutError("the app did not get there")
        await pilot.pause()


async def run(folder: Path, repeat: int) -> tuple[float, float, Timer]:
    from reader.ui.app import build_app

    start = time.perf_counter()
    app = build_app([folder])
    timer = Timer()
    async with app.run_test(size=(100, 30)) as pilot:
        from reader.ui.widgets.article_list import ArticleList

        listing = app.screen.query_one(ArticleList)

        def border() -> str:
            return str(listing.border_title or "")

        await wait(pilot, lambda: border().startswith("Inbox · "))
        first = time.perf_counter() - start
        shelf = app.screen.shelf
        await wait(pilot, lambda: shelf.ready and all(w.is_finished for w in app.workers))
        await wait(pilot, lambda: not app.screen.library.scanning)
        await wait(pilot, lambda: all(w.is_finished for w in app.workers))
        complete = time.perf_counter() - start
        for turn in range(repeat):
            await keys(pilot, timer, border, turn)
        collector = getattr(app, "collector", None)  # (absent from builds before it)
        if collector is not None:
            print(f"# full garbage collections at pauses in the typing: {collector.collections}")
    return first, complete, timer


def asking(app: Any) -> bool:
    """A menu has the keyboard: a dialog of its own (builds before the menus were drawn on the
    main screen) or the main screen's menu."""
    focused = app.screen.focused
    return len(app.screen_stack) > 1 or getattr(focused, "id", None) == "chooser-input"


async def keys(pilot: Any, timer: Timer, border: Callable[[], str], turn: int) -> None:
    """One turn of `library_ui.keys_to_screen`'s actions."""
    app = pilot.app

    def press(*keys: str) -> Callable[[], Awaitable[None]]:
        return lambda: pilot.press(*keys)

    for key, title in (("2", "Archive · "), ("1", "Inbox · ")):
        await timer.timed("switch view", pilot, press(key), lambda t=title: border().startswith(t))
    for name, shown in (("title", True), ("added", False)):
        await pilot.press("S")
        await wait(pilot, lambda: asking(app))
        await pilot.press(*name)
        await timer.timed(
            "change sort", pilot, press("enter"), lambda s=shown: ("by title" in border()) == s
        )
    await pilot.press("c")
    await wait(pilot, lambda: asking(app))
    tag = f"#Tag {turn % 10}"
    await pilot.press(*tag)
    await timer.timed("filter by tag", pilot, press("enter"), lambda: border().startswith(tag))
    await timer.timed("switch view", pilot, press("1"), lambda: border().startswith("Inbox · "))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--tags", type=int, default=5_000)
    parser.add_argument("--highlights", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "reader-bench")
    args = parser.parse_args(argv)
    print("$ " + shlex.join([sys.executable, *sys.argv]))
    folder = genlib.generate_library(args.cache / f"lib{args.articles // 1000}k", args.articles)
    root = args.cache / "library-ui" / "big"
    count = prepare(root, folder, args.tags, args.highlights)
    os.environ.update(environment(root))
    print(f"# {count:,} articles, {args.tags:,} tags, {args.highlights:,} highlights; 100x30")
    print(f"# load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    first, complete, timer = asyncio.run(run(folder, args.repeat))
    print(f"first screen {first:.2f} s; every state read and the disk checked {complete:.2f} s")
    print("key to an idle screen, wall (the clock)")
    for label, (walls, _cpus) in timer.found.items():
        report(label, walls)
    print("the same, the app thread's CPU")
    for label, (_walls, cpus) in timer.found.items():
        report(label, cpus, target_ms=50)
    medians = {label: statistics.median(cpus) * 1000 for label, (_w, cpus) in timer.found.items()}
    print("CPU medians: " + ", ".join(f"{k} {v:.1f} ms" for k, v in medians.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
