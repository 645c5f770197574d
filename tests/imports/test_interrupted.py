"""An import cut short leaves the store as it was (or whole), never half-written, and the same
import made again then completes it; a full disk refuses the whole import."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.store.arrivals import Arrivals
from reader.store.dirs import DB_FILENAME
from reader.store.errors import DiskFull
from tests.imports.conftest import FIXTURES, Reader, zipped

ROWS = 20_000


def big_pocket(path: Path, rows: int = ROWS) -> Path:
    lines = ["title,url,time_added,cursor,tags,status"]
    lines += [
        f"Article {n},https://site{n % 300}.example.com/a/{n},{1600000000 + n},c{n},"
        f"t{n % 50}|u{n % 7},{'archive' if n % 4 == 0 else 'unread'}"
        for n in range(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def shape(data: Path) -> tuple[int, int, int, int]:
    """Rows of the queue, article states, tag pairs and imports recorded."""
    conn = sqlite3.connect(data / DB_FILENAME)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        counts = tuple(
            conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("fetch_queue", "article_state", "article_tags", "imports")
        )
    finally:
        conn.close()
    return counts  # type: ignore[return-value]


def test_kill_9_in_the_middle_of_an_import_leaves_nothing_half_done(
    reader: Reader, tmp_path: Path
) -> None:
    export = big_pocket(tmp_path / "pocket.csv")
    rng = random.Random(14)
    for _ in range(3):
        child = subprocess.Popen(
            [sys.executable, "-m", "reader", "import", str(export), "--no-fetch"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert child.stdout is not None
        child.stdout.readline()  # the survey: it is writing now
        time.sleep(rng.uniform(0.0, 0.5))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        queued, states, tags, imports = shape(reader.data)
        assert (queued, imports) in ((0, 0), (ROWS, 1))
        assert tags in (0, ROWS * 2)
    assert reader("import", export, "--no-fetch") == 0
    queued, states, tags, imports = shape(reader.data)
    assert queued == ROWS and tags == ROWS * 2 and imports == 1
    assert states >= ROWS  # every article's saved date (and the archived ones' place)


def test_a_full_disk_refuses_the_whole_import(
    reader: Reader, omnivore_zip: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert reader("list") == 0  # a store that exists, with the samples in it
    with reader.store() as store:
        before = store.library.states()

    def full(self: Arrivals, dates: object, batch: object) -> int:
        raise DiskFull(reader.data / DB_FILENAME)

    with monkeypatch.context() as patched:  # (`monkeypatch.undo` would undo isolated_user too)
        patched.setattr(Arrivals, "merge", full)
        assert reader("import", omnivore_zip, "--no-fetch") == 1
    assert reader.err.startswith("reader: ") and "disk" in reader.err.lower()
    with reader.store() as store:
        assert store.queue.counts() == {} and store.highlights.all() == []
        assert store.library.states() == before
        assert store.imports.undo_last() is None
    assert reader("import", omnivore_zip, "--no-fetch") == 0  # the texts written are reused
    assert "1 new (1 to fetch from the web), 2 already in your library" in reader.out
    with reader.store() as store:
        assert store.queue.counts() == {"queued": 1}
        assert len(store.highlights.all()) == 3


def test_texts_written_before_a_failure_are_whole_files(
    reader: Reader, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export = zipped(FIXTURES / "omnivore_zip", tmp_path / "o.zip")

    def full(self: Arrivals, dates: object, batch: object) -> int:
        raise DiskFull(reader.data / DB_FILENAME)

    monkeypatch.setattr(Arrivals, "merge", full)
    assert reader("import", export, "--no-fetch") == 1
    written = sorted((reader.data / "library").rglob("*"))
    assert [p.suffix for p in written if p.is_file()] == [".md", ".md"]
    assert all(p.read_text(encoding="utf-8").startswith("---\n") for p in written if p.is_file())
