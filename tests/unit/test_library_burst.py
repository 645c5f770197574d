"""A burst of changed paths taken in at once (`update_paths`: pages fetched in the background
arrive by the dozen) gives the list, the problems and the cache that taking them in one by one
gives."""

from __future__ import annotations

from pathlib import Path

from reader.core.library import cached_index, load_index
from reader.core.library.live import update_index, update_paths
from tests.unit.test_library_live import article, titles, write


def test_a_burst_is_the_same_as_its_paths_one_by_one(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    for n in range(6):
        write(library / "site" / f"page-{n}.txt", article(f"Page {n}", f"March {n + 1}, 2024"))
    write(library / "old.txt", article("Going away"))
    index = load_index([library], tmp_path / "one.idx")
    burst = load_index([library], tmp_path / "burst.idx")

    arrived = [write(library / "site" / f"new-{n}.txt", article(f"New {n}")) for n in range(5)]
    write(library / "site" / "page-2.txt", article("Page 2 again", "March 9, 2024"))
    write(library / "broken.md", "\x00" * 64)  # a problem, listed as such
    (library / "old.txt").unlink()
    paths = [*arrived, library / "site" / "page-2.txt", library / "broken.md", library / "old.txt"]
    paths.append(tmp_path / "elsewhere.md")  # outside the library: nothing

    for path in paths:
        index = update_index(index, path, tmp_path / "one.idx")[0]
    together, change = update_paths(burst, paths, tmp_path / "burst.idx")

    assert titles(together) == titles(index)
    assert "Page 2 again" in titles(together) and "Going away" not in titles(together)
    assert together.problems == index.problems and together.problems
    assert sorted(meta.title for meta in change.added) == [f"New {n}" for n in range(5)]
    assert [meta.title for meta in change.updated] == ["Page 2 again"]
    assert len(change.removed) == 1
    saved = cached_index([library], tmp_path / "burst.idx")
    assert saved is not None and titles(saved) == titles(together)
