"""A few changed files applied to the library index without reading the library whole."""

from __future__ import annotations

from pathlib import Path

from reader.core.library import load_index
from reader.ui.index_patch import patched_index


def _write(folder: Path, name: str, title: str) -> Path:
    path = folder / name
    path.write_text(f"---\ntitle: {title}\n---\n\nWords.\n", encoding="utf-8")
    return path


def test_new_edited_and_removed_files_are_applied(tmp_path: Path) -> None:
    for name in ("a", "b", "c"):
        _write(tmp_path, f"{name}.md", name.upper())
    index = load_index([tmp_path])
    new = _write(tmp_path, "d.md", "D")
    edited = _write(tmp_path, "b.md", "B, edited")
    gone = tmp_path / "c.md"
    gone.unlink()
    patched = patched_index(index, {str(new), str(edited), str(gone)}, [tmp_path])
    assert patched is not None
    assert sorted(meta.title for meta in patched.articles) == ["A", "B, edited", "D"]
    whole = load_index([tmp_path])
    assert {meta.id: meta.title for meta in patched.articles} == {
        meta.id: meta.title for meta in whole.articles
    }


def test_folders_and_unreadable_files_mean_reading_it_whole(tmp_path: Path) -> None:
    _write(tmp_path, "a.md", "A")
    index = load_index([tmp_path])
    folder = tmp_path / "sub"
    folder.mkdir()
    assert patched_index(index, {str(folder)}, [tmp_path]) is None
    outside = tmp_path.parent / "elsewhere.md"
    assert (
        patched_index(index, {str(_write(tmp_path.parent, outside.name, "X"))}, [tmp_path]) is None
    )
    assert patched_index(index, {str(tmp_path / f"{n}.md") for n in range(60)}, [tmp_path]) is None
