"""Whole-or-nothing writes leave nothing behind, even when the writer was killed."""

from __future__ import annotations

import os
import time
from pathlib import Path

from reader.core.files import STALE_AFTER, remove_stale_temporaries, write_atomically


def old_file(path: Path, text: str) -> Path:
    """`path` written with `text`, last touched long enough ago to count as abandoned."""
    path.write_text(text)
    then = time.time() - STALE_AFTER - 60
    os.utime(path, (then, then))
    return path


def test_only_old_temporaries_of_atomic_writes_are_removed(tmp_path: Path) -> None:
    host = tmp_path / "example.org"
    host.mkdir()
    old_file(host / ".essay.md.k3j2.tmp", "half")  # a save killed long ago
    (host / ".notes.md.a8f1.tmp").write_text("half")  # another process writing right now
    old_file(host / ".hidden.md", "the user's own hidden file")
    write_atomically(host / "essay.md", [b"# Essay\n"])
    assert remove_stale_temporaries(tmp_path) == 1
    assert sorted(path.name for path in host.iterdir()) == [
        ".hidden.md",
        ".notes.md.a8f1.tmp",
        "essay.md",
    ]
