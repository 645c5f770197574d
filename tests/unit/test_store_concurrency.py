"""Two to four reader processes annotating at once: nobody sees an error, nobody loses a write.

Each child adds highlights and then a note on each (a read followed by a write, the pattern that
breaks with DEFERRED transactions), all starting at the same instant. The same test run with
DEFERRED transactions must fail, which shows it really exercises the contention.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reader.store.state import DB_FILENAME, Store
from tests.e2e.tmux import wait_until

CHILD = """
import os, sys, time
from pathlib import Path
from reader.store.connection import Database
from reader.store.state import Store
from reader.store.db import StoreError

folder, name, count, go = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
if os.environ.get("READER_TEST_DEFERRED"):
    Database._begin = "BEGIN DEFERRED"
body = " ".join(f"{name} writes sentence {n} of its own article." for n in range(count))
store = Store.open(folder)
(go.parent / f"ready-{name}").touch()
while not go.exists():
    time.sleep(0.001)
errors = 0
for n in range(count):
    start = body.index(f"sentence {n} ")
    try:
        made = store.highlights.add(name, body, start, start + 12)
        store.highlights.set_note(made.id, f"{name} note {n}", made.revision)
    except StoreError as error:
        errors += 1
        print("error:", error, file=sys.stderr)
print(errors)
"""


def run_writers(folder: Path, writers: int, count: int, deferred: bool) -> list[tuple[int, str]]:
    Store.open(folder).close()  # created and migrated once, as by the first window
    go = folder / "go"
    env = {"READER_TEST_DEFERRED": "1"} if deferred else {}
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, str(folder), f"writer{w}", str(count), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**_environment(), **env},
        )
        for w in range(writers)
    ]
    # Every child has imported and opened the store before the start signal.
    ready = [folder / f"ready-writer{w}" for w in range(writers)]
    wait_until(
        lambda: all(path.exists() for path in ready) or any(c.poll() is not None for c in children),
        60,
        f"{writers} writers to open the store",
        interval=0.01,
    )
    go.touch()
    results = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        results.append((int(out.strip() or -1), err))
    return results


def _environment() -> dict[str, str]:
    import os

    return dict(os.environ)


@pytest.mark.parametrize("writers", [2, 4])
def test_simultaneous_writers_lose_nothing(isolated_user: Path, writers: int) -> None:
    count = 300
    results = run_writers(isolated_user, writers, count, deferred=False)
    assert [errors for errors, _ in results] == [0] * writers, results[0][1][-500:]
    with Store.open(isolated_user) as store:
        for w in range(writers):
            notes = sorted(h.note for h in store.highlights.for_article(f"writer{w}"))
            assert notes == sorted(f"writer{w} note {n}" for n in range(count))
    assert (isolated_user / DB_FILENAME).exists()


def test_deferred_transactions_would_fail_this_test(isolated_user: Path) -> None:
    results = run_writers(isolated_user, 4, 300, deferred=True)
    errors = sum(count for count, _ in results)
    assert errors > 0, "the workload did not contend: the test above would prove nothing"
    assert any("database is locked" in err for _, err in results)
