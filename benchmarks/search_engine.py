"""One search engine measured in a process of its own (run by ``benchmarks/search.py``).

Whichever ``reader`` is first on ``PYTHONPATH`` is measured: this tree's (Tantivy), or the
baseline's (the in-memory index it replaced), through the API both share: ``open_index``,
``SearchIndex.search``, ``add``, ``remove``, ``save_index``. The articles come parsed, as
``(id, title, source, byline, content hash, body)`` rows in a pickle, so both engines index
exactly the same texts.

Steps (each prints one JSON line on stdout):

* ``build ROWS CACHE``: build the index from nothing and store it at CACHE; seconds, bytes on disk
* ``open ROWS CACHE QUERY``: open the stored index for an unchanged library and answer the first
  keystroke (what the app does on the first search); milliseconds, and the memory (RSS) before
  opening and after the answer
* ``keys ROWS CACHE Q1,Q2,...``: every prefix of every query typed one character at a time
  (``limit=50``, as the app), milliseconds each
* ``update ROWS CACHE``: 100 articles added then removed one by one, each made durable (the
  baseline keeps changes in memory and must write its whole cache to keep them); each change
  is timed alone, and the merges Tantivy runs behind them are reported apart
"""

from __future__ import annotations

import json
import os
import pickle
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from reader.core.article import Article, ArticleMeta, Block
from reader.core.search.cache import open_index, save_index

LIMIT = 50
UPDATES = 100


def rss_mib() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def articles(rows_path: Path) -> list[Article]:
    """The parsed articles (for the step ``open``, only what the library index keeps, as the app
    has before its first search: each body empty)."""
    with rows_path.open("rb") as handle:
        rows = pickle.load(handle)
    found = [
        Article(
            ArticleMeta(
                id=row[0],
                path=f"/library/{row[0]}.txt",
                title=row[1],
                source=row[2],
                byline=row[3],
                content_hash=row[4],
            ),
            (Block(row[5]),),
        )
        for row in rows
    ]
    del rows
    return found


def loader(found: Sequence[Article]) -> Callable[[ArticleMeta], Article]:
    by_id = {article.id: article for article in found}
    return lambda meta: by_id[meta.id]


def disk_bytes(cache: Path) -> int:
    total = cache.stat().st_size if cache.exists() else 0
    folder = cache.with_name(cache.name + ".d")
    if folder.is_dir():
        total += sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())
    return total


def build(found: list[Article], cache: Path) -> dict[str, Any]:
    start = time.perf_counter()
    index, _report = open_index([a.meta for a in found], cache, loader(found))
    if cache.exists() and not cache.with_name(cache.name + ".d").exists():
        save_index(index, cache)  # the baseline writes its cache only when asked (or changed)
    seconds = time.perf_counter() - start
    text = sum(len(article.body.encode("utf-8")) for article in found)
    return {"build_s": seconds, "disk_bytes": disk_bytes(cache), "text_bytes": text}


def first_keystroke(found: list[Article], cache: Path, query: str) -> dict[str, Any]:
    metas = [article.meta for article in found]
    before = rss_mib()
    start, cpu = time.perf_counter(), time.process_time()
    index, report = open_index(metas, cache, loader(found))
    opened = time.perf_counter()
    results = index.search(query, limit=LIMIT)
    done = time.perf_counter()
    return {
        "open_ms": (opened - start) * 1000,
        "first_ms": (done - start) * 1000,
        "first_cpu_ms": (time.process_time() - cpu) * 1000,
        "rss_before_mib": before,
        "rss_after_mib": rss_mib(),
        "results": len(results),
        "reparsed": len(report.added) + len(report.updated),
    }


def keystrokes(found: list[Article], cache: Path, queries: list[str]) -> dict[str, Any]:
    index, _ = open_index([a.meta for a in found], cache, loader(found))
    index.search(queries[0][0], limit=LIMIT)  # opened and warm: the later keystrokes
    lexicon = getattr(index, "lexicon", None)
    if lexicon is not None:  # the app reads the words typos are found among after opening
        lexicon.vocabulary()
    times: list[tuple[float, str]] = []
    cpu: list[float] = []
    for query in queries:
        for end in range(1, len(query) + 1):
            start, used = time.perf_counter(), time.process_time()
            index.search(query[:end], limit=LIMIT)
            times.append(((time.perf_counter() - start) * 1000, query[:end]))
            cpu.append((time.process_time() - used) * 1000)
    return {"keys": times, "cpu": cpu}


def updates(found: list[Article], cache: Path) -> dict[str, Any]:
    """Each add and remove timed alone (Tantivy: merges a commit started are waited for before
    the next, untimed, and reported as `merges_s`); `updates_s` is all of them back to back."""
    index, _ = open_index([a.meta for a in found], cache, loader(found))
    fresh = [
        Article(
            ArticleMeta(
                id=f"bench-{n}", path=f"/bench/{n}.txt", title=f"Bench {n}", content_hash=str(n)
            ),
            article.blocks,
        )
        for n, article in enumerate(found[:UPDATES])
    ]
    settle = getattr(getattr(index, "engine", None), "settle", None)
    durable = settle is not None  # the baseline keeps changes in memory only
    each: list[float] = []
    merges = 0.0
    start = time.perf_counter()
    for change in [*((index.add, a) for a in fresh), *((index.remove, a.id) for a in fresh)]:
        if settle is not None:
            began = time.perf_counter()
            settle()
            merges += time.perf_counter() - began
        began = time.perf_counter()
        change[0](change[1])  # type: ignore[operator]
        each.append((time.perf_counter() - began) * 1000)
    if settle is not None:
        settle()
    else:
        save_index(index, cache)
    total = time.perf_counter() - start
    return {"updates_s": total, "each_ms": each, "durable_each": durable, "merges_s": merges}


def main(argv: Sequence[str]) -> int:
    step, rows, cache = argv[0], Path(argv[1]), Path(argv[2])
    found = articles(rows)
    if step == "build":
        answer = build(found, cache)
    elif step == "open":
        answer = first_keystroke(found, cache, argv[3])
    elif step == "keys":
        answer = keystrokes(found, cache, argv[3].split("\x1f"))
    else:
        answer = updates(found, cache)
    print(json.dumps(answer))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
