"""Two reader processes tagging and archiving the same articles at once: nothing is lost, and
each sees the other's changes.

Each child tags every article with a tag of its own and with one tag both use, moves its half
of the articles to its own location, and tags highlights, all starting at the same instant.
A read-modify-write of a tag list kept in memory would drop the other process's tags here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from reader.core.shelf import Location
from reader.store.state import Store
from tests.e2e.tmux import wait_until

CHILD = """
import sys, time
from pathlib import Path
from reader.core.shelf import Location
from reader.store.state import Store

folder, name, count, go = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
place = Location.ARCHIVE if name == "one" else Location.TRASH
ids = [f"article{n}" for n in range(count)]
mine = ids[: count // 2] if name == "one" else ids[count // 2 :]
store = Store.open(folder)
(go.parent / f"ready-{name}").touch()
while not go.exists():
    time.sleep(0.001)
for n, article in enumerate(ids):
    store.tags.tag([article], [f"by-{name}", "Shared"])
    if n % 10 == 0:
        store.library.move(mine[n // 2 : n // 2 + 5], place)
        store.tags.tag_highlights([f"h{n}"], [name])
store.library.move(mine, place)
print(len(store.library.states()))
"""


def test_two_processes_tagging_and_archiving_lose_nothing(isolated_user: Path) -> None:
    count = 200
    Store.open(isolated_user).close()
    go = isolated_user / "go"
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, str(isolated_user), name, str(count), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=dict(os.environ),
        )
        for name in ("one", "two")
    ]
    ready = [isolated_user / f"ready-{name}" for name in ("one", "two")]
    wait_until(
        lambda: all(path.exists() for path in ready) or any(c.poll() is not None for c in children),
        60,
        "both processes to open the store",
        interval=0.01,
    )
    go.touch()
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err[-2000:]
        assert int(out) == count  # each saw every article, the other's changes included
    with Store.open(isolated_user) as store:
        states = store.library.states()
        for n in range(count):
            state = states[f"article{n}"]
            assert state.tags == ("by-one", "by-two", "Shared"), state
            wanted = Location.ARCHIVE if n < count // 2 else Location.TRASH
            assert state.location is wanted
        counts = {tag.name: tag.articles for tag in store.tags.all()}  # h0... are not highlights
        assert counts == {"by-one": count, "by-two": count, "Shared": count, "one": 0, "two": 0}
        for n in range(0, count, 10):
            assert store.tags.for_highlight(f"h{n}") == ("one", "two")
