"""The index kept current one path at a time (`update_index`), and what a first run hands over
while it reads (`partial`, the process pool, stopping)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.core.library import LibraryIndex, cached_index, load_index, parallel
from reader.core.library.live import update_index
from reader.core.text.parse import parse_file


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def article(title: str, date: str = "", words: int = 40) -> str:
    head = f"{title}\n\n" + (f"{date}\n\n" if date else "")
    return head + " ".join(["word"] * words) + ".\n"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    write(folder / "a.txt", article("The Alpha", "March 1, 2024"))
    write(folder / "b.txt", article("The Beta", "March 2, 2024"))
    write(folder / "sub" / "c.txt", article("The Gamma"))
    return folder


def titles(index: LibraryIndex) -> list[str]:
    return [meta.title for meta in index.articles]


def test_a_changed_file_is_read_again_and_saved(library: Path, tmp_path: Path) -> None:
    cache = tmp_path / "index.idx"
    index = load_index([library], cache)
    write(library / "a.txt", article("Alpha once more", "March 3, 2024"))
    updated, change = update_index(index, library / "a.txt", cache)
    assert titles(updated) == ["Alpha once more", "The Beta", "The Gamma"]  # newest first
    assert [meta.title for meta in change.updated] == ["Alpha once more"]
    assert not change.added and not change.removed
    assert load_index([library], cache).articles == updated.articles  # saved: nothing to read
    assert cached_index([library], cache) == LibraryIndex(articles=updated.articles)


def test_a_new_file_appears_in_its_place(library: Path, tmp_path: Path) -> None:
    index = load_index([library], tmp_path / "index.idx")
    write(library / "sub" / "b.txt", article("Undated too"))
    updated, change = update_index(index, library / "sub" / "b.txt", tmp_path / "index.idx")
    assert titles(updated) == [
        "The Beta",
        "The Alpha",
        "Undated too",
        "The Gamma",
    ]  # the walk's order
    assert [meta.title for meta in change.added] == ["Undated too"]
    assert titles(updated) == titles(load_index([library]))


def test_a_vanished_file_or_folder_is_dropped(library: Path, tmp_path: Path) -> None:
    cache = tmp_path / "index.idx"
    index = load_index([library], cache)
    gamma = next(meta for meta in index.articles if meta.title == "The Gamma")
    (library / "sub" / "c.txt").unlink()
    (library / "sub").rmdir()
    updated, change = update_index(index, library / "sub", cache)
    assert titles(updated) == ["The Beta", "The Alpha"]
    assert change.removed == (gamma.id,)
    assert titles(load_index([library], cache)) == ["The Beta", "The Alpha"]


def test_a_folder_moved_in_is_walked(library: Path, tmp_path: Path) -> None:
    index = load_index([library], tmp_path / "index.idx")
    write(tmp_path / "elsewhere" / "d.txt", article("The Delta", "May 1, 2024"))
    write(tmp_path / "elsewhere" / "e.md", "# The Epsilon\n\nSome text of it.\n")
    (tmp_path / "elsewhere").rename(library / "moved")
    updated, change = update_index(index, library / "moved", tmp_path / "index.idx")
    assert sorted(meta.title for meta in change.added) == ["The Delta", "The Epsilon"]
    assert titles(updated) == titles(load_index([library]))


def test_a_file_that_became_binary_is_a_problem(library: Path, tmp_path: Path) -> None:
    index = load_index([library], tmp_path / "index.idx")
    alpha = next(meta for meta in index.articles if meta.title == "The Alpha")
    (library / "a.txt").write_bytes(b"\x00\x01\x02" * 100)
    updated, change = update_index(index, library / "a.txt", tmp_path / "index.idx")
    assert titles(updated) == ["The Beta", "The Gamma"]
    assert change.removed == (alpha.id,)
    assert [problem.reason for problem in change.problems] == ["binary file"]
    assert [problem.reason for problem in updated.problems] == ["binary file"]
    write(library / "a.txt", article("The Alpha", "March 1, 2024"))
    fixed, change = update_index(updated, library / "a.txt", tmp_path / "index.idx")
    assert titles(fixed) == titles(index)
    assert fixed.problems == [] and change.added


def test_paths_outside_hidden_or_not_articles_change_nothing(library: Path, tmp_path: Path) -> None:
    index = load_index([library], tmp_path / "index.idx")
    write(tmp_path / "outside.txt", article("The Outside"))
    write(library / ".hidden" / "x.txt", article("The Hidden"))
    write(library / "notes.pdf", "not an article")
    for path in (tmp_path / "outside.txt", library / ".hidden" / "x.txt", library / "notes.pdf"):
        updated, change = update_index(index, path, tmp_path / "index.idx")
        assert not change
        assert updated.articles == index.articles
        index = updated


def test_an_unchanged_file_is_not_read(
    library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = load_index([library], tmp_path / "index.idx")

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("read again")

    monkeypatch.setattr(parallel, "quick_meta", fail)
    updated, change = update_index(index, library, tmp_path / "index.idx")
    assert not change
    assert updated.articles == index.articles


def test_an_index_not_from_load_index_cannot_be_updated(library: Path) -> None:
    with pytest.raises(ValueError, match="load_index"):
        update_index(LibraryIndex(), library / "a.txt")


def test_the_quick_metadata_is_what_the_parser_finds(seeds_dir: Path) -> None:
    """The index reads only a file's head and tail; the parser, opening it, agrees (but on the
    word count, which the index counts without cleaning the middle)."""
    for meta in load_index([seeds_dir]).articles:
        full = parse_file(Path(meta.path), seeds_dir).meta
        assert (meta.id, meta.title, meta.source, meta.byline, meta.date, meta.url) == (
            full.id,
            full.title,
            full.source,
            full.byline,
            full.date,
            full.url,
        )
        assert meta.content_hash == full.content_hash
        assert meta.reading_minutes == full.reading_minutes


# A first run: many files, read in a pool, the list handed over as it fills in.


def many(folder: Path, count: int) -> Path:
    for number in range(count):
        day = 1 + number % 28
        write(folder / f"{number:04d}.txt", article(f"Article {number}", f"March {day}, 2020"))
    return folder


def test_a_first_run_hands_over_the_list_as_it_fills_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "POOL_FROM", 20)
    monkeypatch.setattr("reader.core.library.index.PARTIAL_EVERY", 0.0)
    folder = many(tmp_path / "lib", 120)
    seen: list[int] = []
    index = load_index(
        [folder], tmp_path / "index.idx", partial=lambda p: seen.append(len(p.articles))
    )
    assert len(index.articles) == 120
    assert seen and seen[0] < 120 and seen == sorted(seen)
    assert titles(index) == titles(load_index([folder]))  # the pool reads as this process does


def test_stopping_a_first_run_stops_its_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app quits while a big first run reads: `progress` raises, the run stops at once."""
    monkeypatch.setattr(parallel, "POOL_FROM", 10)
    monkeypatch.setattr("reader.core.library.index.PROGRESS_EVERY", 1)
    folder = many(tmp_path / "lib", 300)

    class Quit(Exception):
        pass

    def quit_soon(read: int) -> None:
        if read >= 15:
            raise Quit

    with pytest.raises(Quit):
        load_index([folder], tmp_path / "index.idx", progress=quit_soon)
    assert not (tmp_path / "index.idx").exists()  # nothing half written
    assert len(load_index([folder], tmp_path / "index.idx").articles) == 300


