"""`reader sync` between two stores of a long-kept library, over a loopback SSH login.

Two stores are generated as `library.py` makes them (50,000 articles with their states and
tags, 20,000 highlights each, by default; the second store's highlights and bookmarks are its
own and its progress differs), then, with the installed `reader` on both sides (the far side
run by a throwaway sshd on 127.0.0.1, as `tests/e2e/ssh.py` starts it; `--local` runs the far
side through a pipe instead of ssh):

- the first full sync: wall time, bytes sent and received, peak memory of each side;
- 100 changes on one side (50 notes edited, 25 articles archived, 25 tagged) reaching the
  other: wall time (and minus one ssh login, measured apart), bytes, memory; repeated;
- a sync with nothing to do.

Targets (issue 15): 100 changes in at most 1 s after the login, a first full sync in at most
20 s, memory at most 300 MB on either side, what is sent for 100 changes in kilobytes.

    .venv/bin/python benchmarks/sync.py [--articles 50000] [--highlights 20000] [--repeat 5]
                                        [--local]
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import library  # benchmarks/ is sys.path[0] when this file is run as a script

from reader.core.shelf import Location
from reader.store.state import Store

REPO = Path(__file__).resolve().parent.parent
READER = Path(sys.executable).parent / "reader"
#: Runs `reader` with the arguments after the first, and writes its peak memory (KB) and its
#: CPU time (s) there: on a loaded machine the CPU time says what wall time cannot.
MEASURED = (
    "import resource, sys; from reader.cli.main import main; code = main(sys.argv[2:]); "
    "r = resource.getrusage(resource.RUSAGE_SELF); "
    "open(sys.argv[1], 'w').write(f'{r.ru_maxrss} {r.ru_utime + r.ru_stime}'); "
    "sys.exit(code)"
)
#: Stands in for ssh with `--local`: runs the remote command line (the last argument) here.
LOCAL_SSH = "import os, sys; os.execvp('sh', ['sh', '-c', sys.argv[-1]])"


def make_stores(root: Path, articles: int, highlights: int) -> tuple[Path, Path]:
    here, there = root / "laptop", root / "server"
    library.generate(here, articles, max(1, articles // 10), highlights)
    library.generate(there, articles, max(1, articles // 10), highlights)
    with Store.open(there) as store, store._db.write() as conn:  # setup only
        conn.execute("UPDATE highlights SET id = 'x' || id")
        conn.execute("UPDATE bookmarks SET id = 'x' || id")
        conn.execute("UPDATE article_state SET progress = (progress + 7) % 101")
    return here, there


def change_100(folder: Path, round_: int) -> None:
    with Store.open(folder) as store:
        for highlight in store.highlights.all()[:50]:
            store.highlights.set_note(highlight.id, f"edited {round_}", highlight.revision)
        ids = [f"{n:012x}" for n in range(round_ * 50, round_ * 50 + 50)]
        store.library.move(ids[:25], Location.ARCHIVE)
        store.tags.tag(ids[25:], [f"round {round_}"])


def measured(path: Path) -> tuple[int, float]:
    """A side's peak memory (KB) and CPU seconds, as MEASURED wrote them."""
    memory, cpu = path.read_text().split()
    return int(memory), float(cpu)


def run_sync(here: Path, target: str, memory: Path) -> tuple[float, int, int, int, float]:
    """One `reader sync`: seconds, bytes sent, bytes received, this side's peak memory (KB)
    and CPU seconds."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURED, str(memory), "--data-dir", str(here), "sync", target],
        capture_output=True,
        text=True,
        check=False,
    )
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"sync failed: {done.stderr.strip()}")
    found = re.search(r"(\d+) bytes sent, (\d+) received", done.stdout)
    assert found, done.stdout
    return took, int(found.group(1)), int(found.group(2)), *measured(memory)


def login_seconds(ssh: list[str], host: str) -> float:
    times = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run([*ssh, host, "true"], check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--highlights", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--local", action="store_true", help="no sshd: the far side via a pipe")
    parser.add_argument("--keep", action="store_true", help="keep the two stores made")
    options = parser.parse_args()
    print("command:", shlex.join([sys.executable, *sys.argv]))
    root = Path(tempfile.mkdtemp(prefix="reader-sync-bench-"))
    here, there = make_stores(root, options.articles, options.highlights)
    far_memory = root / "far.kb"
    remote = shlex.join(
        [sys.executable, "-c", MEASURED, str(far_memory), "--data-dir", str(there), "sync"]
    )
    os.environ["READER_SYNC_REMOTE"] = remote + " --serve"
    server = None
    if options.local:
        os.environ["READER_SYNC_SSH"] = shlex.join([sys.executable, "-c", LOCAL_SSH])
        target, login = "me@local", 0.0
    else:
        sys.path.insert(0, str(REPO))
        from tests.e2e.ssh import SshServer

        server = SshServer()
        server.start()
        ssh = server.ssh_argv("true", tty=False)[:-3]
        os.environ["READER_SYNC_SSH"] = shlex.join(ssh)
        target = f"{server.user}@127.0.0.1"
        login = login_seconds(ssh, target)
    try:
        report(here, target, root, far_memory, login, options)
    finally:
        if server is not None:
            server.stop()
        if not options.keep:  # (two 50,000-article stores: 100 MB a run)
            shutil.rmtree(root, ignore_errors=True)


def report(
    here: Path, target: str, root: Path, far: Path, login: float, options: argparse.Namespace
) -> None:
    print(
        f"{options.articles:,} articles, {options.highlights:,} highlights on each side; "
        f"one ssh login: {login * 1000:.0f} ms"
    )
    took, sent, received, memory, cpu = run_sync(here, target, root / "near.kb")
    far_memory, far_cpu = measured(far)
    print(
        f"first full sync: {took:.1f} s, sent {sent / 1e6:.1f} MB, received "
        f"{received / 1e6:.1f} MB; peak memory here {memory / 1024:.0f} MB, far side "
        f"{far_memory / 1024:.0f} MB; CPU here {cpu:.1f} s, far side {far_cpu:.1f} s"
    )
    rows = []
    for round_ in range(options.repeat):
        change_100(here, round_)
        rows.append((*run_sync(here, target, root / "near.kb"), *measured(far)))
    seconds = statistics.median(row[0] for row in rows)
    print(
        f"100 changes: median {seconds:.2f} s ({seconds - login:.2f} s after the login), "
        f"sent {statistics.median(r[1] for r in rows) / 1024:.1f} KB, received "
        f"{statistics.median(r[2] for r in rows) / 1024:.1f} KB; peak memory here "
        f"{max(r[3] for r in rows) / 1024:.0f} MB, far side "
        f"{max(r[5] for r in rows) / 1024:.0f} MB; "
        f"CPU median here {statistics.median(r[4] for r in rows):.2f} s, far side "
        f"{statistics.median(r[6] for r in rows):.2f} s"
    )
    idle = [run_sync(here, target, root / "near.kb")[0] for _ in range(options.repeat)]
    print(f"nothing to do: median {statistics.median(idle):.2f} s")


if __name__ == "__main__":
    main()
