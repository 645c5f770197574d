"""Caret motions on a 1 MB article: building the index once, then each motion from many offsets.

The reading pane answers ``w``, ``)``, ``}`` and ``h`` (the sentence under the caret) with
`reader.core.reading.motion.TextIndex`; this measures what that costs on the big generated article
(``genlib.py --big``, parsed by the real parser): the time to build the index (median of
``--repeat`` builds, plus the one-off cost of the first build in the process, which compiles the
word pattern), and per motion the median, p95 and max over ``--samples`` random offsets, each
call timed on its own.

Target: every motion answers in under 1 ms at p95.

    .venv/bin/python benchmarks/motion.py [--repeat 7] [--samples 20000] [--cache DIR]
"""

from __future__ import annotations

import argparse
import platform
import random
import shlex
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import genlib  # benchmarks/ is sys.path[0] when this file is run as a script

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.core.reading import motion
from reader.core.text.parse import parse_file

TARGET_P95_MS = 1.0


def timed(call: Callable[[int], object], offsets: Sequence[int]) -> list[float]:
    """Microseconds per call, one measurement per offset."""
    clock = time.perf_counter_ns
    times: list[float] = []
    for offset in offsets:
        start = clock()
        call(offset)
        times.append((clock() - start) / 1000)
    return times


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="index builds to time")
    parser.add_argument("--samples", type=int, default=20_000, help="offsets per motion")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/reader-bench"))
    args = parser.parse_args(argv)
    print("$ " + shlex.join([sys.executable, *sys.argv]))
    print(f"# Python {platform.python_version()} | {platform.system()} {platform.release()}")

    path = genlib.write_big_article(args.cache / "big" / "big-article.txt")
    article = parse_file(path, path.parent)
    body = article.body
    start = time.perf_counter()
    index = motion.TextIndex.from_blocks(article.paragraphs)
    first = (time.perf_counter() - start) * 1000
    builds = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        motion.TextIndex.from_blocks(article.paragraphs)
        builds.append((time.perf_counter() - start) * 1000)
    print(
        f"article: {len(body.encode('utf-8')):,} bytes, {len(article.paragraphs):,} paragraphs, "
        f"{len(index.sentences()):,} sentences"
    )
    print(f"index build: median {statistics.median(builds):.1f} ms over {args.repeat}")
    print(f"             first in the process {first:.1f} ms (includes compiling the patterns)")

    rng = random.Random("benchmarks/motion")
    offsets = [rng.randrange(len(body) + 1) for _ in range(args.samples)]
    motions: list[tuple[str, Callable[[int], object]]] = [
        ("next_word_start (w)", index.next_word_start),
        ("prev_word_start (b)", index.prev_word_start),
        ("next_sentence_start )", index.next_sentence_start),
        ("prev_sentence_start (", index.prev_sentence_start),
        ("sentence_at (h)", index.sentence_at),
        ("next_paragraph_start }", index.next_paragraph_start),
        ("prev_paragraph_start {", index.prev_paragraph_start),
        ("paragraph_at", index.paragraph_at),
        ("clamp", index.clamp),
    ]
    print(f"\nper call over {args.samples:,} random offsets (µs)")
    print(f"  {'motion':<30} {'median':>8} {'p95':>8} {'max':>8}")
    worst = 0.0
    for name, call in motions:
        times = timed(call, offsets)
        p95 = statistics.quantiles(times, n=20)[-1]
        worst = max(worst, p95)
        print(f"  {name:<30} {statistics.median(times):8.2f} {p95:8.2f} {max(times):8.1f}")
    ok = worst / 1000 <= TARGET_P95_MS
    print(
        f"\ntarget: worst p95 {worst / 1000:.4f} ms <= {TARGET_P95_MS} ms", "PASS" if ok else "FAIL"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
