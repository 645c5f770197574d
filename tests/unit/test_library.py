"""Discovery of article files, the cached index, ordering and lookup."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.core.article import ArticleMeta, resolve_id
from reader.core.library import (
    Problem,
    bundled_seeds_dir,
    discover,
    load_article,
    load_index,
    parallel,
)
from reader.core.library import cache as library_cache
from reader.core.text.parse import ParseError, article_id
from reader.core.text.quick import quick_meta
from reader.store.dirs import default_roots, library_dir

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def write(path: Path, text: str = "A title\n\nSome words of body text.\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def found(paths: list[Path]) -> tuple[list[tuple[Path, Path]], list[Problem]]:
    problems: list[Problem] = []
    return list(discover(paths, problems)), problems


def names(pairs: list[tuple[Path, Path]], root: Path) -> list[str]:
    return [file.relative_to(root).as_posix() for file, _ in pairs]


Reader = Callable[..., ArticleMeta]
"""What indexing reads a file with: `quick_meta(data, path=..., relative_path=...)`."""


class Spy:
    """Counts the files indexing reads (a few files are read in this process)."""

    def __init__(self) -> None:
        self.calls: list[Path] = []

    def __call__(self, data: bytes, *, path: str, relative_path: str) -> ArticleMeta:
        self.calls.append(Path(path))
        return quick_meta(data, path=path, relative_path=relative_path)


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> Spy:
    spy = Spy()
    monkeypatch.setattr(parallel, "quick_meta", spy)
    return spy


@pytest.fixture
def fake_parse(monkeypatch: pytest.MonkeyPatch) -> Reader:
    """A reader driven by the file: `date: …` lines set the date, `BROKEN` fails to parse."""

    def parse(data: bytes, *, path: str, relative_path: str) -> ArticleMeta:
        text = data.decode("utf-8")
        if text.startswith("BROKEN"):
            raise ParseError("no text in it")
        date = None
        for line in text.splitlines():
            if line.startswith("date: "):
                date = line.removeprefix("date: ")
        return ArticleMeta(
            id=article_id(relative_path), path=path, title=relative_path, date=date, words=3
        )

    monkeypatch.setattr(parallel, "quick_meta", parse)
    return parse


# Discovery ---------------------------------------------------------------------------------


def test_nested_folders_in_name_order(tmp_path: Path) -> None:
    for name in ("b.txt", "a/z.md", "a/b/c.html", "c.htm", "A.TXT", "skip.pdf", "notes"):
        write(tmp_path / name)
    pairs, problems = found([tmp_path])
    assert names(pairs, tmp_path) == ["A.TXT", "a/b/c.html", "a/z.md", "b.txt", "c.htm"]
    assert {root for _, root in pairs} == {tmp_path}
    assert problems == []


def test_hidden_files_and_folders_are_skipped(tmp_path: Path) -> None:
    write(tmp_path / ".hidden.txt")
    write(tmp_path / ".git" / "x.txt")
    write(tmp_path / "shown.txt")
    pairs, problems = found([tmp_path])
    assert names(pairs, tmp_path) == ["shown.txt"]
    assert problems == []


def test_single_file_uses_its_parent_as_root(tmp_path: Path) -> None:
    article = write(tmp_path / "sub" / "one.txt")
    pairs, _ = found([article])
    assert pairs == [(article, article.parent)]


def test_missing_path_and_wrong_suffix_are_problems(tmp_path: Path) -> None:
    write(tmp_path / "paper.pdf")
    pairs, problems = found([tmp_path / "nope", tmp_path / "paper.pdf"])
    assert pairs == []
    assert problems[0].reason == "no such file or folder"
    assert problems[0].path == str(tmp_path / "nope")
    assert "not an article file" in problems[1].reason


def test_symlink_loop_is_not_followed(tmp_path: Path) -> None:
    write(tmp_path / "a" / "x.txt")
    (tmp_path / "a" / "loop").symlink_to(tmp_path)
    (tmp_path / "a" / "self").symlink_to(tmp_path / "a")
    pairs, problems = found([tmp_path])
    assert names(pairs, tmp_path) == ["a/x.txt"]
    assert len(problems) == 2
    assert all("loop" in problem.reason for problem in problems)


def test_symlinks_leaving_the_root_are_not_followed(tmp_path: Path) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    write(outside / "secret.txt")
    write(root / "inside.txt")
    (root / "out").symlink_to(outside)
    (root / "out.txt").symlink_to(outside / "secret.txt")
    pairs, problems = found([root])
    assert names(pairs, root) == ["inside.txt"]
    assert sorted(problem.path for problem in problems) == [
        str(root / "out"),
        str(root / "out.txt"),
    ]
    assert all("outside" in problem.reason for problem in problems)


def test_symlinks_inside_the_root_are_followed_once(tmp_path: Path) -> None:
    write(tmp_path / "b" / "x.txt")
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "c.txt").symlink_to(tmp_path / "b" / "x.txt")
    pairs, problems = found([tmp_path])
    assert names(pairs, tmp_path) == ["a/x.txt"]
    assert problems == []


def test_broken_symlink_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    pairs, problems = found([tmp_path])
    assert pairs == []
    assert [problem.reason for problem in problems] == ["broken symlink"]


def test_fifo_is_never_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    write(tmp_path / "real.txt")
    pairs, problems = found([tmp_path])
    assert names(pairs, tmp_path) == ["real.txt"]
    assert [problem.path for problem in problems] == [str(tmp_path / "pipe.txt")]
    index = load_index([tmp_path])  # would hang forever if the FIFO were opened
    assert len(index.articles) == 1


def test_overlapping_paths_yield_each_file_once(tmp_path: Path) -> None:
    write(tmp_path / "sub" / "x.txt")
    pairs, _ = found([tmp_path, tmp_path / "sub", tmp_path / "sub" / "x.txt"])
    assert len(pairs) == 1


@pytest.mark.skipif(IS_ROOT, reason="root can read everything")
def test_unreadable_folder_and_file_are_problems(tmp_path: Path) -> None:
    write(tmp_path / "locked" / "x.txt")
    secret = write(tmp_path / "secret.txt")
    write(tmp_path / "ok.txt")
    (tmp_path / "locked").chmod(0)
    secret.chmod(0)
    try:
        index = load_index([tmp_path])
    finally:
        (tmp_path / "locked").chmod(0o700)
        secret.chmod(0o600)
    assert [Path(meta.path).name for meta in index.articles] == ["ok.txt"]
    assert sorted(Path(problem.path).name for problem in index.problems) == ["locked", "secret.txt"]


def test_read_error_while_parsing_is_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "x.txt")

    def denied(data: bytes, *, path: str, relative_path: str) -> ArticleMeta:
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(parallel, "quick_meta", denied)
    index = load_index([tmp_path], tmp_path / "cache.idx")
    assert index.articles == []
    assert index.problems == [Problem(str(tmp_path / "x.txt"), "permission denied")]


def test_unreadable_file_is_not_cached_as_broken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chmod fixes an unreadable file without changing its mtime: it must be tried again."""
    article = write(tmp_path / "x.txt")
    cache = tmp_path / "cache.idx"

    def denied(data: bytes, *, path: str, relative_path: str) -> ArticleMeta:
        try:
            raise PermissionError(13, "Permission denied", path)
        except OSError as error:
            raise ParseError("cannot read file: permission denied") from error

    monkeypatch.setattr(parallel, "quick_meta", denied)
    index = load_index([tmp_path], cache)
    assert index.problems == [Problem(str(article), "cannot read file: permission denied")]
    monkeypatch.setattr(parallel, "quick_meta", quick_meta)
    index = load_index([tmp_path], cache)
    assert index.problems == []
    assert len(index.articles) == 1


