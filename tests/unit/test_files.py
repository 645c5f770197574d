"""Whole-or-nothing writes leave nothing behind, even when the writer was killed."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

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


def test_the_bytes_are_on_the_disk_before_the_new_name_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A power cut right after a save must not leave the article's name on an empty file:
    the temporary file is synced before it is renamed into place."""
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append(f"fsync {os.fstat(fd).st_size}")
        real_fsync(fd)

    def replace(source: str | Path, target: str | Path) -> None:
        events.append(f"rename to {Path(target).name}")
        real_replace(source, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    write_atomically(tmp_path / "page.md", [b"# Page\n", b"words\n"])
    assert events == ["fsync 13", "rename to page.md"]
    assert (tmp_path / "page.md").read_bytes() == b"# Page\nwords\n"