def test_relative_paths_are_as_the_parser_makes_them() -> None:
    assert parallel.relative_path("/lib/sub/a.txt", "/lib") == "sub/a.txt"
    assert parallel.relative_path("/lib/sub/a.txt", "/lib/") == "sub/a.txt"
    assert parallel.relative_path("/a.txt", "/") == "a.txt"
    assert parallel.relative_path("/other/a.txt", "/lib") == "a.txt"
    assert os.sep == "/" or parallel.relative_path("C:\\l\\a.txt", "C:\\l") == "a.txt"


def test_a_check_of_a_cached_library_hands_over_no_partial_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cached list is on screen meanwhile: a partial one would shrink it."""
    monkeypatch.setattr("reader.core.library.index.PARTIAL_EVERY", 0.0)
    folder = many(tmp_path / "lib", 30)
    load_index([folder], tmp_path / "index.idx")
    write(folder / "0001.txt", article("Changed since", "March 9, 2021"))
    seen: list[int] = []
    index = load_index([folder], tmp_path / "index.idx", partial=lambda p: seen.append(1))
    assert seen == []
    assert "Changed since" in titles(index)


def test_workers_that_die_leave_their_files_to_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed, out of memory: the files a dead worker had are read here, none is lost."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    def dying_pool(workers: int) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("spawn")
        return ProcessPoolExecutor(2, mp_context=context, initializer=os._exit, initargs=(1,))

    monkeypatch.setattr(parallel, "POOL_FROM", 20)
    monkeypatch.setattr(parallel, "_start_pool", dying_pool)
    folder = many(tmp_path / "lib", 150)
    index = load_index([folder], tmp_path / "index.idx")
    assert len(index.articles) == 150 and index.problems == []
