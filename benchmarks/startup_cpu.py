"""Start-up as CPU time: `reader` on the seeds against the bare Textual app, on a loaded machine.

`startup.py` times the launch to the first screen on the clock, which other processes' load
stretches (at a load average of 10 a bare Textual app takes 1.4 s instead of 0.33). This counts
what start-up itself costs: the CPU seconds (user and system, every thread) of a fresh process
from its start until its list is drawn, headless at 80x24 (Pilot), for `bare_app.py` and for
`reader`, interleaved, medians. A warm data folder is used, as in `startup.py`'s warm runs.
`reader` is made as the command line makes it (`reader.cli.library.make_app`, which pauses the
garbage collector until the first frame); a build without it, with `build_app`.

    .venv/bin/python benchmarks/startup_cpu.py [--repeat 9] [--peer PYTHONPATH]

`--peer` measures another checkout's `reader` package (a folder holding it, e.g. from
`git archive main reader | tar -x -C /tmp/main`) with the same interpreter, in the same run.
Run with the installed bytecode in mind: an editable install under `PYTHONDONTWRITEBYTECODE=1`
compiles every module at each start (set `PYTHONPYCACHEPREFIX` to a folder to measure as
installed).
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
SEEDS = BENCH_DIR.parent / "seeds"

PROBE = """
import asyncio, os, resource, sys
from pathlib import Path
kind, seeds, data = sys.argv[1], Path(sys.argv[2]), sys.argv[3]

def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime

async def main() -> None:
    if kind == "bare":
        sys.path.insert(0, sys.argv[4])
        import bare_app
        app = bare_app.BareApp(bare_app.article_files([str(seeds)]))
        ready = lambda: True
    else:
        try:  # as `reader` makes it (the collector paused until the first frame)
            from reader.cli.library import make_app
        except ImportError:  # (a build from before make_app)
            from reader.ui.app import build_app as make_app
        from reader.ui.widgets.article_list import ArticleList
        app = make_app([seeds], Path(data))
        def ready() -> bool:
            lists = app.screen.query(ArticleList)
            return bool(lists) and len(lists.first().articles) > 0
    async with app.run_test(size=(80, 24)) as pilot:
        while not ready():
            await asyncio.sleep(0.002)
        await pilot.pause()
        print(cpu())
        os._exit(0)

asyncio.run(main())
"""


def cpu_of(kind: str, data: Path, pythonpath: str | None) -> float:
    data.mkdir(exist_ok=True)
    env = {**os.environ, "READER_CONFIG": str(data / "config.toml")}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    argv = [sys.executable, "-c", PROBE, kind, str(SEEDS), str(data), str(BENCH_DIR)]
    # (run from the data folder: `-c` puts the working folder first on sys.path, where a
    # checkout's own `reader` would hide the peer's)
    done = subprocess.run(argv, capture_output=True, text=True, env=env, check=True, cwd=data)
    return float(done.stdout.split()[-1])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--peer", help="PYTHONPATH of another checkout's reader package")
    args = parser.parse_args(argv)
    print("$ " + shlex.join([sys.executable, *sys.argv]))
    load = os.getloadavg()[0]
    print(f"# CPU seconds from process start to the list drawn, headless 80x24; load {load:.1f}")
    builds = [("bare", "bare", None), ("reader", "reader", None)]
    if args.peer:
        builds.append(("peer", "reader", args.peer))
    samples: dict[str, list[float]] = {name: [] for name, _, _ in builds}
    with tempfile.TemporaryDirectory() as scratch:
        for name, kind, path in builds:  # the data folders made, migrated and warm
            cpu_of(kind, Path(scratch) / name, path)
        for _ in range(args.repeat):
            for name, kind, path in builds:
                samples[name].append(cpu_of(kind, Path(scratch) / name, path))
    bare = statistics.median(samples["bare"])
    for name, values in samples.items():
        median = statistics.median(values)
        runs = " ".join(f"{1000 * v:.0f}" for v in values)
        print(f"  {name:<7} {1000 * median:6.0f} ms  {median / bare:5.2f}x bare   [{runs}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
