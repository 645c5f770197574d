"""The fingerprint of a library's files: what `reader search` trusts to skip reading the library."""

from __future__ import annotations

import os
from pathlib import Path

from reader.core.library.fingerprint import fingerprint


def _library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.md").write_text("# A\n\none\n", encoding="utf-8")
    (folder / "sub" / "b.txt").write_text("B\n\ntwo\n", encoding="utf-8")
    return folder


def test_equal_while_nothing_changes_and_different_after_each_kind_of_change(
    tmp_path: Path,
) -> None:
    folder = _library(tmp_path)
    database = tmp_path / "reader.sqlite3"
    first = fingerprint([folder], [database])
    assert first is not None and fingerprint([folder], [database]) == first
    seen = {first}

    def changed() -> str:
        now = fingerprint([folder], [database])
        assert now is not None and now not in seen
        seen.add(now)
        return now

    (folder / "sub" / "c.html").write_text("<p>three</p>", encoding="utf-8")
    changed()
    (folder / "a.md").write_text("# A\n\nONE\n", encoding="utf-8")  # same size, new mtime
    os.utime(folder / "a.md", ns=(1, 1))
    changed()
    (folder / "sub" / "b.txt").rename(folder / "sub" / "b2.txt")
    changed()
    (folder / "sub" / "c.html").unlink()
    changed()
    database.write_bytes(b"x")  # imported articles not fetched yet live there
    changed()


def test_other_files_and_hidden_ones_do_not_count(tmp_path: Path) -> None:
    folder = _library(tmp_path)
    first = fingerprint([folder])
    (folder / "picture.png").write_bytes(b"png")
    (folder / ".draft.md").write_text("# hidden", encoding="utf-8")
    (folder / ".git").mkdir()
    (folder / ".git" / "x.md").write_text("# hidden", encoding="utf-8")
    assert fingerprint([folder]) == first


def test_what_the_quick_walk_does_not_judge_gives_none(tmp_path: Path) -> None:
    folder = _library(tmp_path)
    (folder / "link.md").symlink_to(folder / "a.md")
    assert fingerprint([folder]) is None
    (folder / "link.md").unlink()
    (folder / "elsewhere").symlink_to(tmp_path)
    assert fingerprint([folder]) is None
    assert fingerprint([tmp_path / "missing"]) is None