# Index and cache ---------------------------------------------------------------------------


def test_seeds_are_indexed(seeds_dir: Path) -> None:
    index = load_index([seeds_dir])
    assert len(index.articles) == 5
    assert index.problems == []
    assert len({meta.id for meta in index.articles}) == 5


def test_second_load_parses_nothing(tmp_path: Path, spy: Spy) -> None:
    for number in range(5):
        write(tmp_path / "lib" / f"{number}.txt", f"Title {number}\n\nBody {number}.\n")
    cache = tmp_path / "cache" / "index.idx"
    first = load_index([tmp_path / "lib"], cache)
    assert len(spy.calls) == 5
    spy.calls.clear()
    second = load_index([tmp_path / "lib"], cache)
    assert spy.calls == []
    assert second == first
    assert [p.name for p in cache.parent.iterdir()] == ["index.idx"]  # no temp files left


def test_unchanged_cache_is_not_rewritten(tmp_path: Path, spy: Spy) -> None:
    write(tmp_path / "lib" / "a.txt")
    cache = tmp_path / "index.idx"
    load_index([tmp_path / "lib"], cache)
    os.utime(cache, ns=(0, 0))
    load_index([tmp_path / "lib"], cache)
    assert cache.stat().st_mtime_ns == 0


def test_changed_file_is_parsed_again(tmp_path: Path, spy: Spy) -> None:
    a = write(tmp_path / "lib" / "a.txt", "First title\n\nBody.\n")
    write(tmp_path / "lib" / "b.txt")
    cache = tmp_path / "index.idx"
    load_index([tmp_path / "lib"], cache)
    spy.calls.clear()
    write(a, "Second title\n\nA longer body than before.\n")
    index = load_index([tmp_path / "lib"], cache)
    assert spy.calls == [a]
    assert "Second title" in [meta.title for meta in index.articles]


