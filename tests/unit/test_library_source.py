"""Which version of the index file an index's lines are (`Articles.source`), told by a stat
(`cached_source`): what lets the first screen kept by the last session be shown without
reading the index, and only while the index file is the one its rows came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.library import (
    Articles,
    LibraryIndex,
    cached_index,
    cached_source,
    load_index,
    save_index,
)
from reader.core.library.live import update_index


def _write(path: Path, title: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{title}\n\n" + "word " * 30 + "\n", encoding="utf-8")
    return path


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    _write(folder / "a.txt", "The Alpha")
    _write(folder / "b.txt", "The Beta")
    return folder


def _source(index: LibraryIndex | None) -> object:
    assert index is not None and isinstance(index.articles, Articles)
    return index.articles.source


def test_an_index_read_or_saved_names_the_version_of_the_file(
    library: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "library.idx"
    assert cached_source([library], cache) is None  # no index yet
    built = load_index([library], cache)
    first = cached_source([library], cache)
    assert first is not None and first.roots == (str(library),)
    assert _source(built) == first
    assert _source(cached_index([library], cache)) == first
    assert _source(load_index([library], cache)) == first  # unchanged: not written again
    assert cached_source([library], cache) == first


def test_a_change_is_a_new_version_and_an_unsaved_index_names_none(
    library: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "library.idx"
    index = load_index([library], cache)
    before = cached_source([library], cache)
    changed, _change = update_index(index, _write(library / "c.txt", "The Gamma"))
    assert _source(changed) is None  # (its lines are no file's yet)
    save_index(changed, cache)
    after = cached_source([library], cache)
    assert after is not None and after != before
    assert _source(changed) == after
    assert cached_source([library, tmp_path / "other"], cache) != after  # other folders


def test_a_file_given_alone_is_never_listed_from_the_cache(library: Path, tmp_path: Path) -> None:
    cache = tmp_path / "library.idx"
    index = load_index([library / "a.txt"], cache)
    assert _source(index) is None
    assert cached_source([library / "a.txt"], cache) is None
