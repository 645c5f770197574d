"""How long the app stops answering right after its first screen, on a big library.

Every key waits for whatever holds the app's thread. Right after the first screen the app
starts its background work (the folders' watch, the disk check, the collector), some of it in
threads that share the interpreter's lock with the app. This measures, headless (Pilot, as
`reader` makes the app), the longest gap between two turns of the app's event loop (which
sleeps 5 ms a turn) in the `--window` seconds after the first rows are handed to the list:
the worst wait a key typed then would see. Two cases per build, builds alternated:

* first run: no index yet, the list filling in while the files are read;
* second run: the index in the cache and the app's state kept (`warm`).

Usage: ``python benchmarks/stall.py --python A/bin/python [--peer B/bin/python] [--size N]
[--repeat R] [--window S]``; each Python must have `reader` installed. Prints the command and,
per build and case, the median and every run (ms).
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import genlib  # benchmarks/ is sys.path[0] when this file is run as a script
from app_probe import after_first_rows

#: Seconds the warming run of the app is left to finish its start-up work.
WARM_WINDOW = 15.0

PROBE = after_first_rows(
    """
    start = last = time.perf_counter()
    worst = 0.0
    while last - start < float(sys.argv[2]):
        await asyncio.sleep(0.005)
        now = time.perf_counter()
        worst, last = max(worst, now - last), now
    print(worst)
    """
)


def environment(data: Path) -> dict[str, str]:
    return {
        **os.environ,
        "READER_DATA_DIR": str(data / "data"),
        "READER_CONFIG": str(data / "config.toml"),
        "XDG_CACHE_HOME": str(data / "cache"),
    }


def stall(python: str, library: Path, data: Path, window: float) -> float:
    env = environment(data)
    result = subprocess.run(
        [python, "-c", PROBE, str(library), str(window)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    return float(result.stdout.split()[-1]) * 1000


def warm(python: str, library: Path, data: Path) -> None:
    """The data folder as after a session: the index in the cache (`reader list`), and the
    app's own start-up state (articles registered, the first screen kept), which one app run
    left to finish its work makes."""
    reader = str(Path(python).with_name("reader"))
    subprocess.run(
        [reader, "list", str(library)], env=environment(data), capture_output=True, check=True
    )
    stall(python, library, data, WARM_WINDOW)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", required=True, help="a Python with this build installed")
    parser.add_argument("--peer", help="another build's Python, alternated with it")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--window", type=float, default=3.0, help="seconds watched (3)")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/reader-bench"))
    args = parser.parse_args()
    print("$", shlex.join([sys.executable, *sys.argv]))
    library = args.cache / f"lib{args.size // 1000}k"
    if not genlib.is_generated(library, args.size):
        genlib.generate_library(library, args.size)
    builds = {"build": args.python, **({"peer": args.peer} if args.peer else {})}
    figures: dict[tuple[str, str], list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="reader-stall-") as scratch:
        for round in range(args.repeat):
            for name, python in builds.items():
                first = Path(scratch) / f"{name}-first-{round}"
                figures.setdefault((name, "first run"), []).append(
                    stall(python, library, first, args.window)
                )
                second = Path(scratch) / f"{name}-second"
                if round == 0:
                    warm(python, library, second)
                figures.setdefault((name, "second run"), []).append(
                    stall(python, library, second, args.window)
                )
    print(f"longest stop of the app's loop in the {args.window:g} s after the first rows,")
    print(f"{args.size:,} articles, {args.repeat} runs each (ms):")
    for (name, case), values in figures.items():
        runs = ", ".join(f"{value:.0f}" for value in values)
        print(f"  {name:5} {case:10}  median {statistics.median(values):6.0f}   [{runs}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