def test_touched_file_is_parsed_again(tmp_path: Path, spy: Spy) -> None:
    a = write(tmp_path / "a.txt")
    cache = tmp_path / "cache.idx"
    load_index([a], cache)
    spy.calls.clear()
    os.utime(a, ns=(1, 1))
    load_index([a], cache)
    assert spy.calls == [a]


def _damaged(sound: bytes) -> list[bytes]:
    """Ways a cache file gets damaged: emptied, cut, overwritten, or another format."""
    magic = library_cache.MAGIC.encode() + b"\n"
    header_end = sound.index(b"\n", len(magic)) + 1
    return [
        b"",
        b"{not json",
        b"\xff\xfe",
        b"[" * 100000,
        sound[: len(sound) // 2],
        sound[:header_end] + b"\x00" * (len(sound) - header_end),
        sound.replace(b'"articles":1', b'"articles":7'),
        sound + b"trailing",
        magic + b"{}\n",
    ]


@pytest.mark.parametrize("case", range(9))
def test_damaged_cache_is_rebuilt_with_a_note(tmp_path: Path, spy: Spy, case: int) -> None:
    write(tmp_path / "lib" / "a.txt")
    cache = tmp_path / "index.idx"
    first = load_index([tmp_path / "lib"], cache)
    sound = cache.read_bytes()
    cache.write_bytes(_damaged(sound)[case])
    spy.calls.clear()
    index = load_index([tmp_path / "lib"], cache)
    assert index.articles == first.articles
    assert spy.calls == [tmp_path / "lib" / "a.txt"]
    assert "being built again" in index.note
    assert cache.read_bytes() == sound  # written back whole
    assert load_index([tmp_path / "lib"], cache).note == ""


def test_old_json_cache_is_removed_and_rebuilt(tmp_path: Path, spy: Spy) -> None:
    write(tmp_path / "lib" / "a.txt")
    old = tmp_path / "library-index.json"
    old.write_text('{"version": 3, "files": {}}')
    index = load_index([tmp_path / "lib"], tmp_path / "library.idx")
    assert not old.exists()
    assert "another version of reader" in index.note
    assert len(index.articles) == 1


def test_damaged_lines_are_read_again(tmp_path: Path, spy: Spy) -> None:
    a = write(tmp_path / "lib" / "a.txt")
    write(tmp_path / "lib" / "b.txt")
    cache = tmp_path / "index.idx"
    load_index([tmp_path / "lib"], cache)
    sound = cache.read_bytes()
    cache.write_bytes(sound.replace(b'/a.txt",', b"/a.txt\\x", 1))  # a.txt's line: bad JSON
    spy.calls.clear()
    index = load_index([tmp_path / "lib"], cache)
    assert spy.calls == [a]
    assert len(index.articles) == 2
    assert cache.read_bytes() == sound


def test_unwritable_cache_is_only_slower(tmp_path: Path, spy: Spy) -> None:
    write(tmp_path / "lib" / "a.txt")
    (tmp_path / "file").write_text("")
    index = load_index([tmp_path / "lib"], tmp_path / "file" / "index.idx")
    assert len(index.articles) == 1


def test_cache_format_bump_invalidates(
    tmp_path: Path, spy: Spy, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "lib" / "a.txt")
    cache = tmp_path / "index.idx"
    load_index([tmp_path / "lib"], cache)
    monkeypatch.setattr(library_cache, "FORMAT", library_cache.FORMAT + 1)
    spy.calls.clear()
    index = load_index([tmp_path / "lib"], cache)
    assert len(spy.calls) == 1
    assert "another version" in index.note


def test_cache_file_is_private(tmp_path: Path, spy: Spy) -> None:
    write(tmp_path / "lib" / "a.txt")
    cache = tmp_path / "cache" / "index.idx"
    load_index([tmp_path / "lib"], cache)
    assert cache.stat().st_mode & 0o077 == 0
    assert (tmp_path / "cache").stat().st_mode & 0o077 == 0


def test_cache_keeps_other_folders_and_forgets_deleted_files(tmp_path: Path, spy: Spy) -> None:
    one = write(tmp_path / "one" / "a.txt")
    two = write(tmp_path / "two" / "b.txt")
    gone = write(tmp_path / "one" / "gone.txt")
    cache = tmp_path / "index.idx"
    load_index([tmp_path / "one", tmp_path / "two"], cache)
    gone.unlink()
    load_index([tmp_path / "one"], cache)
    text = cache.read_text()
    assert str(one) in text and str(two) in text and str(gone) not in text
    spy.calls.clear()
    load_index([tmp_path / "one", tmp_path / "two"], cache)
    assert spy.calls == []


def test_parse_errors_are_problems_and_cached(
    tmp_path: Path, fake_parse: Reader, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "lib" / "bad.txt", "BROKEN")
    write(tmp_path / "lib" / "good.txt", "fine")
    cache = tmp_path / "index.idx"
    index = load_index([tmp_path / "lib"], cache)
    assert [Path(meta.path).name for meta in index.articles] == ["good.txt"]
    assert index.problems == [Problem(str(tmp_path / "lib" / "bad.txt"), "no text in it")]

    def fail(data: bytes, *, path: str, relative_path: str) -> ArticleMeta:
        raise AssertionError(f"parsed {path} again")

    monkeypatch.setattr(parallel, "quick_meta", fail)
    assert load_index([tmp_path / "lib"], cache) == index


def test_every_file_broken_gives_an_empty_index(tmp_path: Path, fake_parse: Reader) -> None:
    write(tmp_path / "a.txt", "BROKEN")
    write(tmp_path / "b.txt", "BROKEN")
    index = load_index([tmp_path])
    assert index.articles == []
    assert len(index.problems) == 2


def test_newest_first_then_undated_in_discovery_order(tmp_path: Path, fake_parse: Reader) -> None:
    write(tmp_path / "1.txt", "no date")
    write(tmp_path / "2.txt", "date: 2021-05-01")
    write(tmp_path / "3.txt", "no date")
    write(tmp_path / "4.txt", "date: 2023-01-01T10:00:00+02:00")
    write(tmp_path / "5.txt", "date: 2023-01-01T09:00:00Z")
    write(tmp_path / "6.txt", "date: not a date")
    write(tmp_path / "7.txt", "date: 2021-05-01")
    index = load_index([tmp_path])
    order = [Path(meta.path).name for meta in index.articles]
    assert order == ["5.txt", "4.txt", "2.txt", "7.txt", "1.txt", "3.txt", "6.txt"]


def test_same_id_under_two_roots_is_reported(tmp_path: Path, fake_parse: Reader) -> None:
    write(tmp_path / "one" / "a.txt", "x")
    write(tmp_path / "two" / "a.txt", "y")
    index = load_index([tmp_path / "one", tmp_path / "two"])
    assert len(index.articles) == 1
    assert "same article id" in index.problems[0].reason


def test_load_article_keeps_the_index_id(tmp_path: Path) -> None:
    write(tmp_path / "deep" / "er" / "x.txt", "A title\n\nFirst paragraph.\n\nSecond one.\n")
    index = load_index([tmp_path])
    meta = index.articles[0]
    article = load_article(meta)
    assert article.id == meta.id
    assert article.meta.path == meta.path
    assert "Second one." in article.body


def test_resolve_id() -> None:
    ids = ["abc1", "abc2", "abd", "ab"]
    assert resolve_id("ab", ids) == "ab"  # exact wins over prefix
    assert resolve_id("abd", ids) == "abd"
    assert resolve_id("abc2", ids) == "abc2"
    with pytest.raises(LookupError, match="matches 2"):
        resolve_id("abc", ids)
    with pytest.raises(LookupError, match="no article"):
        resolve_id("zzz", ids)


def test_bundled_seeds_and_default_roots(seeds_dir: Path, isolated_user: Path) -> None:
    assert bundled_seeds_dir() == seeds_dir
    assert default_roots() == [seeds_dir]
    library_dir().mkdir(parents=True)
    assert default_roots() == [seeds_dir, library_dir()]
    assert default_roots(isolated_user / "elsewhere") == [seeds_dir]
