"""kill -9 during a burst of writes loses at most the write in flight, and damages nothing.

A child process saves highlights through the real store and prints each id only after the save
returned (committed); the test kills it at random moments, over and over on the same database,
then checks that every printed id is there with its exact words and note.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from reader.store.state import DB_FILENAME, Store

BODY = " ".join(
    f"Sentence number {n} of the crash article says something about keeping notes safe."
    for n in range(200)
)

CHILD = """
import sys
from pathlib import Path
from reader.store.state import Store

body, run = sys.argv[2], sys.argv[3]
store = Store.open(Path(sys.argv[1]))
n = 0
while True:
    start = (n * 97) % (len(body) - 80)
    made = store.highlights.add("crash", body, start, start + 60, note=f"{run}-{n}")
    if n % 3 == 0:
        store.highlights.set_note(made.id, f"{run}-{n} edited", made.revision)
    store.bookmarks.add("crash", n, label=f"{run}-{n}")
    print(made.id, start, n, flush=True)
    n += 1
"""

KILLS = 32


def test_sigkill_in_a_burst_loses_nothing_that_was_committed(isolated_user: Path) -> None:
    rng = random.Random(1234)
    printed: list[tuple[str, int, str]] = []
    for run in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(isolated_user), BODY, str(run)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        first = child.stdout.readline()  # it is writing now
        assert first, child.stderr.read() if child.stderr else ""
        time.sleep(rng.uniform(0, 0.08))
        os.kill(child.pid, signal.SIGKILL)
        rest = child.stdout.read()
        child.wait()
        lines = [first, *rest.splitlines(keepends=True)]
        for line in lines:
            if not line.endswith("\n"):
                continue  # cut off mid-print: the save may or may not have committed
            ident, start, n = line.split()
            printed.append((ident, int(start), f"{run}-{n}"))
    assert len(printed) > KILLS

    path = isolated_user / DB_FILENAME
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()
    with Store.open(isolated_user) as store:
        saved = {h.id: h for h in store.highlights.all()}
        labels = {b.label for b in store.bookmarks.for_article("crash")}
        for ident, start, tag in printed:
            highlight = saved[ident]
            assert highlight.quote == BODY[start : start + 60].strip()
            assert highlight.note in (tag, f"{tag} edited")
            assert tag in labels
