"""Library state at the scale of a long-kept library: 50,000 articles, 5,000 tags, 20,000
highlights.

The list needs the state of every article at once (`store.library.states()`), views filter by
place and tag, and a batch moves or tags a thousand articles in one undoable step. The issue's
budget for switching view, sorting and filtering by a tag is 50 ms key to screen, so the store's
and the core's share of it must be well under that; the state query runs once at start-up and
after another process's change (in a worker), the rest in memory.

The database is generated with plain SQL (the store's schema, through `Store.open`), then every
figure is measured through the store and core APIs.

    .venv/bin/python benchmarks/library.py [--articles 50000] [--tags 5000] [--highlights 20000]
                                           [--repeat 7]
"""

from __future__ import annotations

import argparse
import random
import shlex
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reader.core.article import ArticleMeta
from reader.core.search.filters import allowed_ids, filter_sets
from reader.core.search.query import parse_query
from reader.core.shelf import Location, SortKey, sort_articles, tag_key
from reader.store.state import Store

NOW = "2025-01-01T00:00:00+00:00"


def generate(
    folder: Path, articles: int, tags: int, highlights: int, ids: list[str] | None = None
) -> list[str]:
    """A store with that many articles (a few tags each, some archived, trashed, read, in
    progress) and highlights; returns the article ids (`ids`: those of a real library, as
    `benchmarks/library_ui.py` gives)."""
    rng = random.Random(12)
    ids = ids if ids is not None else [f"{n:012x}" for n in range(articles)]
    with Store.open(folder) as store, store._db.write() as conn:  # setup only
        conn.executemany(
            "INSERT INTO article_state (article_id, position, read, opened_at, updated_at, "
            "location, progress, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    key, rng.randrange(5000), int(rng.random() < 0.4),
                    NOW if rng.random() < 0.5 else None, NOW,
                    rng.choices(["inbox", "archive", "trash"], [6, 3, 1])[0],
                    rng.randrange(101), f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}T00:00:00+00:00",
                )
                for n, key in enumerate(ids)
            ],
        )  # fmt: skip
        conn.executemany(
            "INSERT INTO tags (id, key, name, created) VALUES (?, ?, ?, ?)",
            [(t, f"tag {t}", f"Tag {t}", NOW) for t in range(tags)],
        )
        # A few tags per article, some tags far more used than others (a long tail).
        pairs = {(key, int(tags * rng.random() ** 2)) for key in ids for _ in range(3)}
        conn.executemany("INSERT INTO article_tags (article_id, tag_id) VALUES (?, ?)", pairs)
        conn.executemany(
            "INSERT INTO highlights (id, article_id, quote, original, start_offset, end_offset, "
            "created, updated) VALUES (?, ?, 'a quote', 'a quote', 0, 7, ?, ?)",
            [(f"h{n}", rng.choice(ids), NOW, NOW) for n in range(highlights)],
        )
        conn.executemany(
            "INSERT INTO bookmarks (id, article_id, position, created) VALUES (?, ?, 0, ?)",
            [(f"b{n}", rng.choice(ids), NOW) for n in range(articles // 20)],
        )
    return ids


def timed(run: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """Median wall and CPU (this process) times of `run` in milliseconds, and its last answer;
    on a shared machine the CPU time is the steadier of the two."""
    walls, cpus, answer = [], [], None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        answer = run()
        cpus.append((time.process_time() - cpu) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
    return statistics.median(walls), statistics.median(cpus), answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--tags", type=int, default=5_000)
    parser.add_argument("--highlights", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=7)
    options = parser.parse_args()
    print("$", shlex.join([Path(sys.executable).name, *sys.argv]))
    with tempfile.TemporaryDirectory(prefix="reader-library-bench-") as temp:
        folder = Path(temp)
        started = time.perf_counter()
        ids = generate(folder, options.articles, options.tags, options.highlights)
        print(f"generated {len(ids)} articles in {time.perf_counter() - started:.1f} s")
        with Store.open(folder) as store:
            report(store, ids, options.repeat)


def report(store: Store, ids: list[str], repeat: int) -> None:
    metas = [ArticleMeta(key, f"/l/{key}.md", f"Title {key}", words=len(key)) for key in ids]
    rows: list[tuple[str, float, float]] = []

    def measure(name: str, run: Callable[[], Any]) -> Any:
        wall, cpu, answer = timed(run, repeat)
        rows.append((name, wall, cpu))
        return answer

    states = measure(
        f"states() of {len(ids)} articles (the list's one query)", store.library.states
    )
    tracemalloc.start()
    held = store.library.states()
    size = tracemalloc.get_traced_memory()[0] / 2**20
    tracemalloc.stop()
    del held
    measure(
        "register() of every article, none new (each start)", lambda: store.library.register(ids)
    )
    sets = measure("filter_sets(states): what every filter keeps", lambda: filter_sets(states))
    busiest = max(sets.tagged, key=lambda key: len(sets.tagged[key]))
    query = parse_query(f'tag:"{busiest}"')
    kept = allowed_ids(query, sets, ids)
    measure(f"filter by the busiest tag in memory ({len(kept)} kept)",
            lambda: allowed_ids(query, sets, ids))  # fmt: skip
    found = store.tags.articles_with(busiest)
    measure(f"filter by that tag in the store ({len(found)} found)",
            lambda: store.tags.articles_with(busiest))  # fmt: skip
    archive = parse_query("in:archive")
    measure("the Archive view in memory", lambda: allowed_ids(archive, sets, ids))
    for key in (SortKey.ADDED, SortKey.TITLE, SortKey.PROGRESS):
        measure(f"sort all by {key}", lambda key=key: sort_articles(metas, states, key))
    batch = ids[::50][:1000]

    def move_and_undo() -> None:
        store.library.move(batch, Location.TRASH)
        store.undo()

    measure(f"move {len(batch)} articles at once, and undo that (one step)", move_and_undo)
    counter = iter(range(10**6))
    measure(
        f"tag {len(batch)} articles at once", lambda: store.tags.tag(batch, [f"b{next(counter)}"])
    )
    width = max(len(name) for name, _, _ in rows)
    print(f"{'':<{width}}  {'wall':>8}  {'cpu':>8}")
    for name, wall, cpu in rows:
        print(f"{name:<{width}}  {wall:8.1f}  {cpu:8.1f} ms")
    print(f"{'memory held by the states of every article':<{width}}  {size:8.1f} MB")
    print(f"(medians of {repeat} runs; tag keys compared as {tag_key('Tag 1')!r})")


if __name__ == "__main__":
    main()
