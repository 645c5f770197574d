"""The search bar's keys inside the app (Pilot, headless): key to the results on screen, timed
by the clock, by the app thread's CPU and by the whole process's CPU (the search worker's
included): what `search_ui.py` times in tmux, with the machine's load taken out.

On a shared machine the clock measures the load (in tmux, a capture alone took up to 0.5 s at
a load average of 8 on 2 cores); the CPU the app spends from a key to its results on screen
does not grow with other processes. Same library and queries as `search_ui.py`: the
10,000-article library, each query typed one character at a time after `/`, each character
timed from the key to the result list showing that prefix's answer and the screen drawn with
it, then `escape` between queries. A first pass over the queries is not timed (it opens the
index and reads its vocabulary, as `search_ui.py`'s first keystroke does).

    .venv/bin/python benchmarks/search_keys.py [--repeat 5] [--queries Q,Q] [--size 120x40]

Run it with another build's interpreter (`env PYTHONPATH=OTHER python benchmarks/...`) to
measure that build: the script imports `reader` from whichever environment runs it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shlex
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import genlib  # benchmarks/ is sys.path[0] when this file is run as a script
from library_ui import report
from search_ui import LIBRARY_SIZE, QUERIES, environment

Found = dict[str, list[float]]


async def wait(pilot: Any, until: Any, limit: float = 600.0) -> None:
    start = time.perf_counter()
    while not until():
        if time.perf_counter() - start > limit:
            raise TimeoutError("the app did not get there")
        await pilot.pause()


async def run(library: Path, queries: list[str], repeat: int, size: tuple[int, int]) -> Found:
    from reader.ui.app import build_app
    from reader.ui.search.results import ResultList

    app = build_app([library])
    found: Found = {"wall": [], "app thread CPU": [], "process CPU": []}
    async with app.run_test(size=size) as pilot:
        screen = app.screen
        await wait(pilot, lambda: str(screen.query_one("ArticleList").border_title or ""))
        await wait(pilot, lambda: all(worker.is_finished for worker in app.workers))
        results = screen.query_one(ResultList)

        def answered(prefix: str) -> bool:
            return results.answer.query == prefix and results.answer.message != (
                "Indexing articles for search…"
            )

        for turn in range(repeat + 1):
            for query in queries:
                await pilot.press("slash")
                await wait(pilot, lambda: app.focused is not None and app.focused.id == "search")
                for end in range(1, len(query) + 1):
                    prefix, key = query[:end], query[end - 1]
                    wall, cpu, process = (
                        time.perf_counter(),
                        time.thread_time(),
                        time.process_time(),
                    )
                    await pilot.press("space" if key == " " else key)
                    await wait(pilot, lambda p=prefix: answered(p))
                    await pilot.pause()  # the screen drawn with it
                    if turn:
                        spent = {
                            "wall": time.perf_counter() - wall,
                            "app thread CPU": time.thread_time() - cpu,
                            "process CPU": time.process_time() - process,
                        }
                        for label, value in spent.items():
                            found[label].append(value)
                            if end == 1:  # the first key of a search: the panel comes in
                                found.setdefault(f"{label}, 1st key", []).append(value)
                    await wait(pilot, lambda: all(w.is_finished for w in app.workers))
                await pilot.press("escape")
                await wait(pilot, lambda: results.answer.query == "")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--queries", default=",".join(QUERIES))
    parser.add_argument("--size", default="120x40", help="columns x lines (120x40)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "reader-bench")
    args = parser.parse_args(argv)
    print("$ " + shlex.join([sys.executable, *sys.argv]))
    library = genlib.generate_library(args.cache / "lib10k", LIBRARY_SIZE)
    root = args.cache / "search-keys"  # kept: the search index is built once
    os.environ.update(environment(root))
    width, height = (int(part) for part in args.size.split("x"))
    queries = [query for query in args.queries.split(",") if query]
    print(f"# {LIBRARY_SIZE:,} articles, {width}x{height}; queries typed: {', '.join(queries)}")
    print(f"# load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    found = asyncio.run(run(library, queries, args.repeat, (width, height)))
    print("key to its results on an idle screen (all keys; then the first key of each search)")
    for label, seconds in sorted(found.items(), key=lambda item: item[0].endswith("1st key")):
        report(label, seconds, target_ms=50 if label == "app thread CPU" else None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
